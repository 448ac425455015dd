-- Unit tests of nginx/lua/idempotency_key.lua, outside nginx: `luajit nginx/test/idempotency_key_test.lua`
-- (make test-nginx). ngx.req and ngx.var are fakes holding one request.

package.path = "nginx/test/?.lua;" .. package.path
local harness = require("harness")
local test, eq = harness.test, harness.eq

-- The request: its method, the Idempotency-Key nginx read (nil: none) and the headers set.
local method, client_key, set_headers
local function request(m, key)
  method, client_key, set_headers = m, key, {}
end

_G.ngx = {
  req = {
    get_method = function() return method end,
    set_header = function(name, value) set_headers[name] = value end,
  },
  var = setmetatable({}, {
    __index = function(_, name)
      if name == "http_idempotency_key" then return client_key end
      if name == "request_id" then return "0123456789abcdef0123456789abcdef" end
    end,
  }),
}

local idempotency_key = require("idempotency_key")

test("a POST without a key gets nginx's, made from the request id", function()
  request("POST", nil)
  idempotency_key.ensure()
  eq(set_headers["Idempotency-Key"], "nginx-0123456789abcdef0123456789abcdef", "key sent")
  eq(#set_headers["Idempotency-Key"] <= 64, true, "within the contract's 64 characters")
end)

test("a client's key is left as it is, even an empty one", function()
  request("POST", "client-key-1")
  idempotency_key.ensure()
  eq(next(set_headers), nil, "headers set for a client key")
  request("POST", "")
  idempotency_key.ensure()
  eq(next(set_headers), nil, "headers set for an empty key (the service answers 400)")
end)

test("other methods get no key", function()
  for _, m in ipairs({ "GET", "HEAD", "PUT", "DELETE" }) do
    request(m, nil)
    idempotency_key.ensure()
    eq(next(set_headers), nil, "headers set for " .. m)
  end
end)

harness.finish("idempotency_key")

-- Unit tests of nginx/lua/swarm_balancer.lua, outside nginx: `luajit nginx/test/swarm_balancer_test.lua`
-- (make test-nginx). The nginx API it uses (ngx.socket.udp, timers, ngx.ctx, ngx.balancer) is
-- replaced by fakes; DNS answers are built byte by byte as Docker's DNS sends them.

package.path = "nginx/test/?.lua;" .. package.path
local harness = require("harness")
local test, eq = harness.test, harness.eq

local function u16(n)
  return string.char(math.floor(n / 256), n % 256)
end

local function name_bytes(name)
  local out = {}
  for label in name:gmatch("[^.]+") do
    out[#out + 1] = string.char(#label) .. label
  end
  return table.concat(out) .. "\0"
end

-- An answer to a query for name: one A record per address, each naming the question through a
-- compression pointer (offset 12), as Docker's DNS writes them.
local function answer(id, name, rcode, addresses, extra_records)
  local records = {}
  for _, address in ipairs(addresses) do
    local a, b, c, d = address:match("(%d+)%.(%d+)%.(%d+)%.(%d+)")
    records[#records + 1] = "\xC0\x0C" .. u16(1) .. u16(1) .. "\0\0\0\x3C" .. u16(4)
      .. string.char(tonumber(a), tonumber(b), tonumber(c), tonumber(d))
  end
  for _, record in ipairs(extra_records or {}) do
    records[#records + 1] = record
  end
  return u16(id) .. u16(0x8180 + rcode) .. u16(1) .. u16(#records) .. u16(0) .. u16(0)
    .. name_bytes(name) .. u16(1) .. u16(1) .. table.concat(records)
end

-- The fake nginx: DNS answers come from `dns` (name -> function(id) returning the bytes, or
-- nil and an error); timers run at once; the balancer records what it was told.
local dns, exits, peers, more_tries, logs = {}, {}, {}, {}, {}
local clock = 1 -- ngx.now()
local function fake_udp()
  local query_id, query_name
  return {
    settimeout = function() end,
    setpeername = function(_, host, port)
      eq(host .. ":" .. port, "127.0.0.11:53", "DNS server")
      return true
    end,
    send = function(_, query)
      query_id = query:byte(1) * 256 + query:byte(2)
      local labels, pos = {}, 13
      while query:byte(pos) > 0 do
        local len = query:byte(pos)
        labels[#labels + 1] = query:sub(pos + 1, pos + len)
        pos = pos + 1 + len
      end
      query_name = table.concat(labels, ".")
      return true
    end,
    receive = function()
      local respond = dns[query_name]
      if not respond then
        return nil, "timeout"
      end
      return respond(query_id)
    end,
    close = function() end,
  }
end

-- ngx.shared's dictionary, as the balancer uses it (get, incr with an initial value, set, delete,
-- get_keys).
local function fake_shared_dict()
  local values = {}
  return {
    get = function(_, key) return values[key] end,
    incr = function(_, key, by, init)
      if values[key] == nil then
        if init == nil then
          return nil, "not found"
        end
        values[key] = init
      end
      values[key] = values[key] + by
      return values[key]
    end,
    set = function(_, key, value) values[key] = value return true end,
    delete = function(_, key) values[key] = nil end,
    get_keys = function()
      local keys = {}
      for key in pairs(values) do
        keys[#keys + 1] = key
      end
      return keys
    end,
  }
end

_G.ngx = {
  shared = { swarm_in_flight = fake_shared_dict() },
  INFO = "info", WARN = "warn", ERR = "err", DECLINED = -5,
  ctx = {},
  now = function() return clock end,
  worker = { pid = function() return 1 end },
  log = function(_, ...) logs[#logs + 1] = table.concat({ ... }) end,
  socket = { udp = fake_udp },
  timer = {
    at = function(_, f, ...) f(false, ...) return true end,
    every = function() return true end,
  },
  exit = function(code) exits[#exits + 1] = code end,
}
package.preload["ngx.balancer"] = function()
  return {
    set_current_peer = function(host, port) peers[#peers + 1] = host .. ":" .. port return true end,
    set_more_tries = function(n) more_tries[#more_tries + 1] = n return true end,
  }
end

local balancer = require("swarm_balancer")

local function reset_request()
  ngx.ctx, exits, peers, more_tries = {}, {}, {}, {}
end

test("the query asks for the A records of the name, recursion desired", function()
  local query = balancer.build_query(0x1234, "int-service")
  eq(query, u16(0x1234) .. "\1\0" .. u16(1) .. u16(0) .. u16(0) .. u16(0)
    .. "\11int-service\0" .. u16(1) .. u16(1), "query bytes")
end)

test("an answer gives its addresses, sorted", function()
  local found = balancer.parse_answer(answer(7, "int-service", 0, { "10.0.1.9", "10.0.1.12" }), 7)
  eq(found, { "10.0.1.12", "10.0.1.9" }, "addresses")
end)

test("records other than A are skipped", function()
  local cname = "\xC0\x0C" .. u16(5) .. u16(1) .. "\0\0\0\x3C" .. u16(4) .. "\2ab\0"
  local found = balancer.parse_answer(answer(7, "x", 0, { "10.0.0.2" }, { cname }), 7)
  eq(found, { "10.0.0.2" }, "addresses")
end)

test("NXDOMAIN (a service with no task) is an empty list", function()
  eq(balancer.parse_answer(answer(7, "float-service", 3, {}), 7), {}, "addresses")
end)

test("another error code, another id or a cut message is a failure", function()
  local found, err = balancer.parse_answer(answer(7, "x", 2, {}), 7)
  eq(found, nil, "SERVFAIL")
  eq(err, "DNS error code 2", "reason")
  eq(balancer.parse_answer(answer(8, "x", 0, { "10.0.0.2" }), 7), nil, "other id")
  local whole = answer(7, "x", 0, { "10.0.0.2" })
  eq(balancer.parse_answer(whole:sub(1, #whole - 2), 7), nil, "cut record")
  eq(balancer.parse_answer(whole:sub(1, 10), 7), nil, "cut header")
end)

dns["int-service"] = function(id) return answer(id, "int-service", 0, { "10.0.1.7", "10.0.1.8" }) end
dns["float-service"] = function(id) return answer(id, "float-service", 3, {}) end
dns["combiner-service"] = function(id) return answer(id, "combiner-service", 0, { "10.0.2.4" }) end
balancer.start({ "int-service", "float-service", "combiner-service", "frontend-service" })

-- A new request: the first try's peer, and its tries as $upstream_addr lists them.
local function request(service)
  reset_request()
  balancer.balance(service, 8080)
  return peers[1]
end

local function ended(tries)
  balancer.done(table.concat(tries, ", "))
end

local LIMIT = 64 -- requests in flight to a task before the next gets any, over all workers

-- n tries of the address, as $upstream_addr would list them.
local function tries_of(address, n)
  local tries = {}
  for _ = 1, n do tries[#tries + 1] = address end
  return tries
end

test("the first task takes up to 64 requests at a time, the overflow goes to the next", function()
  local open = {}
  for _ = 1, LIMIT do
    open[#open + 1] = request("int-service")
    eq(more_tries, { 1 }, "one more try with two tasks")
  end
  eq(open[1], "10.0.1.7:8080", "first task")
  eq(open[LIMIT], "10.0.1.7:8080", "the limit's request")
  eq(request("int-service"), "10.0.1.8:8080", "one over the limit")
  ended({ open[1] })
  eq(request("int-service"), "10.0.1.7:8080", "once one ended")
  ended(open)
  ended({ "10.0.1.8:8080", "10.0.1.7:8080" })
  eq(balancer.in_flight("10.0.1.7"), 0, "first task's count, all ended")
  eq(balancer.in_flight("10.0.1.8"), 0, "second task's count, all ended")
end)

test("every task full: the least busy one, the first on a tie", function()
  for _ = 1, 2 * LIMIT do request("int-service") end
  eq(balancer.in_flight("10.0.1.8"), LIMIT, "second task's count")
  eq(request("int-service"), "10.0.1.7:8080", "a tie")
  eq(request("int-service"), "10.0.1.8:8080", "one more on the first")
  ended(tries_of("10.0.1.7:8080", LIMIT + 1))
  ended(tries_of("10.0.1.8:8080", LIMIT + 1))
  eq(balancer.in_flight("10.0.1.7") + balancer.in_flight("10.0.1.8"), 0, "all ended")
end)

test("a retry goes to the next task, and the failed one is passed over for a second", function()
  reset_request()
  balancer.balance("int-service", 8080)
  balancer.balance("int-service", 8080)
  eq(peers, { "10.0.1.7:8080", "10.0.1.8:8080" }, "tries")
  eq(#more_tries, 1, "more tries set once per request")
  ended(peers)
  eq(request("int-service"), "10.0.1.8:8080", "the failed task passed over")
  ended(peers)
  clock = clock + 1.5
  eq(request("int-service"), "10.0.1.7:8080", "the failed task again after a second")
  ended(peers)
end)

test("every task passed over: the least busy one", function()
  reset_request()
  balancer.balance("int-service", 8080) -- .7 fails
  balancer.balance("int-service", 8080) -- .8 fails
  balancer.balance("int-service", 8080) -- .7 again, the last try
  local first = peers
  eq(first, { "10.0.1.7:8080", "10.0.1.8:8080", "10.0.1.7:8080" }, "tries")
  eq(request("int-service"), "10.0.1.8:8080", "both passed over: .8 has fewer in flight")
  ended(first)
  ended(peers)
  clock = clock + 1.5
end)

test("an error page's redirect loses ngx.ctx; the tries still end, from $upstream_addr", function()
  request("int-service")
  reset_request() -- the internal redirect
  balancer.done("10.0.1.7:8080 : 10.0.2.4:8080") -- and a try of another group after it
  eq(balancer.in_flight("10.0.1.7"), 0, "count after the request ended")
  balancer.done(nil) -- a request that was never proxied
  eq(balancer.in_flight("10.0.1.7"), 0, "never below zero")
end)

test("a vanished task's count is dropped; back at that address it counts from its new requests", function()
  request("int-service")
  request("int-service")
  dns["int-service"] = function(id) return answer(id, "int-service", 0, { "10.0.1.8" }) end
  balancer.start({ "int-service" })
  eq(balancer.in_flight("10.0.1.7"), 0, "vanished task's count")
  dns["int-service"] = function(id) return answer(id, "int-service", 0, { "10.0.1.7", "10.0.1.8" }) end
  balancer.start({ "int-service" })
  eq(request("int-service"), "10.0.1.7:8080", "the address back")
  ended({ "10.0.1.7:8080", "10.0.1.7:8080" }) -- the two requests to the vanished task end
  eq(balancer.in_flight("10.0.1.7"), 0, "not below zero")
  request("int-service")
  eq(balancer.in_flight("10.0.1.7"), 1, "the next request counts from one")
  ended(peers)
  ended(peers)
end)

test("one task: no retry", function()
  reset_request()
  balancer.balance("combiner-service", 8080)
  eq(peers, { "10.0.2.4:8080" }, "peer")
  eq(more_tries, {}, "more tries")
end)

test("a service with no task, or never found, fails at once", function()
  reset_request()
  balancer.balance("float-service", 8080)
  eq(peers, {}, "no peer")
  eq(exits, { ngx.DECLINED }, "exit")
  reset_request()
  balancer.balance("frontend-service", 8080)
  eq(exits, { ngx.DECLINED }, "exit for a service never found")
end)

test("a failed look-up keeps the last addresses; NXDOMAIN drops them", function()
  dns["int-service"] = function() return nil, "timeout" end
  dns["combiner-service"] = function(id) return answer(id, "combiner-service", 3, {}) end
  balancer.start({ "int-service", "combiner-service" })
  reset_request()
  balancer.balance("int-service", 8080)
  eq(#peers, 1, "int-service still balanced")
  reset_request()
  balancer.balance("combiner-service", 8080)
  eq(exits, { ngx.DECLINED }, "combiner-service at 0")
  local warned = false
  for _, line in ipairs(logs) do
    warned = warned or line:find("looking up int-service failed (timeout)", 1, true) ~= nil
  end
  eq(warned, true, "the failed look-up is logged")
end)

harness.finish("swarm_balancer")

-- Makes a POST safe for nginx to send to another task: it carries an Idempotency-Key.
--
-- With kept-alive connections a POST can be written to a task that is stopping, which then
-- closes the connection without answering (the Ansible failover showed it: "upstream prematurely
-- closed connection"). nginx resends a POST only with `proxy_next_upstream ... non_idempotent`,
-- and that is safe only when a second delivery stores nothing new: the combiner stores at most
-- one product per Idempotency-Key (CONTRACT.md), and the frontend passes the key on. So a POST
-- without a key gets one here, made from nginx's request id; a resend carries the same one.
-- A client's own key, even an empty or repeated header, is left for the service to judge.

local _M = {}

local PREFIX = "nginx-" -- 6 + 32 hex characters, within the contract's 64

function _M.ensure()
  if ngx.req.get_method() ~= "POST" or ngx.var.http_idempotency_key ~= nil then
    return
  end
  ngx.req.set_header("Idempotency-Key", PREFIX .. ngx.var.request_id)
end

return _M

-- Load balancing over the tasks of Swarm services (endpoint_mode: dnsrr) with kept-alive
-- connections, and without reloads.
--
-- nginx 1.22 resolves the servers of an `upstream` group only when it loads its configuration,
-- and a `proxy_pass` with a variable (resolved per request) opens a new connection for every
-- request. Here each worker asks Docker's DNS for the address of every task of each service once
-- a second, from a timer, and `balancer_by_lua` picks one of them per request; the group's
-- `keepalive` pool then reuses an idle connection to that task. A task that goes away stops being
-- picked within a second; its idle connections are never picked again and close.
--
-- The pick is fill-first, as HAProxy's `balance first`: the first task in address order takes up
-- to MAX_IN_FLIGHT requests at a time, the overflow goes to the next task. The counts are shared
-- by the workers (`lua_shared_dict swarm_in_flight`), so the limit holds however the clients'
-- connections are spread over them. One busy task answers a request for less CPU than two half-busy
-- ones (bench/OPTIMISATIONS.md, 2026-12-05), and the others stay warm and ready to take over. A
-- task that failed a try (`proxy_next_upstream`: refused, closed, timed out) is passed over for
-- BACKOFF_SECONDS, so a dead task costs one failed try per second and worker, not one per request.
--
-- DNS answers, as the frontend's SwarmDnsServiceDiscovery reads them: NXDOMAIN means the service
-- has no running task (requests fail at once); any other failure keeps the last answer.

local _M = {}

local DNS_SERVER = "127.0.0.11" -- Docker's embedded DNS, inside every container
local DNS_TIMEOUT_MS = 1000
local REFRESH_SECONDS = 1
local MAX_TRIES = 3 -- as proxy_next_upstream_tries
-- Below the frontend's bulkhead (32 running and 64 waiting calls per operation), and as the
-- groups' `keepalive` pools: every connection a full task holds can be kept open.
local MAX_IN_FLIGHT = 64
local BACKOFF_SECONDS = 1

local TYPE_A, CLASS_IN = 1, 1
local RCODE_NXDOMAIN = 3

local addresses = {} -- service name -> sorted array of IPv4 addresses ("10.0.1.5")
local passed_over_until = {} -- address -> ngx.now() until which this worker does not pick it first
local counts = ngx.shared.swarm_in_flight -- address -> requests in flight there, all workers

local byte, char = string.byte, string.char

local function u16(msg, pos)
  local hi, lo = byte(msg, pos, pos + 1)
  return hi * 256 + lo
end

-- A standard query (recursion desired) for the A records of name (RFC 1035, 4.1).
function _M.build_query(id, name)
  local labels = {}
  for label in string.gmatch(name, "[^.]+") do
    labels[#labels + 1] = char(#label) .. label
  end
  return char(math.floor(id / 256), id % 256, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0)
    .. table.concat(labels) .. "\0"
    .. char(0, TYPE_A, 0, CLASS_IN)
end

-- The position just after the name that starts at pos (labels, or a compression pointer).
local function skip_name(msg, pos)
  while true do
    local len = byte(msg, pos)
    if not len then
      return nil
    elseif len == 0 then
      return pos + 1
    elseif len >= 0xC0 then
      return pos + 2
    end
    pos = pos + 1 + len
  end
end

-- The IPv4 addresses in an answer to the query with this id, sorted; an empty array for
-- NXDOMAIN; nil and a reason for anything else (another id, an error code, a cut message).
function _M.parse_answer(msg, id)
  if #msg < 12 then
    return nil, "short answer (" .. #msg .. " bytes)"
  end
  if u16(msg, 1) ~= id then
    return nil, "answer to another query"
  end
  local flags = u16(msg, 3)
  local rcode = flags % 16
  if rcode == RCODE_NXDOMAIN then
    return {}
  elseif rcode ~= 0 then
    return nil, "DNS error code " .. rcode
  end
  local questions, answers = u16(msg, 5), u16(msg, 7)
  local pos = 13
  for _ = 1, questions do
    pos = skip_name(msg, pos)
    if not pos then
      return nil, "cut question"
    end
    pos = pos + 4
  end
  local found = {}
  for _ = 1, answers do
    pos = skip_name(msg, pos)
    if not pos or pos + 10 > #msg + 1 then
      return nil, "cut answer"
    end
    local rtype, class, length = u16(msg, pos), u16(msg, pos + 2), u16(msg, pos + 8)
    pos = pos + 10
    if pos + length > #msg + 1 then
      return nil, "cut record"
    end
    if rtype == TYPE_A and class == CLASS_IN and length == 4 then
      found[#found + 1] = table.concat({ byte(msg, pos, pos + 3) }, ".")
    end
    pos = pos + length
  end
  table.sort(found)
  return found
end

local function resolve(name)
  local sock = ngx.socket.udp()
  sock:settimeout(DNS_TIMEOUT_MS)
  local ok, err = sock:setpeername(DNS_SERVER, 53)
  if not ok then
    return nil, err
  end
  local id = math.random(0, 65535)
  ok, err = sock:send(_M.build_query(id, name))
  local answer
  if ok then
    answer, err = sock:receive()
  end
  sock:close()
  if not answer then
    return nil, err
  end
  return _M.parse_answer(answer, id)
end

-- Requests sent to the address and not yet ended, by all workers.
local function in_flight(address)
  local count = counts:get(address)
  return count and count > 0 and count or 0
end

-- Counts and back-offs of tasks no service lists any more. A vanished task takes no new request;
-- the ends of those still in flight to it find no count to lower.
local function forget_vanished()
  local listed = {}
  for _, list in pairs(addresses) do
    for _, address in ipairs(list) do
      listed[address] = true
    end
  end
  for _, address in ipairs(counts:get_keys(0)) do
    if not listed[address] then
      counts:delete(address)
    end
  end
  for address in pairs(passed_over_until) do
    if not listed[address] then
      passed_over_until[address] = nil
    end
  end
end

local function refresh(premature, services)
  if premature then
    return
  end
  local changed = false
  for _, service in ipairs(services) do
    local found, err = resolve(service)
    if found then
      local before = addresses[service]
      if not before or table.concat(before, " ") ~= table.concat(found, " ") then
        ngx.log(ngx.INFO, service, " tasks: ", #found == 0 and "none" or table.concat(found, " "))
        changed = true
      end
      addresses[service] = found
    else
      ngx.log(ngx.WARN, "looking up ", service, " failed (", err, "); keeping its last addresses")
    end
  end
  if changed then
    forget_vanished()
  end
end

-- init_worker_by_lua: look the services up now, then every REFRESH_SECONDS.
function _M.start(services)
  math.randomseed(ngx.now() * 1000 + ngx.worker.pid())
  assert(ngx.timer.at(0, refresh, services))
  assert(ngx.timer.every(REFRESH_SECONDS, refresh, services))
end

-- The index in list of the task to try first: the first one with room that is not passed over;
-- when every such task is full, the least busy of them; when every task is passed over, the
-- least busy of all.
local function first_pick(list, now)
  local least, least_count, least_any, least_any_count
  for i, address in ipairs(list) do
    local count = in_flight(address)
    if (passed_over_until[address] or 0) <= now then
      if count < MAX_IN_FLIGHT then
        return i
      end
      if not least or count < least_count then
        least, least_count = i, count
      end
    end
    if not least_any or count < least_any_count then
      least_any, least_any_count = i, count
    end
  end
  return least or least_any
end

-- balancer_by_lua of a service's upstream group: the first task with room (see the top); on a
-- retry (proxy_next_upstream) the task after the one that failed, which is passed over for a
-- while. No task: 502 at once.
function _M.balance(service, port)
  local balancer = require("ngx.balancer")
  local ctx = ngx.ctx
  local pick = ctx.swarm_pick
  local list = ctx.swarm_addresses
  if not pick then
    list = addresses[service]
    if not list or #list == 0 then
      ngx.log(ngx.ERR, service, " has no running task")
      -- DECLINED: nginx counts a failed try and, with none left, answers 502 (an HTTP status
      -- here would become 500).
      return ngx.exit(ngx.DECLINED)
    end
    pick = first_pick(list, ngx.now())
    ctx.swarm_addresses = list
    if #list > 1 then
      balancer.set_more_tries(math.min(#list, MAX_TRIES) - 1)
    end
  else
    passed_over_until[list[pick]] = ngx.now() + BACKOFF_SECONDS
    pick = pick % #list + 1
  end
  ctx.swarm_pick = pick
  local address = list[pick]
  local ok, err = balancer.set_current_peer(address, port)
  if not ok then
    ngx.log(ngx.ERR, "cannot use ", address, " for ", service, ": ", err)
    return ngx.exit(500)
  end
  local count = counts:incr(address, 1, 0)
  if count and count < 1 then
    -- Below zero: ends of requests counted before a vanished task's count was dropped, and this
    -- address came back. Start again from this request.
    counts:set(address, 1)
  end
end

-- log_by_lua, for every request: each of its tries no longer counts against its task. The tries
-- are read from $upstream_addr ("10.0.1.5:8080, 10.0.1.6:8080"), not from ngx.ctx, which an
-- error_page's internal redirect empties.
function _M.done(upstream_addr)
  if not upstream_addr then
    return
  end
  for address in string.gmatch(upstream_addr, "(%d+%.%d+%.%d+%.%d+):%d+") do
    counts:incr(address, -1) -- no count (the task vanished meanwhile): nothing to lower
  end
end

-- Requests in flight to the address (for the tests).
_M.in_flight = in_flight

return _M

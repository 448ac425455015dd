-- wrk script of the fault tests (scripts/lib/load.sh): POST /api/generate at a steady pace, each
-- request with its own Idempotency-Key "<prefix>-<n>" (listed in LOG.sent as it is sent), and one
-- line per answer in LOG: "<epoch s> <status> <product id or -> <detail of a problem>".
-- Arguments after "--": LOG RATE PREFIX. Requests start on a fixed schedule, one every 1000/RATE
-- ms: before each request a connection takes the next free slot and waits for it, so the load
-- never runs above RATE (nginx's limit for the API is 50/s per client; fast 503s during an outage
-- must not push the load over it) and a slow answer only delays the connection that waits for it.
-- A slot missed while every connection was busy is not made up later. Socket errors never reach
-- response(); done() prints their count. Run it with one wrk thread: the schedule is per thread.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } timespec_t;
  int clock_gettime(int clock_id, timespec_t *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("timespec_t")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local out, sent, interval_ms, prefix
local counter, next_slot = 0, 0

function init(args)
  out = assert(io.open(args[1], "a"))
  sent = assert(io.open(args[1] .. ".sent", "a"))
  interval_ms = 1000 / (tonumber(args[2]) or 50)
  prefix = args[3] or "load"
end

function delay()
  local t = now_ms()
  local slot = math.max(t, next_slot)
  next_slot = slot + interval_ms
  return math.floor(slot - t + 0.5)
end

function request()
  counter = counter + 1
  local key = prefix .. "-" .. counter
  sent:write(key, "\n")
  sent:flush()
  return wrk.format("POST", "/api/generate",
    { ["Accept"] = "application/json", ["Idempotency-Key"] = key }, "")
end

function response(status, headers, body)
  local id = body:match('"id"%s*:%s*(%d+)') or "-"
  local detail = ""
  if status >= 300 then
    detail = (body:match('"detail"%s*:%s*"([^"]*)"') or ""):sub(1, 120)
  end
  out:write(string.format("%d %d %s %s\n", os.time(), status, id, detail))
  out:flush()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

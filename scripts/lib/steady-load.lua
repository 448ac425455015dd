-- wrk script of the fault tests (scripts/lib/load.sh): POST /api/generate at a steady pace, each
-- request with its own Idempotency-Key "<prefix>-<n>" (listed in LOG.sent as it is sent), and one
-- line per answer in LOG: "<epoch s> <status> <product id or -> <detail of a problem>".
-- Arguments after "--": LOG PAUSE_MS RATE PREFIX. Every connection pauses PAUSE_MS between its
-- requests and no more than RATE requests start in one second. Socket errors never reach
-- response(); done() prints their count.
local out, sent, pause_ms, rate, prefix
local counter, second, started = 0, 0, 0

function init(args)
  out = assert(io.open(args[1], "a"))
  sent = assert(io.open(args[1] .. ".sent", "a"))
  pause_ms = tonumber(args[2]) or 100
  rate = tonumber(args[3]) or 50
  prefix = args[4] or "load"
end

function delay()
  if os.time() == second and started >= rate then
    return 20
  end
  return pause_ms
end

function request()
  local now = os.time()
  if now ~= second then
    second, started = now, 0
  end
  started = started + 1
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

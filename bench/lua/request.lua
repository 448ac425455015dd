-- wrk script of the benchmark (bench/run.sh): one request shape per run, from the environment,
-- and a JSON summary on stdout that run.sh reads (wrk's own text report is not parsed).
--   BENCH_METHOD   GET (default) or POST
--   BENCH_BODY     request body (POST), sent as application/json; empty: Content-Length 0
--   BENCH_HEADERS  extra headers, "Name: value" separated by "|"
--   BENCH_KEY_PREFIX  when set, every request carries its own Idempotency-Key: this prefix, then
--                  "<BENCH_RUN>-<thread>-<count>" (run.sh sets BENCH_RUN for each wrk run), so
--                  that the products it stores can be told from anyone else's and deleted
-- Every answer's status is counted per thread (response()), so the summary separates 2xx, 201,
-- 429 and other statuses; wrk's own error counters cover sockets (connect, read, write, timeout).

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
local extra = os.getenv("BENCH_HEADERS") or ""
local key_prefix = os.getenv("BENCH_KEY_PREFIX")
if key_prefix then
  key_prefix = key_prefix .. (os.getenv("BENCH_RUN") or os.time()) .. "-"
end

wrk.method = method
if method == "POST" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Content-Length"] = tostring(#body)
end
for header in string.gmatch(extra, "[^|]+") do
  local name, value = string.match(header, "^%s*([^:]+):%s*(.-)%s*$")
  if name then
    wrk.headers[name] = value
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

if key_prefix then
  local sent = 0
  -- wrk.format per request costs some client CPU (outside every container); without a prefix,
  -- wrk sends its one pre-built request.
  function request()
    sent = sent + 1
    wrk.headers["Idempotency-Key"] = key_prefix .. thread_id .. "-" .. sent
    return wrk.format()
  end
end

-- Per thread (each has its own Lua state): counters that done() collects through thread:get.
ok2xx, created, limited, other = 0, 0, 0, 0

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  end
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
  elseif status == 429 then
    limited = limited + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c = { ok2xx = 0, created = 0, limited = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(c) do
      c[key] = c[key] + (thread:get(key) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"status_2xx":%d,"status_201":%d,' ..
      '"status_429":%d,"status_other":%d,"socket_errors":%d,"timeouts":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, c.ok2xx, c.created, c.limited, c.other,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end

#!/usr/bin/env bash
# A steady load through nginx for the fault tests: wrk posting /api/generate at about RATE
# requests/s, each request with its own Idempotency-Key, every key and every answer logged by
# scripts/lib/steady-load.lua. Source it after common.sh.

LOAD_PID=""
LOAD_LOG=""
LOAD_SUMMARY=""
LOAD_KEY_PREFIX=""

# load_start LOG [RATE] [MAX_SECONDS]: starts the load in the background; LOG gets one line per
# answer ("<epoch s> <status> <id or -> <detail>"), LOG.sent the keys sent ("<LOAD_KEY_PREFIX>-<n>"),
# LOG.summary wrk's summary when it stops. The script starts requests on a fixed schedule of RATE
# per second, over 10 connections so that slow answers do not lower the rate.
load_start() {
  local rate="${2:-50}" max="${3:-600}" connections=10
  LOAD_LOG="$1"
  LOAD_SUMMARY="$1.summary"
  LOAD_KEY_PREFIX="load-$(date +%s%N)"
  : >"$LOAD_LOG"
  : >"$LOAD_LOG.sent"
  wrk -t1 -c"$connections" -d"${max}s" --timeout 10s -s "$ROOT/scripts/lib/steady-load.lua" \
    "${BASE_URL:-https://localhost}" -- "$LOAD_LOG" "$rate" "$LOAD_KEY_PREFIX" >"$LOAD_SUMMARY" 2>&1 &
  LOAD_PID=$!
}

# load_stop: wrk ends on SIGINT and prints its summary; waits (bounded) for it.
load_stop() {
  [[ -n "$LOAD_PID" ]] || return 0
  kill -INT "$LOAD_PID" 2>/dev/null || true
  local deadline=$(($(now) + 15))
  while kill -0 "$LOAD_PID" 2>/dev/null && (($(now) < deadline)); do sleep 0.2; done
  kill -KILL "$LOAD_PID" 2>/dev/null || true
  wait "$LOAD_PID" 2>/dev/null || true
  LOAD_PID=""
}

# load_socket_errors: connect + read + write + timeout errors of the stopped load.
load_socket_errors() {
  awk '/^socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10; found = 1 }
    END { if (!found) print 0 }' "$LOAD_SUMMARY"
}

# load_count FROM TO [AWK_CONDITION]: answers logged in [FROM, TO] (epoch s) matching the
# condition on $2 (status), e.g. '$2 != 201'.
load_count() {
  awk -v from="$1" -v to="$2" "\$1 >= from && \$1 <= to && (${3:-1}) { n++ } END { print n + 0 }" "$LOAD_LOG"
}

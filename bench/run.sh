#!/usr/bin/env bash
# shellcheck disable=SC2016  # jq programs: their $variables are jq's, not the shell's
# The benchmark (make bench, issue 7): against the local stack (deployed with scripts/up.sh when it
# is not up), in one run, it measures
#   - POST /api/generate through nginx over HTTPS, with the rows PostgreSQL stored, with the
#     services as deployed and again with one task of each;
#   - the ceilings: nginx answering its static /health over HTTPS, and pgbench doing one single-row
#     INSERT per transaction into a scratch table of the same database;
#   - each service alone: GET /api/int, GET /api/float, POST /api/products straight to one task;
#   - per service: time from container start to ready, and RSS of the java process idle and
#     under load;
#   - the CPU the stack spends with no load at all (health checks, timers, the engine);
# at each concurrency of BENCH_LEVELS, and writes bench/results/<time>/{results.md,results.json,
# chart.svg}, copied to bench/results/latest/.
#
# Where the load comes from: wrk and pgbench run on this machine (outside every container's CPU
# limit), each inside the network namespace of the container it measures (nsenter -n), so they
# reach it on its loopback: nginx at https://127.0.0.1/, a service task at http://127.0.0.1:8080,
# PostgreSQL at 127.0.0.1:5432. The stack's overlay networks are not attachable and the services
# publish no port, so this is the way to reach one task straight, without the proxy in between.
# It also gives the benchmark's client the address 127.0.0.1 as nginx sees it, which nobody else
# can have: nginx.conf exempts exactly that address from rate limiting (geo $rate_limit_exempt);
# every client from outside (the host's own curl arrives as the docker_gwbridge gateway) stays
# limited.
#
#   BENCH_LEVELS="8 32 64"   concurrencies (wrk connections, pgbench clients)
#   BENCH_DURATION=15        seconds measured per level
#   BENCH_WARMUP=30          least seconds of warm-up per target, at the highest level (not
#                            counted); then 10-s rounds until three in a row have not beaten the
#                            best round by more than 5%, at most BENCH_WARMUP_MAX=300 s in all.
#                            The JIT of eight JVMs on 2 cores needs minutes: Generate went from 45
#                            to 600 req/s over the 130 s after a deploy, rising 2-20% a round, so
#                            a fixed 30 s measured cold code.
#   BENCH_WARMUP_GENERATE=120  least seconds of warm-up for the Generate targets: on a slow hour
#                            the rounds rose less than 5% for 30 s while the JIT was still at work
#                            (163 req/s at 80 s, 552-793 with 120 s right after, 2026-12-05).
#   BENCH_ONLY=all           or a comma list of: idle,startup,pgbench,static,services,generate,
#                            generate_one_task (Generate again with one task of each service,
#                            scaled down with docker service scale and back up afterwards)
#   BENCH_IDLE=30            seconds of the idle measurement, after BENCH_IDLE_SETTLE=20 s quiet
#   BENCH_OUT=bench/results  where the timestamped folder goes
#   BENCH_STARTUP_UPDATE=--force  flags of `docker service update` that roll each service
set -euo pipefail

usage() {
  echo "usage: [BENCH_LEVELS='8 32 64'] [BENCH_DURATION=15] [BENCH_WARMUP=30] [BENCH_WARMUP_MAX=300]" \
    "[BENCH_WARMUP_GENERATE=120] [BENCH_IDLE=30] [BENCH_ONLY=all|idle,startup,pgbench,static,services,generate,generate_one_task] $0" >&2
}
[[ $# -eq 0 ]] || { usage; exit 2; }

SCRIPT_NAME=bench
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/../scripts/lib/common.sh"

read -r -a LEVELS <<<"${BENCH_LEVELS:-8 32 64}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-30}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-300}"
WARMUP_GENERATE="${BENCH_WARMUP_GENERATE:-120}"
WARMUP_ROUND=10
WARMUP_TOLERANCE_PCT=5
WARMUP_CALM=3
ONLY="${BENCH_ONLY:-all}"
IDLE="${BENCH_IDLE:-30}"
IDLE_SETTLE="${BENCH_IDLE_SETTLE:-20}"
# How the start-up phase rolls each service: --force by default; other flags (e.g.
# "--env-add JAVA_APPCDS=off") compare a setting's start-up against the default's.
read -r -a STARTUP_UPDATE <<<"${BENCH_STARTUP_UPDATE:---force}"
OUT_ROOT="${BENCH_OUT:-$ROOT/bench/results}"
LUA="$ROOT/bench/lua/request.lua"
THREADS=2
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$OUT_ROOT/$STAMP"
RAW="$OUT/raw.jsonl"
PRODUCT_BODY='{"intValue":7,"floatValue":1.5}'

wants() { [[ "$ONLY" == all || ",$ONLY," == *",$1,"* ]]; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Appends one JSON record (jq arguments build it) to the raw results.
record() { jq -cn "$@" >>"$RAW"; }

# The running containers of one service of the stack, oldest first.
containers_of() {
  docker ps --filter "label=com.docker.swarm.service.name=${STACK_NAME}_$1" \
    --format '{{.CreatedAt}}\t{{.ID}}' | sort | cut -f2
}

pid_of() { docker inspect -f '{{.State.Pid}}' "$1"; }

stack_is_up() {
  [[ -n "$(containers_of nginx)" ]] && curl -fsk -o /dev/null --max-time 5 https://localhost/health
}

ensure_stack() {
  if stack_is_up; then
    log "the stack $STACK_NAME is up: measuring it as it is"
  else
    log "the stack $STACK_NAME is not up: deploying it with scripts/up.sh"
    "$ROOT/scripts/up.sh"
  fi
  NGINX_C="$(containers_of nginx | head -n 1)"
  PG_C="$(postgres_container 60)" || die "no PostgreSQL task answers"
  # (grep -c reads it all: grep -q would stop early and fail the pipeline with SIGPIPE)
  [[ "$(docker exec "$NGINX_C" nginx -T 2>/dev/null | grep -c 'rate_limit_exempt')" -gt 0 ]] ||
    die "the deployed nginx has no rate-limit exemption (nginx.conf, geo \$rate_limit_exempt): redeploy with scripts/up.sh"
}

psql_db() { docker exec -i "$PG_C" psql -q -v ON_ERROR_STOP=1 -At -U generator -d generator "$@"; }

# "<product rows> <transactions committed so far>", in one call (the statistics lag by up to a
# second). The rows are counted in the table itself, not taken from the running totals the API
# reads: "every acknowledged product stored" is checked against what is durable.
rows_and_commits() {
  psql_db -F ' ' -c 'SELECT (SELECT count(*) FROM product), xact_commit
    FROM pg_stat_database WHERE datname = current_database()'
}

# Every product the benchmark stores carries an Idempotency-Key starting with this (request.lua),
# so that it can delete them all afterwards, and the ones of an interrupted run next time.
BENCH_KEY_PREFIX=bench-

delete_bench_products() {
  local deleted
  log "deleting the products stored by benchmarks (Idempotency-Key $BENCH_KEY_PREFIX*)"
  deleted="$(psql_db -c "WITH gone AS (DELETE FROM product WHERE idempotency_key LIKE '$BENCH_KEY_PREFIX%' RETURNING 1) SELECT count(*) FROM gone")" ||
    { warn "could not delete the benchmark's products"; return 0; }
  log "deleted $deleted products"
}

# run_wrk CONTAINER URL CONCURRENCY SECONDS [VAR=value...]: the JSON summary of request.lua.
run_wrk() {
  local container="$1" url="$2" conc="$3" seconds="$4" out
  shift 4
  # BENCH_RUN: makes the Idempotency-Keys of a keyed target (BENCH_KEY_PREFIX) unique per wrk run.
  out="$(env BENCH_RUN="$(date +%s%N)" "$@" nsenter -t "$(pid_of "$container")" -n \
    wrk -t "$THREADS" -c "$conc" -d "${seconds}s" --timeout 10s -s "$LUA" "$url")" ||
    die "wrk failed against $url"
  sed -n 's/^BENCH_JSON //p' <<<"$out"
}

# rate_of JSON: requests/s of a run_wrk summary, whole.
rate_of() { jq -r '.requests * 1000000 / .duration_us | floor' <<<"$1"; }

# warm_up NAME CONTAINER URL [VAR=value...]: WARMUP seconds at the highest level (WARMUP_GENERATE
# for the Generate targets, if more), then rounds until the rate is steady or WARMUP_MAX is spent;
# records how long it took. Steady: WARMUP_CALM rounds in a row without a rate more than 5% above
# the best round so far. (Comparing a round with the one two before, as this did first, called a
# cold stack steady at 86 req/s after a dip, on its way from 69 to several hundred.)
warm_up() {
  local name="$1" container="$2" url="$3" conc="${LEVELS[-1]}" spent rate steady=false
  local best=0 calm=0 least="$WARMUP"
  shift 3
  [[ "$name" != generate* ]] || ((least >= WARMUP_GENERATE)) || least="$WARMUP_GENERATE"
  log "$name: warm-up ${least}s at $conc connections, then ${WARMUP_ROUND}-s rounds until steady (at most ${WARMUP_MAX}s)"
  run_wrk "$container" "$url" "$conc" "$least" "$@" >/dev/null
  spent="$least"
  while ((spent + WARMUP_ROUND <= WARMUP_MAX)); do
    rate="$(rate_of "$(run_wrk "$container" "$url" "$conc" "$WARMUP_ROUND" "$@")")"
    spent=$((spent + WARMUP_ROUND))
    if ((rate * 100 > best * (100 + WARMUP_TOLERANCE_PCT))); then
      calm=0
    else
      calm=$((calm + 1))
    fi
    ((rate <= best)) || best="$rate"
    log "$name: warm-up round at ${spent}s: $rate req/s (best $best, $calm of $WARMUP_CALM rounds without a gain)"
    if ((calm >= WARMUP_CALM)); then
      steady=true
      break
    fi
  done
  record --arg t "$name" --argjson s "$spent" --argjson steady "$steady" \
    --argjson round "$WARMUP_ROUND" --argjson tolerance "$WARMUP_TOLERANCE_PCT" \
    --argjson calm "$WARMUP_CALM" \
    '{kind: "warmup", target: $t, seconds: $s, steady: $steady, round_s: $round, tolerance_pct: $tolerance,
      calm_rounds: $calm}'
}

# The cpuacct usage file of every task of nginx, the four services and postgres, one "service id
# file" line each; resolved once per measured level, so that the snapshots stay cheap.
cpu_sources() {
  local svc c cgroup
  for svc in nginx "${SERVICES[@]}" postgres; do
    for c in $(containers_of "$svc"); do
      cgroup="$(awk -F: '$2 ~ /(^|,)cpuacct(,|$)/ { print $3 }' "/proc/$(pid_of "$c")/cgroup")"
      echo "$svc $c /sys/fs/cgroup/cpuacct$cgroup/cpuacct.usage"
    done
  done
}

# cpu_snapshot SOURCES: CPU time used so far, in microseconds, one "where id usec" line each:
# every task of SOURCES; the container engine (dockerd, containerd and the shims: their own time,
# not that of the short-lived runc processes every `docker exec` of a health check starts, which
# a shim reaps together with the check's own process, counted in its container already); the
# whole machine (/proc/stat: user, system, interrupts; it adds wrk, runc, the kernel's network
# work), steal (the hypervisor ran someone else while we were runnable: this machine's noise) and
# the wall clock.
cpu_snapshot() {
  local svc c file pid
  while read -r svc c file; do
    awk -v s="$svc" -v c="$c" '{ printf "%s %s %.0f\n", s, c, $1 / 1000 }' "$file" 2>/dev/null || true
  done <<<"$1"
  # The kernel cuts a process's name to 15 characters: containerd-shim-runc-v2 is containerd-shim.
  for pid in $(pgrep -x 'dockerd|containerd|containerd-shim' || true); do
    # Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null |
      awk -v p="$pid" -v hz="$(getconf CLK_TCK)" '{ printf "engine %s %.0f\n", p, ($12 + $13) * 1000000 / hz }' ||
      true
  done
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" {
    printf "machine - %.0f\nsteal - %.0f\n", ($2 + $3 + $4 + $7 + $8) * 1000000 / hz, $9 * 1000000 / hz
  }' /proc/stat
  echo "wall - $(($(date +%s%N) / 1000))"
}

# cpu_used BEFORE AFTER: a JSON object of the milliseconds spent between two snapshots, per
# service (its tasks summed), for the machine, stolen, and of wall clock; a task that came or went
# in between is left out.
cpu_used() {
  awk 'NR == FNR { before[$1 " " $2] = $3; next }
    ($1 " " $2) in before { used[$1] += $3 - before[$1 " " $2] }
    END { for (s in used) printf "%s %.1f\n", s, used[s] / 1000 }' <(echo "$1") <(echo "$2") |
    jq -Rn '[inputs | split(" ") | {(.[0]): (.[1] | tonumber)}] | add'
}

# Whether target NAME stores products (its rows are counted around each level).
stores_rows() { [[ "$1" == generate* || "$1" == products ]]; }

# wrk_target NAME CONTAINER URL [VAR=value...]: warm-up, then every level; product rows are
# counted around each level when the target stores them (generate, generate_one_task, products),
# and the CPU time every container and the machine spent during it.
wrk_target() {
  local name="$1" container="$2" url="$3" conc json before after commits_before commits_after
  local sources cpu_before cpu_after
  shift 3
  warm_up "$name" "$container" "$url" "$@"
  for conc in "${LEVELS[@]}"; do
    before=null after=null commits_before=null commits_after=null
    ! stores_rows "$name" || read -r before commits_before <<<"$(rows_and_commits)"
    sources="$(cpu_sources)"
    cpu_before="$(cpu_snapshot "$sources")"
    json="$(run_wrk "$container" "$url" "$conc" "$DURATION" "$@")"
    cpu_after="$(cpu_snapshot "$sources")"
    ! stores_rows "$name" || { sleep 1; read -r after commits_after <<<"$(rows_and_commits)"; }
    record --arg t "$name" --argjson c "$conc" --argjson w "$json" --argjson b "$before" \
      --argjson a "$after" --argjson cb "$commits_before" --argjson ca "$commits_after" \
      --arg load "$(loadavg)" --argjson cpu "$(cpu_used "$cpu_before" "$cpu_after")" \
      '{kind: "wrk", target: $t, concurrency: $c, rows_before: $b, rows_after: $a,
        commits_before: $cb, commits_after: $ca, loadavg: $load, cpu_ms: $cpu} + $w'
    log "$name c=$conc: $(jq -r '"\(.requests * 1000000 / .duration_us | floor) req/s, p50 \(.p50_us / 1000) ms, p99 \(.p99_us / 1000) ms, 2xx \(.status_2xx), 429 \(.status_429), other \(.status_other), socket errors \(.socket_errors + .timeouts)"' <<<"$json")"
  done
}

measure_static() {
  wrk_target static "$NGINX_C" https://127.0.0.1/health
}

# measure_generate [NAME]: POST /api/generate through nginx, recorded as NAME (generate).
measure_generate() {
  wrk_target "${1:-generate}" "$NGINX_C" https://127.0.0.1/api/generate BENCH_METHOD=POST \
    "BENCH_KEY_PREFIX=$BENCH_KEY_PREFIX"
}

# The deployed task counts ("stack_service=N" each), put back by restore_scale.
DEPLOYED_SCALE=()

restore_scale() {
  ((${#DEPLOYED_SCALE[@]} > 0)) || return 0
  log "scaling the services back to ${DEPLOYED_SCALE[*]#"${STACK_NAME}_"}"
  docker service scale "${DEPLOYED_SCALE[@]}" >/dev/null || warn "could not scale back: ${DEPLOYED_SCALE[*]}"
  DEPLOYED_SCALE=()
}

# Generate with one task of each service: on one 2-core node the second tasks add each JVM's own
# background work and split the load so thin that each request costs more CPU
# (bench/OPTIMISATIONS.md); what they buy is surviving a task's crash and, on several nodes, a
# node's. The tasks that stay are warm; the ones scaled back up afterwards start cold.
measure_generate_one_task() {
  local svc one=()
  for svc in "${SERVICES[@]}"; do
    DEPLOYED_SCALE+=("${STACK_NAME}_$svc=$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "${STACK_NAME}_$svc")")
    one+=("${STACK_NAME}_$svc=1")
  done
  log "generate_one_task: scaling ${SERVICES[*]} to one task each (waits until converged)"
  docker service scale "${one[@]}" >/dev/null
  measure_generate generate_one_task
  restore_scale
}

measure_services() {
  wrk_target int "$(containers_of int-service | head -n 1)" http://127.0.0.1:8080/api/int
  wrk_target float "$(containers_of float-service | head -n 1)" http://127.0.0.1:8080/api/float
  wrk_target products "$(containers_of combiner-service | head -n 1)" \
    http://127.0.0.1:8080/api/products BENCH_METHOD=POST "BENCH_BODY=$PRODUCT_BODY" \
    "BENCH_KEY_PREFIX=$BENCH_KEY_PREFIX"
}

# pgbench from this machine's PostgreSQL client, in the database container's network namespace,
# over TCP like the combiner (the password from the container's own secret, through the
# environment). One single-row INSERT per transaction into a scratch table shaped like product.
measure_pgbench() {
  local script="$OUT/pgbench-insert.sql" conc free password out tps lat
  cat >"$script" <<'SQL'
\set i random(-1000, 1000)
INSERT INTO bench_pgbench_insert (int_value, float_value, product, outcome) VALUES (:i, 1.5, :i * 1.5, 'MISS');
SQL
  psql_db <<'SQL'
DROP TABLE IF EXISTS bench_pgbench_insert;
CREATE TABLE bench_pgbench_insert (id bigserial PRIMARY KEY, int_value integer NOT NULL,
  float_value double precision NOT NULL, product double precision NOT NULL, outcome text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now());
SQL
  password="$(docker exec "$PG_C" cat /run/secrets/db_password)"
  local pg_pid
  pg_pid="$(pid_of "$PG_C")"
  log "pgbench: warm-up ${WARMUP}s at ${LEVELS[0]} clients"
  PGPASSWORD="$password" nsenter -t "$pg_pid" -n pgbench -h 127.0.0.1 -U generator -n -M prepared \
    -c "${LEVELS[0]}" -j "$THREADS" -T "$WARMUP" -f "$script" generator >/dev/null 2>&1 ||
    die "pgbench failed (warm-up)"
  for conc in "${LEVELS[@]}"; do
    free="$(psql_db -c "SELECT current_setting('max_connections')::int
      - current_setting('superuser_reserved_connections')::int - count(*) FROM pg_stat_activity")"
    ((conc <= free)) || warn "pgbench at $conc clients: only $free connections are free"
    out="$(PGPASSWORD="$password" nsenter -t "$pg_pid" -n pgbench -h 127.0.0.1 -U generator -n \
      -M prepared -c "$conc" -j "$THREADS" -T "$DURATION" -f "$script" generator 2>&1)" ||
      die "pgbench failed at $conc clients: $(tail -n 3 <<<"$out")"
    tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | tail -n 1)"
    lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
    record --arg t pgbench --argjson c "$conc" --argjson tps "$tps" --argjson lat "$lat" \
      --argjson d "$DURATION" --arg load "$(loadavg)" \
      '{kind: "pgbench", target: $t, concurrency: $c, rps: $tps, mean_us: ($lat * 1000), duration_us: ($d * 1000000), loadavg: $load}'
    log "pgbench c=$conc: $tps inserts/s, mean latency $lat ms"
  done
  psql_db -c 'DROP TABLE bench_pgbench_insert'
}

# The stack with no load: what its health checks, timers and the engine cost on their own, every
# second of the day. After a quiet spell, so that a task started just before is not compiling.
measure_idle() {
  local sources before cpu
  log "idle: ${IDLE_SETTLE}s quiet, then ${IDLE}s measured with no load (health checks, timers, the engine)"
  sleep "$IDLE_SETTLE"
  sources="$(cpu_sources)"
  before="$(cpu_snapshot "$sources")"
  sleep "$IDLE"
  cpu="$(cpu_used "$before" "$(cpu_snapshot "$sources")")"
  record --argjson cpu "$cpu" --arg load "$(loadavg)" '{kind: "idle", cpu_ms: $cpu, loadavg: $load}'
  log "idle: $(jq -r '"machine \(.machine / .wall * 1000 | round) ms/s, engine \((.engine // 0) / .wall * 1000 | round) ms/s"' <<<"$cpu")"
}

# Forces a new task of each service, one service at a time, and measures each new container from
# its start (StartedAt) to its "started in" line (Quarkus: HTTP listening, Flyway done).
measure_startup() {
  local svc c started line ready_at quarkus
  for svc in "${SERVICES[@]}"; do
    log "startup: rolling $svc (docker service update ${STARTUP_UPDATE[*]})"
    docker service update "${STARTUP_UPDATE[@]}" --detach=false -q "${STACK_NAME}_$svc" >/dev/null
    for c in $(containers_of "$svc"); do
      started="$(docker inspect -f '{{.State.StartedAt}}' "$c")"
      line="$(docker logs "$c" 2>&1 | grep -m 1 ' started in ' || true)"
      [[ -n "$line" ]] || { warn "no 'started in' line in the log of $svc ($c)"; continue; }
      ready_at="$(jq -r '.timestamp' <<<"$line")"
      quarkus="$(jq -r '.message' <<<"$line" | sed -n 's/.* started in \([0-9.]*\)s.*/\1/p')"
      record --arg s "$svc" --arg c "$c" --arg start "$started" --arg ready "$ready_at" \
        --argjson q "$quarkus" --arg load "$(loadavg)" \
        '{kind: "startup", service: $s, container: $c, started_at: $start, ready_at: $ready,
          ready_s: ((($ready | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) + ($ready | capture("(?<f>\\.[0-9]+)Z$").f | tonumber))
            - (($start | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) + ($start | capture("(?<f>\\.[0-9]+)Z$").f | tonumber))),
          quarkus_started_s: $q, loadavg: $load}'
    done
    log "startup: $svc ready after $(jq -rs --arg s "$svc" '[.[] | select(.kind == "startup" and .service == $s) | .ready_s * 100 | round / 100] | join(" s, ")' "$RAW") s"
  done
}

# VmRSS (KiB) of every task's java process (PID 1 of the container), one "service KiB" line each.
rss_snapshot() {
  local svc c pid
  for svc in "${SERVICES[@]}"; do
    for c in $(containers_of "$svc"); do
      pid="$(pid_of "$c")"
      awk -v s="$svc" '/^VmRSS:/ { print s, $2 }' "/proc/$pid/status" 2>/dev/null || true
    done
  done
}

# record_rss PHASE FILE [max|median]: per service, the largest (default) or the median of the
# VmRSS samples in FILE, over all its tasks.
record_rss() {
  local phase="$1" file="$2" stat="${3:-max}"
  local svc limit kib
  for svc in "${SERVICES[@]}"; do
    limit="$(docker service inspect -f '{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}' "${STACK_NAME}_$svc")"
    kib="$(awk -v s="$svc" '$1 == s { print $2 }' "$file" | sort -n |
      awk -v stat="$stat" '{ v[NR] = $1 } END { print (NR == 0 ? 0 : stat == "median" ? v[int((NR + 1) / 2)] : v[NR]) }')"
    record --arg p "$phase" --arg s "$svc" --argjson limit "${limit:-0}" --argjson kib "$kib" \
      '{kind: "rss", phase: $p, service: $s, rss_mib: ($kib / 1024 * 10 | round / 10), limit_mib: ($limit / 1048576)}'
  done
}

main() {
  require_command wrk
  require_command pgbench postgresql-client
  require_command nsenter util-linux
  require_command jq
  require_command python3
  [[ $(id -u) -eq 0 ]] || die "nsenter needs root"
  mkdir -p "$OUT"
  : >"$RAW"
  local start_load
  start_load="$(loadavg)"
  log "load average at start: $start_load on $(nproc) cores (other jobs may share this machine's CPU)"
  ensure_stack
  log "rate-limit exemption in use: the client is 127.0.0.1 inside nginx's network namespace" \
    "(nginx.conf: geo \$rate_limit_exempt); everyone else stays limited"
  if wants idle; then measure_idle; fi
  if wants startup; then measure_startup; fi

  local samples="$OUT/rss-samples.txt"
  rss_snapshot >"$OUT/rss-idle.txt"
  record_rss idle "$OUT/rss-idle.txt"
  # Sampled every second while the load runs; the peak per service is "under load".
  (while true; do rss_snapshot; sleep 1; done) >"$samples" &
  SAMPLER=$!
  trap 'kill "$SAMPLER" 2>/dev/null || true; restore_scale; delete_bench_products' EXIT

  # pgbench first: the combiner's pool is smallest before the HTTP load (connections are shared).
  if wants pgbench; then measure_pgbench; fi
  if wants static; then measure_static; fi
  if wants services; then measure_services; fi
  local generate_from
  generate_from=$(($(wc -l <"$samples") + 1))
  if wants generate; then measure_generate; fi
  sed -n "${generate_from},\$p" "$samples" >"$OUT/rss-generate.txt"
  if wants generate_one_task; then measure_generate_one_task; fi

  kill "$SAMPLER" 2>/dev/null || true
  wait "$SAMPLER" 2>/dev/null || true
  trap - EXIT
  delete_bench_products
  record_rss load "$samples"
  # The peak includes the JIT's compilations during the warm-ups; the median while Generate runs
  # (all four services busy) is closer to the steady state.
  record_rss load_median "$OUT/rss-generate.txt" median
  local end_load
  end_load="$(loadavg)"
  log "load average at end: $end_load"
  record --arg s "$start_load" --arg e "$end_load" --argjson cores "$(nproc)" \
    --arg levels "${LEVELS[*]}" --argjson d "$DURATION" --argjson w "$WARMUP" \
    --argjson wg "$WARMUP_GENERATE" --arg commit "$(build_commit)" --arg stamp "$STAMP" \
    '{kind: "meta", loadavg_start: $s, loadavg_end: $e, cores: $cores, levels: $levels,
      duration_s: $d, warmup_s: $w, warmup_generate_s: $wg, commit: $commit, stamp: $stamp,
      rate_limit_exemption: "client 127.0.0.1 inside nginx network namespace (geo $rate_limit_exempt in nginx/nginx.conf)"}'
  python3 "$ROOT/bench/report.py" "$OUT"
  rm -rf "$OUT_ROOT/latest"
  mkdir -p "$OUT_ROOT/latest"
  cp "$OUT"/results.md "$OUT"/results.json "$OUT"/chart.svg "$OUT_ROOT/latest/"
  log "results: $OUT (copied to $OUT_ROOT/latest)"
  cat "$OUT/results.md"
}

main

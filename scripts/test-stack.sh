#!/usr/bin/env bash
# End-to-end test of the Swarm stack (make test-stack): deploys it with scripts/up.sh, checks it
# through nginx over HTTPS, redeploys it (the frontend's test job on) to prove the data survive,
# and runs the suites that need a deployment on this one: scheduled jobs (scripts/test-jobs.sh),
# the page in headless Chromium (browser-tests), monitoring (scripts/test-monitoring.sh), bad input
# (scripts/test-fuzz.sh) and faults under load (scripts/test-faults.sh), and nginx's resends on
# the same image (scripts/test-nginx-resend.sh); then scales the frontend,
# restores a backup into a fresh stack (scripts/test-backup.sh) and tears it all down
# (KEEP_STACK=1 leaves it up). SKIP_BROWSER=1, SKIP_MONITORING=1, SKIP_JOBS=1, SKIP_FUZZ=1,
# SKIP_FAULTS=1 and SKIP_BACKUP=1 leave those out. One line per check, then
# "N passed, N failed"; the exit status is non-zero when any check failed. The database volume is
# kept, like `make down`.
set -euo pipefail

usage() {
  echo "usage: [KEEP_STACK=1] [SKIP_BUILD=1] [SKIP_BROWSER=1] [SKIP_MONITORING=1] [SKIP_JOBS=1] [SKIP_FUZZ=1] [SKIP_FAULTS=1] [SKIP_BACKUP=1] $0" >&2
}
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=scripts/lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"
# shellcheck source=scripts/lib/load.sh
source "$ROOT/scripts/lib/load.sh"
SCRIPT_NAME=test-stack

BASE_URL="https://localhost"
CURL=(curl -sk --max-time 15)
WORK="$(mktemp -d)"
UP_LOG="$WORK/up.log"
PRODUCT_ID=""
# The frontend's test job as the redeploy switches it on and scripts/test-jobs.sh checks it:
# seconds between ticks, products per run, seconds of a run's lease.
JOB_EVERY=5
JOB_PRODUCTS=20
JOB_LEASE=20
# The services log a successful request only when asked to (docker-stack.yml): the request-id
# check follows one successful Generate through the logs of all four.
export ACCESS_LOG_EVERY_REQUEST=true
# Two tasks of each service, whatever the caller's sizing: the checks that kill or update one
# task under load count on the other.
export JAVA_REPLICAS=2

cleanup() {
  local status=$?
  trap - EXIT
  load_stop
  if [[ "${KEEP_STACK:-0}" != 1 && -z "${TORN_DOWN:-}" ]]; then
    "$ROOT/scripts/down.sh" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

http_status() { "${CURL[@]}" -o /dev/null -w '%{http_code}' "$@" || true; }

deploy() { # deploy WHAT: runs up.sh, its output in $UP_LOG; records the time taken
  local start
  start="$(now)"
  log "deploying the stack ($1; output: scripts/up.sh)"
  if "$ROOT/scripts/up.sh" >"$UP_LOG" 2>&1; then
    pass "stack deploys and becomes healthy ($1, $(($(now) - start))s)"
  else
    fail "stack deploys and becomes healthy ($1, $(($(now) - start))s)"
    tail -n 40 "$UP_LOG"
    summary
    exit 1
  fi
}

# The first requests after a deployment meet cold JVMs: the page gets a few tries.
check_page() {
  local status attempt body down
  for attempt in 1 2 3 4 5; do
    status="$("${CURL[@]}" -o "$WORK/page.html" -w '%{http_code}' "$BASE_URL/" || true)"
    [[ "$status" != 200 ]] || break
    down="$(grep -o 'unavailable">[^<]*' "$WORK/page.html" | cut -d'>' -f2 | paste -sd';' - || true)"
    log "GET / -> $status (${down:-no reason on the page}); trying again in 2s"
    sleep 2
  done
  body="$(cat "$WORK/page.html" 2>/dev/null || true)"
  check "page renders over HTTPS" "GET / -> $status at attempt $attempt, $(wc -c <<<"$body") bytes" \
    test "$status" = 200 -a -n "$(grep -i '<html' <<<"$body")" -a -n "$(grep -i 'generate' <<<"$body")"
}

check_redirect() {
  local out
  out="$(curl -s --max-time 5 -o /dev/null -w '%{http_code} %{redirect_url}' http://localhost/generate?x=1 || true)"
  check "http redirects to https" "GET http://localhost/generate?x=1 -> $out" \
    test "$out" = "301 https://localhost/generate?x=1"
}

# TLS as Mozilla's "intermediate" profile (docs/security.md). Protocols: the server itself must
# refuse TLS 1.0 and 1.1 (the client is allowed to offer them: SECLEVEL=0) and accept 1.2 and
# 1.3. Suites: in TLS 1.2 every suite of the profile that the certificate's key type (ECDSA or
# RSA) can serve is negotiated and suites outside it (no forward secrecy, CBC, SHA-1) are
# refused; the three TLS 1.3 suites are negotiated. Groups, tried in TLS 1.3 (where the group
# does not depend on the certificate): X25519, prime256v1 and secp384r1 accepted, secp521r1 not.
TLS_INTERMEDIATE_CIPHERS=(
  ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-RSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384
  ECDHE-RSA-AES256-GCM-SHA384 ECDHE-ECDSA-CHACHA20-POLY1305 ECDHE-RSA-CHACHA20-POLY1305
  DHE-RSA-AES128-GCM-SHA256 DHE-RSA-AES256-GCM-SHA384 DHE-RSA-CHACHA20-POLY1305
)
TLS13_SUITES=(TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256)

# tls_handshake S_CLIENT-ARGS...: prints "accepted PROTOCOL CIPHER; TEMP-KEY", "refused (ALERT)",
# or "failed (ERROR)" when it broke for another reason than the server saying no.
tls_handshake() {
  local out refusal
  out="$(timeout 10 openssl s_client -connect 127.0.0.1:443 -servername localhost "$@" </dev/null 2>&1)" || true
  refusal="$(grep -oE 'alert (protocol version|handshake failure)' <<<"$out" | head -n 1 || true)"
  if [[ "$out" =~ New,\ (TLSv1\.[0-3]),\ Cipher\ is\ ([A-Z0-9_-]+) ]]; then
    echo "accepted ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}; $(sed -n 's/^Server Temp Key: //p' <<<"$out" | head -n 1)"
  elif [[ -n "$refusal" ]]; then
    echo "refused ($refusal)"
  else
    echo "failed ($(grep -m 1 -iE 'error|errno' <<<"$out" || echo 'no answer'))"
  fi
}

check_tls() {
  local version result results="" ok=1 key auth cipher outside=() accepted=() refused=() wrong=() expected group
  for version in tls1 tls1_1 tls1_2 tls1_3; do
    result="$(tls_handshake "-$version" -cipher 'DEFAULT:@SECLEVEL=0')"
    results+="${results:+, }$version ${result%% *}"
    case "$version:${result%% *}" in
      tls1:refused | tls1_1:refused | tls1_2:accepted | tls1_3:accepted) ;;
      *) ok=0 results+=" ($result)" ;;
    esac
  done
  check "TLS 1.2+ only" "$results" test "$ok" = 1

  # The certificate's key type decides which half of the profile's TLS 1.2 suites can be served.
  key="$(timeout 10 openssl s_client -connect 127.0.0.1:443 -servername localhost </dev/null 2>/dev/null |
    openssl x509 -noout -text 2>/dev/null | sed -n 's/^ *Public Key Algorithm: //p' | head -n 1 || true)"
  case "$key" in
    id-ecPublicKey) auth=ECDSA ;;
    rsaEncryption) auth=RSA ;;
    *) auth="unknown(${key:-no certificate})" ;;
  esac
  expected=${#TLS13_SUITES[@]}
  for cipher in "${TLS_INTERMEDIATE_CIPHERS[@]}"; do
    [[ "$cipher" == *-"$auth"-* ]] || continue
    expected=$((expected + 1))
    result="$(tls_handshake -tls1_2 -cipher "$cipher:@SECLEVEL=0")"
    if [[ "$result" == "accepted TLSv1.2 $cipher;"* ]]; then accepted+=("$cipher"); else wrong+=("$cipher $result"); fi
  done
  for cipher in "${TLS13_SUITES[@]}"; do
    result="$(tls_handshake -tls1_3 -ciphersuites "$cipher")"
    if [[ "$result" == "accepted TLSv1.3 $cipher;"* ]]; then accepted+=("$cipher"); else wrong+=("$cipher $result"); fi
  done
  mapfile -t outside < <(printf '%s\n' AES128-SHA AES256-GCM-SHA384 ECDHE-RSA-AES128-SHA DHE-RSA-AES128-SHA \
    "ECDHE-$auth-AES128-SHA" "ECDHE-$auth-AES128-SHA256" "ECDHE-$auth-AES256-SHA384" | sort -u)
  for cipher in "${outside[@]}"; do
    result="$(tls_handshake -tls1_2 -cipher "$cipher:@SECLEVEL=0")"
    if [[ "$result" == refused* ]]; then refused+=("$cipher"); else wrong+=("$cipher (outside) $result"); fi
  done
  log "TLS suites for the $auth key: accepted ${accepted[*]:-none}; refused ${refused[*]:-none}"
  check "TLS suites of Mozilla's intermediate profile only" \
    "$auth key: ${#accepted[@]}/$expected of the profile accepted, ${#refused[@]}/${#outside[@]} outside it refused; wrong: $(
      IFS=';'; echo "${wrong[*]:-none}")" \
    test "${#accepted[@]}" -eq "$expected" -a "${#refused[@]}" -eq "${#outside[@]}" -a "${#wrong[@]}" -eq 0 \
    -a "$expected" -gt "${#TLS13_SUITES[@]}"

  results="" ok=1
  for group in X25519 prime256v1 secp384r1 secp521r1; do
    result="$(tls_handshake -tls1_3 -groups "$group")"
    results+="${results:+, }$group ${result%% *}"
    case "$group:$result" in
      secp521r1:refused* | X25519:accepted*X25519* | prime256v1:accepted*prime256v1* | secp384r1:accepted*secp384r1*) ;;
      *) ok=0 results+=" ($result)" ;;
    esac
  done
  check "TLS key exchange groups X25519, P-256, P-384 only" "$results" test "$ok" = 1
}

check_security_headers() {
  local headers missing=() h
  headers="$("${CURL[@]}" -D - -o /dev/null "$BASE_URL/" | tr '[:upper:]' '[:lower:]')"
  for h in strict-transport-security x-content-type-options x-frame-options referrer-policy \
    content-security-policy x-request-id; do
    grep -q "^$h:" <<<"$headers" || missing+=("$h")
  done
  check "security headers" "missing: ${missing[*]:-none}" test ${#missing[@]} -eq 0
}

check_generate_stores_product() {
  local response status rows
  response="$("${CURL[@]}" -X POST -H 'Accept: application/json' -H 'Content-Type: application/json' \
    -w '\n%{http_code}' "$BASE_URL/api/generate" || true)"
  status="$(tail -n 1 <<<"$response")"
  PRODUCT_ID="$(head -n -1 <<<"$response" | jq -r '.id // empty' 2>/dev/null || true)"
  rows="$( [[ -n "$PRODUCT_ID" ]] && psql_query "SELECT count(*) FROM product WHERE id::text = '$PRODUCT_ID'" || echo 0)"
  check "POST /api/generate stores a product" "status $status, id ${PRODUCT_ID:-none}, rows in PostgreSQL: $rows" \
    test "$status" = 201 -a -n "$PRODUCT_ID" -a "$rows" = 1
}

# One request through nginx can be followed across the four services: nginx makes the id,
# every service logs it (JSON, "requestId") and passes it on.
logs_have_request_id() { # logs_have_request_id SERVICE ID
  # The logs of the service's running containers on this node (the whole stack runs here), read
  # whole first: `... | grep -q` fails under pipefail whenever grep finds the line and exits
  # before docker has written everything (SIGPIPE). Not `docker service logs`: it can hang for
  # good once a task of the service was killed.
  local logs container
  logs="$(for container in $(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK_NAME}_$1"); do
    timeout 20 docker logs "$container" 2>&1 || true
  done)"
  grep -qF "\"requestId\":\"$2\"" <<<"$logs"
}

check_request_id_in_logs() {
  local headers id copies svc found=() missing=() deadline
  headers="$("${CURL[@]}" -X POST -D - -o /dev/null -H 'Content-Type: application/json' \
    "$BASE_URL/api/generate" || true)"
  id="$(grep -i '^x-request-id:' <<<"$headers" | head -n 1 | cut -d' ' -f2 | tr -d '\r')"
  copies="$(grep -ci '^x-request-id:' <<<"$headers" || true)"
  deadline=$(($(now) + 15)) # log lines reach the log driver a moment after the answer
  for svc in "${SERVICES[@]}"; do
    while [[ -n "$id" ]] && ! logs_have_request_id "$svc" "$id" && (($(now) < deadline)); do
      sleep 1
    done
    if [[ -n "$id" ]] && logs_have_request_id "$svc" "$id"; then found+=("$svc"); else missing+=("$svc"); fi
  done
  check "a request id from nginx is in the logs of all four services" \
    "id ${id:-none} ($copies header), found in: ${found[*]:-none}; missing in: ${missing[*]:-none}" \
    test -n "$id" -a "$copies" = 1 -a ${#missing[@]} -eq 0
}

check_history_and_stats() {
  local in_history count db_count
  in_history="$("${CURL[@]}" "$BASE_URL/api/products?page=0&size=20" |
    jq --arg id "$PRODUCT_ID" '[.items[] | select((.id | tostring) == $id)] | length' 2>/dev/null || echo 0)"
  check "history shows the product" "id $PRODUCT_ID found $in_history time(s) on the first page" \
    test "$in_history" = 1
  count="$("${CURL[@]}" "$BASE_URL/api/products/stats" | jq -r '.count' 2>/dev/null || echo none)"
  db_count="$(psql_query 'SELECT count(*) FROM product')"
  check "stats count it" "count $count, rows in PostgreSQL $db_count" test "$count" = "$db_count" -a "$db_count" -ge 1
  "${CURL[@]}" "$BASE_URL/" >"$WORK/page.html" || true
  check "page shows it" "row of product $PRODUCT_ID in the history table" \
    grep -Eq "<th scope=\"row\">\s*$PRODUCT_ID\s*</th>" "$WORK/page.html"
}

check_management_hidden() {
  local path status bad=()
  for path in /q/health /q/health/ready /q/metrics /q/openapi /q/dev /q /%71/health /api/int/../../q/health; do
    status="$(http_status --path-as-is "$BASE_URL$path")"
    [[ "$status" == 404 ]] || bad+=("$path=$status")
  done
  check "/q/... of the services not reachable through nginx" "non-404: ${bad[*]:-none}" test ${#bad[@]} -eq 0
}

check_operator_paths() {
  local anonymous authorised password
  password="$(cat "$LOCAL_DIR/secrets/ops_password")"
  anonymous="$(http_status "$BASE_URL/ops/combiner-service/q/health/ready")"
  authorised="$(http_status -u "ops:$password" "$BASE_URL/ops/combiner-service/q/health/ready")"
  check "operator paths need Basic Auth" "anonymous -> $anonymous, ops -> $authorised" \
    test "$anonymous" = 401 -a "$authorised" = 200
}

check_versions() {
  local svc version wrong=() password
  password="$(cat "$LOCAL_DIR/secrets/ops_password")"
  for svc in "${SERVICES[@]}"; do
    version="$("${CURL[@]}" -u "ops:$password" "$BASE_URL/ops/$svc/version" | jq -r '.service + " " + .version' 2>/dev/null || true)"
    [[ "$version" == "$svc $(project_version)" ]] || wrong+=("$svc='$version'")
  done
  check "/version of every service names it and the project version" "wrong: ${wrong[*]:-none}" \
    test ${#wrong[@]} -eq 0
}

check_rate_limit() {
  local codes ok limited
  for _ in $(seq 1 300); do printf 'url = "%s/api/int"\noutput = "/dev/null"\n' "$BASE_URL"; done >"$WORK/burst.cfg"
  codes="$(curl -sk --max-time 30 --parallel --parallel-max 50 -w '%{http_code}\n' -K "$WORK/burst.cfg" 2>/dev/null || true)"
  ok="$(grep -c '^200$' <<<"$codes" || true)"
  limited="$(grep -c '^429$' <<<"$codes" || true)"
  check "a burst gets 429" "300 requests at once: $ok x 200, $limited x 429" test "$limited" -gt 0 -a "$ok" -gt 0
  sleep 3 # let the bucket drain before the next checks
}

# nginx and postgres share no network, and "postgres" does not even resolve in nginx. (A raw
# connection to postgres' address is not tried: from nginx it would leave through the host's
# default route, out of the machine.) The combiner, on the data network, is the control.
check_nginx_cannot_reach_postgres() {
  local nginx postgres shared by_name control
  nginx="$(task_container nginx)"
  postgres="$(task_container postgres)"
  shared="$(comm -12 <(container_networks "$nginx") <(container_networks "$postgres") | paste -sd, -)"
  if docker exec "$nginx" timeout 3 bash -c '</dev/tcp/postgres/5432' 2>/dev/null; then
    by_name=connected
  else
    by_name=failed
  fi
  if docker exec "$(task_container combiner-service)" timeout 3 bash -c '</dev/tcp/postgres/5432' 2>/dev/null; then
    control=connected
  else
    control=failed
  fi
  check "nginx cannot open a connection to postgres" \
    "networks shared: ${shared:-none}; nginx -> postgres:5432 $by_name; combiner -> postgres:5432 $control" \
    test -z "$shared" -a "$by_name" = failed -a "$control" = connected
}

container_networks() {
  docker inspect -f '{{range $n, $c := .NetworkSettings.Networks}}{{println $n}}{{end}}' "$1" | grep -v '^$' | sort
}

check_all_healthy() {
  local svc name replicas bad=() id health
  while read -r name replicas; do
    [[ "${replicas%%/*}" == "${replicas#*/}" ]] || bad+=("${name#"${STACK_NAME}"_}=$replicas")
  done < <(docker service ls --filter "label=com.docker.stack.namespace=$STACK_NAME" --format '{{.Name}} {{.Replicas}}')
  for id in $(docker ps -q --filter "label=com.docker.stack.namespace=$STACK_NAME"); do
    health="$(docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
    [[ "$health" == *" healthy" ]] || bad+=("$health")
  done
  svc="$(docker service ls -q --filter "label=com.docker.stack.namespace=$STACK_NAME" | wc -l)"
  check "every service healthy" "$svc services, $(docker ps -q --filter "label=com.docker.stack.namespace=$STACK_NAME" | wc -l) tasks; not healthy: ${bad[*]:-none}" \
    test ${#bad[@]} -eq 0 -a "$svc" -eq 6
}

# Issue 6 (docs/security.md): every container of the stack runs as a user other than root, on a
# read-only root file system, with every capability dropped and none added back
# (HARDENING_CAP_ADD, empty: no service needs one). Root inside the container (docker exec
# -u 0) cannot write to /, which only a read-only file system prevents (root owns /); the
# container's own user can write to its /tmp, a tmpfs. Only nginx publishes ports on the host.
HARDENING_CAP_ADD=""
check_hardening() {
  local id svc user ro drop add cap_eff root_procs slash tmp ports bad=() figures=() n=0
  for id in $(docker ps -q --filter "label=com.docker.stack.namespace=$STACK_NAME"); do
    n=$((n + 1))
    IFS='|' read -r svc user ro drop add < <(docker inspect -f \
      '{{index .Config.Labels "com.docker.swarm.service.name"}}|{{.Config.User}}|{{.HostConfig.ReadonlyRootfs}}|{{join .HostConfig.CapDrop ","}}|{{join .HostConfig.CapAdd ","}}' "$id")
    svc="${svc#"${STACK_NAME}"_}"
    cap_eff="$(timeout 10 docker exec "$id" sh -c 'sed -n "s/^CapEff:[[:space:]]*//p" /proc/1/status' 2>/dev/null || echo unknown)"
    root_procs="$(docker top "$id" -eo pid,uid | awk 'NR > 1 && $2 == 0' | wc -l)"
    if timeout 10 docker exec -u 0 "$id" sh -c ': >/.hardening-probe' 2>"$WORK/probe.err"; then
      slash=writable
      docker exec -u 0 "$id" rm -f /.hardening-probe || true
    elif grep -q 'Read-only file system' "$WORK/probe.err"; then
      slash=read-only
    else
      slash="not written ($(head -n 1 "$WORK/probe.err"))"
    fi
    if timeout 10 docker exec "$id" sh -c ': >/tmp/.hardening-probe && rm /tmp/.hardening-probe' 2>/dev/null; then
      tmp=writable
    else
      tmp=read-only
    fi
    ports="$(docker port "$id" | awk '{print $1}' | sort -u | paste -sd, -)"
    figures+=("$svc: user ${user:-root} ro=$ro drop=${drop:-none} add=${add:-none} CapEff=$cap_eff root-processes=$root_procs /=$slash /tmp=$tmp published=${ports:-none}")
    [[ -z "$ports" || "$svc" == nginx ]] || bad+=("$svc publishes $ports")
    case "$user" in "" | 0 | 0:* | root | root:*) bad+=("$svc runs as root") ;; esac
    [[ "$root_procs" == 0 ]] || bad+=("$svc has $root_procs root processes")
    [[ "$ro" == true && "$slash" == read-only ]] || bad+=("$svc: / is $slash")
    [[ ",$drop," == *,ALL,* ]] || bad+=("$svc keeps capabilities (drop: ${drop:-none})")
    [[ "$add" == "$HARDENING_CAP_ADD" ]] || bad+=("$svc adds ${add}")
    [[ "$cap_eff" == 0000000000000000 ]] || bad+=("$svc: CapEff $cap_eff")
    [[ "$tmp" == writable ]] || bad+=("$svc: /tmp not writable")
  done
  printf '      %s\n' "${figures[@]}" | sort
  check "containers non-root, read-only, without capabilities; only nginx publishes ports" \
    "$n containers; problems: $(IFS=';'; echo "${bad[*]:-none}")" test "$n" -ge 10 -a ${#bad[@]} -eq 0
}

# The redeploy also switches on the frontend's test job with the settings scripts/test-jobs.sh
# wants (docker-stack.yml's STACKTEST_JOB_*), which spares that test two rolling updates.
check_data_survive_redeploy() {
  "$ROOT/scripts/down.sh" >"$WORK/down.log" 2>&1 || { cat "$WORK/down.log"; }
  if [[ "${SKIP_JOBS:-0}" == 1 ]]; then
    SKIP_BUILD=1 deploy "after docker stack rm"
  else
    SKIP_BUILD=1 STACKTEST_JOB_ENABLED=true STACKTEST_JOB_EVERY="${JOB_EVERY}s" \
      STACKTEST_JOB_PRODUCTS="$JOB_PRODUCTS" JOB_RUNNER_LEASE="${JOB_LEASE}s" deploy "after docker stack rm"
  fi
  local status id
  status="$(http_status "$BASE_URL/api/products/$PRODUCT_ID")"
  id="$("${CURL[@]}" "$BASE_URL/api/products/$PRODUCT_ID" | jq -r '.id' 2>/dev/null || true)"
  check "products survive docker stack rm and a new deploy" "GET /api/products/$PRODUCT_ID -> $status, id $id" \
    test "$status" = 200 -a "$id" = "$PRODUCT_ID"
}

# scale_test_addresses SINCE MARK: the distinct frontend tasks nginx sent the requests marked
# MARK to since then (its access log, flushed every second); waits up to 15 s for the first.
scale_test_addresses() {
  local deadline=$(($(now) + 15)) count=0
  while count="$(timeout 20 docker service logs --raw --since "$1" "${STACK_NAME}_nginx" 2>/dev/null |
    grep -F "$2" | jq -r '.upstream_addr' 2>/dev/null | tr ',' '\n' | tr -d ' ' | grep -v '^$' |
    sort -u | wc -l)" && ((count == 0 && $(now) < deadline)); do
    sleep 1
  done
  echo "$count"
}

# nginx fills one frontend task before the next (nginx/lua/swarm_balancer.lua: 64 requests in
# flight per task): one request at a time all go to one task; 300 at once (wrk
# from inside nginx's network, which the rate limit exempts, 3 s) reach all three.
check_scale_frontend() {
  local service="${STACK_NAME}_frontend-service" since start deadline one_at_a_time=0 burst=0 running
  docker service scale --detach=true "$service=3" >/dev/null
  start="$(now)"
  deadline=$((start + 120))
  until running="$(docker service ls --filter "name=$service" --format '{{.Replicas}}')" && [[ "$running" == 3/3 ]]; do
    (($(now) < deadline)) || break
    sleep 1
  done
  local scaled=$(($(now) - start))
  sleep 2 # nginx's workers look the tasks up every second
  since="$(date -u +%Y-%m-%dT%H:%M:%S)"
  for _ in $(seq 1 10); do "${CURL[@]}" -o /dev/null "$BASE_URL/version?scale-test-one" || true; done
  sleep 1.5
  one_at_a_time="$(scale_test_addresses "$since" scale-test-one)"
  nsenter -t "$(docker inspect -f '{{.State.Pid}}' "$(task_container nginx)")" -n \
    wrk -t 2 -c 300 -d 3s "https://127.0.0.1/version?scale-test-burst" >/dev/null 2>&1 || true
  sleep 1.5 # the access log is flushed every second
  burst="$(scale_test_addresses "$since" scale-test-burst)"
  check "scaled to 3, nginx fills one frontend first and reaches all 3 under load" \
    "3/3 running after ${scaled}s; 10 requests one at a time went to $one_at_a_time task(s), 300 at once to $burst" \
    test "$one_at_a_time" -eq 1 -a "$burst" -ge 3
  docker service scale --detach=true "$service=2" >/dev/null
}

# float-service scaled to 0: Generate on the page and the API answer 503 naming it within 1 s
# (the frontend's discovery takes a name Docker's DNS no longer knows as "no task"); scaled back,
# the flow recovers by itself: 10 answers in a row are 201, so every frontend replica has closed
# its circuit breaker again.
check_downstream_scaled_to_zero() {
  local service="${STACK_NAME}_float-service" page api start deadline first="" streak=0 code
  docker service scale --detach=false "$service=0" >/dev/null 2>&1
  sleep 3 # the frontend re-reads the tasks from DNS every 2 s
  # The page's Generate button: a form POST with the page's one-time token.
  page="$("${CURL[@]}" -o "$WORK/page-503.html" -w '%{http_code} %{time_total}' \
    -d "token=$(cat /proc/sys/kernel/random/uuid)" "$BASE_URL/generate" || true)"
  api="$("${CURL[@]}" -o "$WORK/api-503.json" -w '%{http_code} %{time_total}' -X POST "$BASE_URL/api/generate" || true)"
  local named=no detail
  grep -q 'float-service' "$WORK/page-503.html" && named=yes
  detail="$(jq -r '.detail // "no detail"' "$WORK/api-503.json" 2>/dev/null || echo "no JSON")"
  check "float-service at 0: Generate on the page and the API answer 503 naming it within 1 s" \
    "page: $page s, names it: $named; API: $api s, $detail" \
    awk -v p="$page" -v a="$api" -v n="$named" -v d="$detail" 'BEGIN { split(p, x, " "); split(a, y, " ");
      exit !(x[1] == 503 && y[1] == 503 && x[2] <= 1 && y[2] <= 1 && n == "yes" && d ~ /float-service/) }'

  docker service scale --detach=true "$service=2" >/dev/null
  start="$(now)"
  deadline=$((start + 120))
  while ((streak < 10 && $(now) < deadline)); do
    code="$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X POST "$BASE_URL/api/generate" || true)"
    if [[ "$code" == 201 ]]; then
      streak=$((streak + 1))
      [[ -n "$first" ]] || first=$(($(now) - start))
    else
      streak=0
      sleep 0.5
    fi
  done
  check "float-service scaled back: the flow recovers with no manual step" \
    "first 201 after ${first:-never}s, 10 in a row after $(($(now) - start))s" test "$streak" -ge 10
}

# One task of each service killed (SIGKILL, no graceful shutdown) under a steady load of POST
# /api/generate through nginx (scripts/lib/load.sh, KILL_LOAD_RATE a second: paced under nginx's
# limit of 50 a second per client, which three unpaced clients passed on a fast hour and got 429s):
# at most 0.5% of the requests fail, the last failure comes within 10 s of the kill, and Swarm
# brings the service back to all its tasks. Prints the figures.
KILL_LOAD_RATE=40
check_kill_one_replica() {
  local svc service victim codes total failed socket_errors killed_at last_failure
  local restored recovered started unsteady
  for svc in int-service float-service combiner-service frontend-service; do
    service="${STACK_NAME}_$svc"
    codes="$WORK/kill-$svc.log"
    load_start "$codes" "$KILL_LOAD_RATE" 300
    # The kill comes once the flow is steady: 3 s without a failure (up to 60 s; tasks that
    # earlier checks started can still be compiling). Failures before that are not the kill's:
    # reported, not counted.
    started="$(now)"
    # shellcheck disable=SC2016  # load_count's condition is awk's
    while (($(now) - started < 3)) ||
      { (($(load_count "$(($(now) - 3))" "$(now)" '$2 != 201') > 0)) &&
        (($(now) - started < 60)); }; do
      sleep 1
    done
    victim="$(task_container "$svc")"
    killed_at="$(now)"
    # shellcheck disable=SC2016  # the same
    unsteady="$(load_count 0 "$((killed_at - 4))" '$2 != 201')"
    docker kill "$victim" >/dev/null
    # Swarm starts a replacement after the restart delay; wait (bounded) until it is healthy.
    until restored="$(docker service ls --filter "name=$service" --format '{{.Replicas}}')" &&
      [[ "$restored" == 2/2 ]] && (($(now) - killed_at > 5)) || (($(now) - killed_at > 120)); do
      sleep 1
    done
    recovered=$(($(now) - killed_at))
    sleep 3
    load_stop
    # Counted from the steady point (3 s before the kill): answers, failures, the last failure;
    # a connection error or timeout has no answer line and counts as a failure too.
    socket_errors="$(load_socket_errors)"
    read -r total failed last_failure < <(awk -v k="$killed_at" '$1 >= k - 3 { n++ }
      $1 >= k - 3 && $2 != 201 { f++; t = $1 - k }
      END { print n + 0, f + 0, (t == "" ? "none" : t "s") }' "$codes")
    failed=$((failed + socket_errors))
    check "one $svc task killed under load" \
      "$failed of $total requests failed ($socket_errors socket errors), last failure: $last_failure after the kill, 2/2 tasks again after ${recovered}s; steady after $((killed_at - started))s, $unsteady failures before that not counted" \
      awk -v f="$failed" -v t="$total" -v l="${last_failure%s}" -v r="$restored" \
      'BEGIN { exit !(t > 0 && f * 200 <= t && (l == "none" || l <= 10) && r == "2/2") }'
    awk '$2 != 201 { print "    " $0 }' "$codes" | head -n 5
  done
}

# Bad input (scripts/test-fuzz.sh): 1000+ malformed requests through nginx, no 5xx, every 4xx a
# problem, nothing stored.
check_fuzz() {
  if [[ "${SKIP_FUZZ:-0}" == 1 ]]; then
    log "SKIP_FUZZ=1: no bad-input test"
    return
  fi
  run_suite fuzz "$ROOT/scripts/test-fuzz.sh"
}

# nginx's resends of POSTs on the built image, with stand-in tasks (scripts/test-nginx-resend.sh).
check_nginx_resend() {
  run_suite nginx-resend "$ROOT/scripts/test-nginx-resend.sh"
}

# Faults under a steady load (scripts/test-faults.sh): a rolling update of every service, then
# PostgreSQL killed; no request fails, nothing is lost or stored twice.
check_faults() {
  if [[ "${SKIP_FAULTS:-0}" == 1 ]]; then
    log "SKIP_FAULTS=1: no fault tests"
    return
  fi
  run_suite faults "$ROOT/scripts/test-faults.sh"
}

# The page in headless Chromium (browser-tests, Selenium): Generate, a longer history, int-service
# stopped and named on the page, a phone-sized screen; screenshots in browser-tests/target.
check_browser() {
  if [[ "${SKIP_BROWSER:-0}" == 1 ]]; then
    log "SKIP_BROWSER=1: no browser test"
    return
  fi
  local start out tests
  start="$(now)"
  log "driving the page in headless Chromium (output: $WORK/browser.log)"
  if (cd "$ROOT" && ${MVN:-mvn -B -ntp} -Dstyle.color=never -pl browser-tests verify \
    "-Dbrowser.baseUrl=$BASE_URL" "-Dbrowser.stack=$STACK_NAME") >"$WORK/browser.log" 2>&1; then
    out=ok
  else
    out=failed
    grep -E '^\[ERROR\]|FAIL|expected|Expect' "$WORK/browser.log" | head -n 20 || true
  fi
  tests="$(grep -E 'Tests run: [0-9]+, Failures' "$WORK/browser.log" | tail -n 1 | sed 's/^\[[A-Z]*\] //' || true)"
  grep '^browser: ' "$WORK/browser.log" | while read -r line; do log "$line"; done || true
  check "the page in headless Chromium: Generate, history, a stopped service named, phone width" \
    "${tests:-no test ran}, $(($(now) - start))s, screenshots in browser-tests/target/screenshots" \
    test "$out" = ok
}

# Runs a suite that needs this deployment (its own PASS/FAIL lines), folding its checks into
# this test's count: run_suite NAME SCRIPT.
run_suite() {
  local name="$1" script="$2" out line status=0
  out="$("$script" 2>&1)" || status=$?
  while IFS= read -r line; do
    case "$line" in
      PASS*) pass "$name: ${line#PASS  }" ;;
      FAIL*) fail "$name: ${line#FAIL  }" ;;
      "==> "* | "  "* | "figures: "*) echo "$line" ;;
    esac
  done <<<"$out"
  grep -qE '^(PASS|FAIL)' <<<"$out" || { fail "$name test ran"; tail -n 20 <<<"$out"; return; }
  # A suite that stopped part-way (set -e) may have passed every check it reached.
  if ((status != 0)) && ! grep -q '^FAIL' <<<"$out"; then
    fail "$name test ran to its end (exit status $status)"
    tail -n 20 <<<"$out"
  fi
}

# Prometheus on this stack: every target up, ServiceDown fires and clears.
check_monitoring() {
  if [[ "${SKIP_MONITORING:-0}" == 1 ]]; then
    log "SKIP_MONITORING=1: no monitoring test"
    return
  fi
  run_suite monitoring "$ROOT/scripts/test-monitoring.sh"
}

# Scheduled jobs on this stack: one run per tick with 2 frontend replicas, a replica killed
# mid-run, int-service away and back.
check_jobs() {
  if [[ "${SKIP_JOBS:-0}" == 1 ]]; then
    log "SKIP_JOBS=1: no scheduled-jobs test"
    return
  fi
  EVERY="$JOB_EVERY" PRODUCTS="$JOB_PRODUCTS" LEASE="$JOB_LEASE" run_suite jobs "$ROOT/scripts/test-jobs.sh"
  # The job stays switched on (the redeploy did it); paused, it stores nothing during the checks
  # that count products. The pause is kept in the database, for every replica.
  local paused
  paused="$("${CURL[@]}" -u "ops:$(cat "$LOCAL_DIR/secrets/ops_password")" -X POST \
    "$BASE_URL/ops/jobs/stacktest/pause" | jq -r '.paused' 2>/dev/null || true)"
  check "the test job is paused for the checks that follow" "POST /ops/jobs/stacktest/pause -> paused=$paused" \
    test "$paused" = true
}

# Backup under load and restore into a fresh stack (scripts/test-backup.sh), last: it replaces
# the database volume. The backup is of this deployment (SKIP_DEPLOY=1): a deploy first would
# roll the frontend back to the stack file's job settings for nothing.
check_backup() {
  if [[ "${SKIP_BACKUP:-0}" == 1 ]]; then
    log "SKIP_BACKUP=1: no backup test"
    return
  fi
  SKIP_DEPLOY=1 run_suite backup "$ROOT/scripts/test-backup.sh"
}

check_teardown() {
  if [[ "${KEEP_STACK:-0}" == 1 ]]; then
    log "KEEP_STACK=1: leaving the stack up"
    return
  fi
  "$ROOT/scripts/down.sh" >"$WORK/down.log" 2>&1 || cat "$WORK/down.log"
  TORN_DOWN=1
  local left
  left="$(docker ps -q --filter "label=com.docker.stack.namespace=$STACK_NAME" | wc -l) containers, $(docker service ls -q --filter "label=com.docker.stack.namespace=$STACK_NAME" | wc -l) services, $(docker network ls -q --filter "label=com.docker.stack.namespace=$STACK_NAME" | wc -l) networks"
  check "nothing of the stack remains running" "$left" test "$left" = "0 containers, 0 services, 0 networks"
}

main() {
  local start
  start="$(now)"
  require_command jq
  require_command curl
  require_command openssl
  require_command wrk
  require_command nsenter util-linux
  deploy "scripts/up.sh"
  check_page
  check_redirect
  check_tls
  check_security_headers
  check_generate_stores_product
  check_request_id_in_logs
  check_history_and_stats
  check_management_hidden
  check_operator_paths
  check_versions
  check_nginx_cannot_reach_postgres
  check_all_healthy
  check_hardening
  check_rate_limit
  check_nginx_resend
  check_data_survive_redeploy
  check_all_healthy
  check_jobs
  check_browser
  check_monitoring
  check_fuzz
  check_downstream_scaled_to_zero
  check_kill_one_replica
  check_faults
  check_scale_frontend
  check_backup
  check_teardown
  log "finished in $(($(now) - start))s"
  summary
  ((FAILED == 0))
}

main

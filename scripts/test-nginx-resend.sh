#!/usr/bin/env bash
# nginx's resends, on the built nginx image without the stack (the stack test runs it): nginx in
# a container of its own network, where each service name resolves to two stand-in tasks (small
# nginx servers of the same base image): one answers 201 and echoes the Idempotency-Key it got,
# the other closes every connection without answering, as a task that is stopping can. The
# closing one has the lower address, so nginx (which fills the first task in address order, and
# passes over one that failed for a second) sends it the first request of every check.
# Checks:
#   - a POST to /api/generate without a key gets nginx's own ("nginx-" and the request id), and
#     one that met the closing task was resent: every answer 201;
#   - a client's key is passed on unchanged;
#   - the page's form (POST /generate, keyed by its token) is resent the same way;
#   - a POST to /ops/jobs (no key) is never resent: each one that met the closing task is a 503.
# One line per check, then "N passed, N failed"; non-zero exit status when any check failed.
# Needs: docker, openssl, and the images of scripts/build-images.sh (.local/images.env).
set -euo pipefail

usage() { echo "usage: [REQUESTS=20] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=scripts/lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"
SCRIPT_NAME=test-nginx-resend

REQUESTS="${REQUESTS:-20}"
NAME=generator-suite-resend-test # network and container name prefix
SUBNET=192.168.231 # its network; .10 closes, .20 answers, .30 is nginx
WORK="$(mktemp -d)"

# shellcheck source=/dev/null
source "$ROOT/.local/images.env" 2>/dev/null || die "no .local/images.env: run scripts/build-images.sh first"
NGINX_IMAGE="$IMAGE_PREFIX/nginx:$NGINX_TAG"
image_exists "$NGINX_IMAGE" || die "image $NGINX_IMAGE is missing: run scripts/build-images.sh first"
# The stand-ins run the same Debian nginx the image is built from.
STAND_IN_IMAGE="$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.base.name"}}' "$NGINX_IMAGE")"

remove_all() {
  docker rm -f "$NAME-nginx" "$NAME-answers" "$NAME-closes" >/dev/null 2>&1 || true
  docker network rm "$NAME" >/dev/null 2>&1 || true
}
cleanup() {
  remove_all
  rm -rf "$WORK"
}
trap cleanup EXIT

# A stand-in task of every service on port 8080; $1 is what it does with a request, $2 its address.
stand_in() {
  local role="$1" action address="$2"
  # shellcheck disable=SC2016  # nginx expands $http_idempotency_key, not the shell
  case "$role" in
    answers) action='default_type text/plain; return 201 "key=$http_idempotency_key\n";' ;;
    closes) action='return 444;' ;; # nginx's "close the connection, answer nothing"
  esac
  mkdir -p "$WORK/$role"
  cat >"$WORK/$role/nginx.conf" <<EOF
events {}
http {
  access_log /dev/stdout;
  server { listen 8080; location / { $action } }
}
EOF
  docker run -d --name "$NAME-$role" --network "$NAME" --ip "$address" \
    --network-alias frontend-service --network-alias combiner-service \
    -v "$WORK/$role/nginx.conf:/etc/nginx/nginx.conf:ro" \
    "$STAND_IN_IMAGE" nginx -g 'daemon off;' >/dev/null
}

# nginx passes over a task that failed a try for a second (nginx/lua/swarm_balancer.lua): each
# check waits that out, so that its first request goes to the closing stand-in again.
BACKOFF_SECONDS=1.5

# Requests the closing stand-in received so far.
closed_count() { docker logs "$NAME-closes" 2>/dev/null | grep -c '" 444 ' || true; }

# POST https://localhost$1 from inside the nginx container (127.0.0.1: not rate-limited), extra
# curl arguments after it; prints "STATUS REQUEST_ID BODY" (the body's first line).
post() {
  local path="$1" out
  shift
  out="$(docker exec "$NAME-nginx" curl -sk -X POST "$@" "https://localhost$path" \
    -w '\n%{http_code} %header{x-request-id}' 2>/dev/null || true)"
  printf '%s %s\n' "$(tail -n 1 <<<"$out")" "$(head -n 1 <<<"$out")"
}

start() {
  log "starting nginx ($NGINX_IMAGE) with two stand-in tasks per service ($STAND_IN_IMAGE)"
  remove_all
  docker network create --subnet "$SUBNET.0/24" "$NAME" >/dev/null
  stand_in answers "$SUBNET.20"
  stand_in closes "$SUBNET.10"
  mkdir -p "$WORK/secrets"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -keyout "$WORK/secrets/tls_key" -out "$WORK/secrets/tls_cert" 2>/dev/null
  printf 'operator:%s\n' "$(openssl passwd -apr1 resend-test)" >"$WORK/secrets/ops_htpasswd"
  chmod 644 "$WORK/secrets/"*
  docker run -d --name "$NAME-nginx" --network "$NAME" --ip "$SUBNET.30" \
    -v "$WORK/secrets:/run/secrets:ro" "$NGINX_IMAGE" >/dev/null
  log "waiting for nginx to answer through the stand-ins (up to 30s)"
  local deadline=$(($(now) + 30))
  until [[ "$(post /api/generate)" == 201* ]]; do
    (($(now) < deadline)) || die "nginx did not answer within 30s: $(docker logs --tail 20 "$NAME-nginx" 2>&1)"
    sleep 1
  done
  sleep 2 # every worker looks the names up once a second
}

# Keyless POSTs to /api/generate: all 201, each with nginx's key; some met the closing task.
check_keyless_resent() {
  local before answers="" bad=0 status id body i
  sleep "$BACKOFF_SECONDS"
  before="$(closed_count)"
  for ((i = 0; i < REQUESTS; i++)); do
    read -r status id body < <(post /api/generate)
    if [[ "$status" != 201 || "$body" != "key=nginx-$id" ]]; then
      ((bad < 2)) && answers+="; $status ${body:0:80}"
      bad=$((bad + 1))
    fi
  done
  local closed=$(($(closed_count) - before))
  check "keyless POST /api/generate resent with nginx's key" \
    "$REQUESTS requests, $closed met the closing task, $bad not 201 with key nginx-<request id>$answers" \
    test "$bad" -eq 0 -a "$closed" -gt 0
}

check_client_key_kept() {
  local status id body bad=0 i
  for ((i = 0; i < 4; i++)); do
    read -r status id body < <(post /api/products -H 'Content-Type: application/json' \
      -H "Idempotency-Key: client-key-$i" --data '{"intValue":1,"floatValue":2.0}')
    [[ "$status" == 201 && "$body" == "key=client-key-$i" ]] || bad=$((bad + 1))
  done
  check "a client's Idempotency-Key is passed on unchanged" "4 POST /api/products, $bad not 201 with the client's key" \
    test "$bad" -eq 0
}

check_form_resent() {
  local before status id body bad=0 i
  sleep "$BACKOFF_SECONDS"
  before="$(closed_count)"
  for ((i = 0; i < 6; i++)); do
    read -r status id body < <(post /generate --data "token=form-token-$i")
    [[ "$status" == 201 ]] || bad=$((bad + 1))
  done
  local closed=$(($(closed_count) - before))
  check "the form's POST /generate resent" "6 requests, $closed met the closing task, $bad not 201" \
    test "$bad" -eq 0 -a "$closed" -gt 0
}

check_ops_not_resent() {
  local before status id body unavailable=0 i
  sleep "$BACKOFF_SECONDS"
  before="$(closed_count)"
  for ((i = 0; i < 6; i++)); do
    read -r status id body < <(post /ops/jobs/stacktest/trigger -u operator:resend-test)
    [[ "$status" == 503 ]] && unavailable=$((unavailable + 1))
  done
  local closed=$(($(closed_count) - before))
  check "POST /ops/jobs is never resent" "6 requests, $closed met the closing task, $unavailable answered 503 (want as many, > 0)" \
    test "$closed" -gt 0 -a "$unavailable" -eq "$closed"
}

main() {
  start
  check_keyless_resent
  check_client_key_kept
  check_form_resent
  check_ops_not_resent
  summary
  ((FAILED == 0))
}

main

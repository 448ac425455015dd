#!/usr/bin/env bash
# Pipeline stage "Smoke test": after a deploy, through nginx over HTTPS:
#   - the page answers 200;
#   - POST /api/generate answers 201 (the whole chain: frontend, int, float, combiner, database);
#   - /version of every service shows the build and commit of TAG (default: this build's):
#     through nginx's operator route /ops/<service>/version (Basic Auth: OPS_USER, default ops,
#     and OPS_PASSWORD, default .local/secrets/ops_password as scripts/up.sh makes it), and in
#     every replica running on this engine (docker exec).
# Each check is retried for a while (nginx re-resolves the services every few seconds).
#   SMOKE_URL         the site (default https://localhost); SMOKE_CACERT: its CA (default: -k)
#   SMOKE_TIMEOUT     seconds each check may take to pass (default 60)
#   SMOKE_FORCE_FAIL  1: fail on purpose after the checks (to exercise the rollback)
set -euo pipefail

usage() { echo "usage: [SMOKE_URL=https://host] [OPS_USER=u OPS_PASSWORD=p] [SMOKE_FORCE_FAIL=1] $0 [TAG]" >&2; }
case "${1:-}" in -h | --help) usage; exit 0 ;; -*) usage; exit 2 ;; esac
[[ $# -le 1 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"
if [[ $# -eq 1 ]]; then
  TAG="$1"
else
  load_build
fi
use_deploy_engine

URL="${SMOKE_URL:-https://localhost}"
URL="${URL%/}"
TIMEOUT="${SMOKE_TIMEOUT:-60}"
EXPECTED_BUILD="$(tag_build "$TAG")"
EXPECTED_COMMIT="$(tag_commit "$TAG")"
CURL=(curl -sS --max-time 10)
if [[ -n "${SMOKE_CACERT:-}" ]]; then
  CURL+=(--cacert "$SMOKE_CACERT")
else
  CURL+=(-k)
fi
FAILURES=0
# The operators' account scripts/up.sh makes, when the caller gives none.
OPS_USER="${OPS_USER:-ops}"
if [[ -z "${OPS_PASSWORD:-}" && -r "$LOCAL_DIR/secrets/ops_password" ]]; then
  OPS_PASSWORD="$(<"$LOCAL_DIR/secrets/ops_password")"
fi

# Retries CHECK (a function) until it passes or SMOKE_TIMEOUT runs out; one line either way.
check() {
  local description="$1" deadline output
  shift
  deadline=$(($(now) + TIMEOUT))
  while true; do
    if output="$("$@" 2>&1)"; then
      log "ok: $description${output:+ ($output)}"
      return 0
    fi
    if (($(now) > deadline)); then
      log "FAILED: $description: $output"
      FAILURES=$((FAILURES + 1))
      return 0
    fi
    sleep 2
  done
}

http_status() { # expected method path [curl args...]
  local expected="$1" method="$2" path="$3" status
  shift 3
  status="$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X "$method" "$@" "$URL$path")" || true
  [[ "$status" == "$expected" ]] || { echo "HTTP $status, expected $expected"; return 1; }
  echo "HTTP $status"
}

# The JSON of /version shows the expected build and commit.
version_matches() {
  local json="$1" build commit
  build="$(jq -r '.build // empty' <<<"$json" 2>/dev/null)" || true
  commit="$(jq -r '.commit // empty' <<<"$json" 2>/dev/null)" || true
  if [[ "$build" == "$EXPECTED_BUILD" && -n "$commit" &&
    ("$commit" == "$EXPECTED_COMMIT"* || "$EXPECTED_COMMIT" == "$commit"*) ]]; then
    echo "build $build, commit $commit"
    return 0
  fi
  echo "shows build '${build}' commit '${commit}', expected build $EXPECTED_BUILD commit $EXPECTED_COMMIT: ${json:0:200}"
  return 1
}

version_through_nginx() {
  local json
  json="$("${CURL[@]}" -f -u "$OPS_USER:$OPS_PASSWORD" "$URL/ops/$1/version")" || {
    echo "GET /ops/$1/version failed"
    return 1
  }
  version_matches "$json"
}

# Every replica of the service that runs on this engine answers with the expected build.
version_in_every_local_replica() {
  local service="$1" containers container json count=0
  mapfile -t containers < <(docker ps -q --filter "label=com.docker.swarm.service.name=$(stack_service "$service")")
  [[ ${#containers[@]} -gt 0 ]] || { echo "no replica runs on this engine"; return 1; }
  for container in "${containers[@]}"; do
    json="$(docker exec "$container" curl -fsS --max-time 5 http://localhost:8080/version 2>&1)" || {
      echo "replica $container: $json"
      return 1
    }
    version_matches "$json" >/dev/null || {
      echo "replica $container $(version_matches "$json")"
      return 1
    }
    count=$((count + 1))
  done
  echo "$count replicas on build $EXPECTED_BUILD"
}

log "smoke test of $URL, expecting build $EXPECTED_BUILD (tag $TAG)"
check "GET / answers 200" http_status 200 GET /
check "POST /api/generate answers 201" \
  http_status 201 POST /api/generate -H "Idempotency-Key: smoke-$EXPECTED_BUILD-$RANDOM$RANDOM"
for service in "${SERVICES[@]}"; do
  if [[ -n "${OPS_USER:-}" && -n "${OPS_PASSWORD:-}" ]]; then
    check "$service /version through nginx" version_through_nginx "$service"
  fi
  if docker_is_up && [[ -z "${DOCKER_HOST:-}" ]]; then
    check "$service /version of every replica" version_in_every_local_replica "$service"
  fi
done

if [[ "${SMOKE_FORCE_FAIL:-0}" == 1 ]]; then
  log "FAILED: SMOKE_FORCE_FAIL=1: failing on purpose (to exercise the rollback)"
  FAILURES=$((FAILURES + 1))
fi
if ((FAILURES > 0)); then
  die "$FAILURES smoke checks failed against $URL"
fi
log "passed: $URL serves build $EXPECTED_BUILD"

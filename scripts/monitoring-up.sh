#!/usr/bin/env bash
# Brings up the optional monitoring next to a running product (make monitoring-up): builds the
# Prometheus image (monitoring/Dockerfile; offline its base comes from Debian's prometheus package,
# see scripts/base-images.sh), deploys monitoring/docker-stack.monitoring.yml as the stack
# "generator-suite-monitoring" on the product's network, and waits until Prometheus is ready.
#
#   PROMETHEUS_PORT=9090     host port of Prometheus (web UI and API)
#   BASE_IMAGES=auto         auto: prom/prometheus when it is on this machine, else the Debian-built
#                            base; public: always prom/prometheus; local: always the Debian one
#   MONITORING_TIMEOUT=120   seconds to wait for Prometheus to answer ready
set -euo pipefail

usage() { echo "usage: [PROMETHEUS_PORT=9090] [BASE_IMAGES=auto|public|local] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

MONITORING_STACK="${MONITORING_STACK:-${STACK_NAME}-monitoring}"
MONITORING_FILE="$ROOT/monitoring/docker-stack.monitoring.yml"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
MONITORING_TIMEOUT="${MONITORING_TIMEOUT:-120}"
BASE_IMAGES="${BASE_IMAGES:-auto}"
PUBLIC_BASE=prom/prometheus:v2.53.4
LOCAL_BASE=generator-suite-base/prometheus:2

choose_base_image() {
  case "$BASE_IMAGES" in
    public) echo "$PUBLIC_BASE" ;;
    local | auto)
      if [[ "$BASE_IMAGES" == auto ]] && image_exists "$PUBLIC_BASE"; then
        echo "$PUBLIC_BASE"
        return
      fi
      # As root, base-images.sh also rebuilds an existing base that misses a Debian security
      # update; it keeps an up-to-date one.
      if ! image_exists "$LOCAL_BASE" || [[ $EUID -eq 0 ]]; then
        log "base image $LOCAL_BASE: building or refreshing it from Debian's packages" >&2
        "$ROOT/scripts/base-images.sh" prometheus >&2
      fi
      echo "$LOCAL_BASE"
      ;;
    *) die "BASE_IMAGES must be auto, public or local (not '$BASE_IMAGES')" ;;
  esac
}

# Builds $IMAGE_PREFIX/prometheus:latest and a content tag; prints the content tag.
build_prometheus_image() {
  local base="$1" repo="$IMAGE_PREFIX/prometheus" out tag
  tag="$(project_version)-$(content_hash "$ROOT/monitoring/Dockerfile" "$ROOT/monitoring/prometheus.yml" \
    "$ROOT/monitoring/rules.yml" <(echo "$base"))"
  log "building $repo:$tag (base $base)" >&2
  if ! out="$(DOCKER_BUILDKIT=0 docker build -q -f "$ROOT/monitoring/Dockerfile" \
    --build-arg "BASE_IMAGE=$base" -t "$repo:$tag" -t "$repo:latest" "$ROOT" 2>&1)"; then
    echo "$out" >&2
    die "building $repo failed"
  fi
  echo "$tag"
}

wait_until_ready() {
  local deadline=$(($(now) + MONITORING_TIMEOUT)) start
  start="$(now)"
  log "waiting for Prometheus to answer ready on http://localhost:$PROMETHEUS_PORT/-/ready"
  until curl -fsS --max-time 3 -o /dev/null "http://localhost:$PROMETHEUS_PORT/-/ready" 2>/dev/null; do
    (($(now) < deadline)) || die "Prometheus not ready after ${MONITORING_TIMEOUT}s" \
      "(docker service ps ${MONITORING_STACK}_prometheus --no-trunc)"
    sleep 2
  done
  log "Prometheus is ready after $(($(now) - start))s: http://localhost:$PROMETHEUS_PORT/"
}

main() {
  docker_is_up || die "the Docker engine is not running (make up starts it)"
  docker network inspect "${STACK_NAME}_edge" >/dev/null 2>&1 ||
    die "the product's network ${STACK_NAME}_edge does not exist: bring the product up first (make up)"
  local base tag
  base="$(choose_base_image)"
  tag="$(build_prometheus_image "$base")"
  log "deploying stack $MONITORING_STACK (Prometheus $IMAGE_PREFIX/prometheus:$tag, port $PROMETHEUS_PORT)"
  IMAGE_PREFIX="$IMAGE_PREFIX" PROMETHEUS_TAG="$tag" PRODUCT_STACK="$STACK_NAME" \
    PROMETHEUS_PORT="$PROMETHEUS_PORT" \
    docker stack deploy --resolve-image never -c "$MONITORING_FILE" "$MONITORING_STACK" >/dev/null
  wait_until_ready
}

main

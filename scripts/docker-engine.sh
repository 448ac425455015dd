#!/usr/bin/env bash
# Makes sure a Docker engine answers and that it is a single-node Swarm manager.
# Idempotent: an engine that already answers and an active swarm are left alone.
#   - installs docker.io from Debian's packages when dockerd is missing (needs root and apt);
#   - starts dockerd in the background when it is not running (no systemd on these machines);
#   - initialises a single-node swarm (advertised on 127.0.0.1), or repairs a broken one.
set -euo pipefail

usage() { echo "usage: [DOCKER_START_TIMEOUT=90] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
DOCKER_START_TIMEOUT="${DOCKER_START_TIMEOUT:-90}"

install_docker_engine() {
  if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; then
    return
  fi
  [[ $EUID -eq 0 ]] || die "dockerd is missing; run as root to install docker.io"
  log "installing the Docker engine from Debian's packages (docker.io)"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io
}

start_docker_engine() {
  if docker_is_up; then
    log "Docker engine is running ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
    return
  fi
  [[ $EUID -eq 0 ]] || die "the Docker engine is not running; run as root to start it"
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    log "removing the stale /var/run/docker.pid of an earlier engine"
    rm -f /var/run/docker.pid
  fi
  if ! pgrep -x dockerd >/dev/null; then
    log "starting dockerd in the background (log: $DOCKERD_LOG)"
    # setsid: the engine outlives this script and the terminal or job that ran it.
    setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  wait_for_docker_engine
}

wait_for_docker_engine() {
  local deadline=$(($(now) + DOCKER_START_TIMEOUT))
  log "waiting for the Docker engine to answer (up to ${DOCKER_START_TIMEOUT}s)"
  until docker_is_up; do
    if (($(now) > deadline)); then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      die "the Docker engine did not answer within ${DOCKER_START_TIMEOUT}s (see $DOCKERD_LOG)"
    fi
    sleep 1
  done
  log "Docker engine is up ($(docker version -f '{{.Server.Version}}'))"
}

swarm_state() { docker info -f '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown; }

ensure_swarm() {
  local state is_manager
  state="$(swarm_state)"
  is_manager="$(docker info -f '{{.Swarm.ControlAvailable}}' 2>/dev/null || echo false)"
  case "$state" in
    active)
      if [[ "$is_manager" == true ]]; then
        log "swarm is active on this node (manager)"
        return
      fi
      log "this node is a swarm worker only: leaving that swarm to manage a local one"
      docker swarm leave --force >/dev/null
      ;;
    inactive) ;;
    *)
      log "swarm state is '$state' (left over from an earlier run): leaving it"
      docker swarm leave --force >/dev/null 2>&1 || true
      ;;
  esac
  log "initialising a single-node swarm (advertised on 127.0.0.1)"
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  log "swarm is active"
}

install_docker_engine
start_docker_engine
ensure_swarm

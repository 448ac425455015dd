#!/usr/bin/env bash
# Pipeline stage "Push": tags this build's images as REGISTRY/IMAGE_PREFIX/NAME:TAG and pushes
# them, so the swarm's nodes can pull them. REGISTRY is a host[:port] of a private registry
# (e.g. registry.example.com:5000); REGISTRY_USER and REGISTRY_PASSWORD log in when set
# (Jenkins binds them from the "registry" credentials). Without REGISTRY there is nothing to
# push to: the stage says so and succeeds, and the deploy uses this engine's images.
set -euo pipefail

usage() { echo "usage: [REGISTRY=host:port] [REGISTRY_USER=u REGISTRY_PASSWORD=p] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"
load_build

if [[ -z "${REGISTRY:-}" ]]; then
  log "REGISTRY is not set: no registry to push to (skipped); the deploy uses this engine's images"
  exit 0
fi

if [[ -n "${REGISTRY_USER:-}" ]]; then
  log "logging in to $REGISTRY as $REGISTRY_USER"
  printf '%s' "${REGISTRY_PASSWORD:-}" | docker login --username "$REGISTRY_USER" --password-stdin "$REGISTRY"
fi

for name in "${STACK_IMAGES[@]}"; do
  local_image="$(image_name "$name" "$TAG")"
  remote_image="$REGISTRY/$local_image"
  image_exists "$local_image" || die "$local_image does not exist: run scripts/pipeline/images.sh first"
  docker tag "$local_image" "$remote_image"
  log "pushing $remote_image"
  docker push --quiet "$remote_image"
done
log "pushed ${#STACK_IMAGES[@]} images tagged $TAG to $REGISTRY"

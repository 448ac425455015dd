#!/usr/bin/env bash
# Pipeline stage "Deploy": deploys the images tagged TAG (default: this build's) to the swarm
# as the stack STACK_NAME, through scripts/up.sh without building anything, then waits until
# every service runs its new tasks. The combiner applies the database migrations (Flyway) as
# its new tasks start, so a deploy is also the migration.
# Before deploying it records the tags that are live now in .local/pipeline/previous-tags.env,
# for rollback.sh (a redeploy of the same tags keeps the earlier record).
#   DEPLOY_DOCKER_HOST  the swarm manager to deploy to (ssh://user@host); default this engine
#   REGISTRY            images are pulled as REGISTRY/IMAGE_PREFIX/NAME:TAG (see push.sh)
#   <NAME>_TAG          the tag of one image (e.g. NGINX_TAG), overriding TAG (rollback.sh)
#   DEPLOY_TIMEOUT      seconds to wait for the services to converge (default 420)
# --no-record deploys without touching the record (rollback.sh uses it).
set -euo pipefail

usage() { echo "usage: [DEPLOY_DOCKER_HOST=ssh://user@manager] [REGISTRY=host:port] $0 [--no-record] [TAG]" >&2; }
RECORD=1
if [[ "${1:-}" == --no-record ]]; then
  RECORD=0
  shift
fi
case "${1:-}" in -h | --help) usage; exit 0 ;; -*) usage; exit 2 ;; esac
[[ $# -le 1 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"
if [[ $# -eq 1 ]]; then
  TAG="$1"
else
  load_build
fi
export TAG IMAGE_PREFIX

# Every image's tag: its own <NAME>_TAG when set, else TAG.
set_image_tags() {
  local name variable
  for name in "${STACK_IMAGES[@]}"; do
    variable="$(tag_variable "$name")"
    export "$variable=${!variable:-$TAG}"
  done
}

check_images() {
  local name variable image
  if [[ -n "${REGISTRY:-}" ]]; then
    return 0
  fi
  for name in "${STACK_IMAGES[@]}"; do
    variable="$(tag_variable "$name")"
    image="$(image_name "$name" "${!variable}")"
    image_exists "$image" || die "$image does not exist on this engine (and no REGISTRY is set)"
  done
}

# Writes the tags live now; nothing when they are the ones about to be deployed.
record_previous_tags() {
  local name variable live changed=0 lines=()
  for name in "${STACK_IMAGES[@]}"; do
    variable="$(tag_variable "$name")"
    live="$(service_tag "$name")"
    [[ -z "$live" ]] || lines+=("$variable=$live")
    [[ "$live" == "${!variable}" ]] || changed=1
  done
  if [[ $changed == 0 ]]; then
    log "these tags are live already: keeping the record of the earlier ones ($PREVIOUS_TAGS)"
    return 0
  fi
  mkdir -p "$PIPELINE_DIR"
  {
    echo "# The tags that were live before the deploy of $TAG (scripts/pipeline/deploy.sh)."
    [[ ${#lines[@]} -eq 0 ]] || printf '%s\n' "${lines[@]}"
  } >"$PREVIOUS_TAGS"
  if [[ ${#lines[@]} -eq 0 ]]; then
    log "recorded: nothing was deployed before"
  else
    log "recorded the live tags for a rollback: ${lines[*]}"
  fi
}

deploy_stack() {
  local prefix="$IMAGE_PREFIX"
  [[ -z "${REGISTRY:-}" ]] || prefix="$REGISTRY/$IMAGE_PREFIX"
  # The per-service tags exported above let up.sh deploy images of different tags (a rollback).
  log "deploying $TAG as stack $STACK_NAME (scripts/up.sh, nothing is built)"
  IMAGE_PREFIX="$prefix" SKIP_BUILD=1 "$ROOT/scripts/up.sh"
}

use_deploy_engine
set_image_tags
check_images
[[ $RECORD == 0 ]] || record_previous_tags
deploy_stack
wait_for_convergence
mkdir -p "$PIPELINE_DIR"
echo "$TAG" >"$PIPELINE_DIR/deployed-tag"
log "deployed $TAG"

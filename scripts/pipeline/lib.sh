#!/usr/bin/env bash
# Shared by the pipeline's stage scripts (scripts/pipeline/*.sh): the build's identity, image
# names and tags, and the swarm helpers of deploy, smoke and rollback. Source it; it runs
# nothing by itself. Builds on scripts/lib/common.sh (ROOT, STACK_NAME, IMAGE_PREFIX,
# SERVICES, log, die).
#
# The build's identity is written once per build by version.sh to $BUILD_ENV and read by the
# stages after it: VERSION (the Maven project's), BUILD_NUMBER (Jenkins', else a local
# counter), BUILD_COMMIT and TAG = VERSION-BUILD_NUMBER-BUILD_COMMIT, the tag of every image.

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

# shellcheck disable=SC2034  # used by the scripts that source this file
PIPELINE_DIR="$LOCAL_DIR/pipeline"
BUILD_ENV="$PIPELINE_DIR/build.env"
# shellcheck disable=SC2034
PREVIOUS_TAGS="$PIPELINE_DIR/previous-tags.env"
# The images the pipeline builds, tags, pushes and deploys: nginx and the four services.
# shellcheck disable=SC2034
STACK_IMAGES=(nginx "${SERVICES[@]}")

# Reads the build's identity written by version.sh and exports it.
# shellcheck disable=SC2153  # the variables come from the sourced file
load_build() {
  [[ -f "$BUILD_ENV" ]] || die "no build identity in $BUILD_ENV: run scripts/pipeline/version.sh first"
  # shellcheck source=/dev/null
  source "$BUILD_ENV"
  export VERSION BUILD_NUMBER BUILD_COMMIT TAG IMAGE_PREFIX
}

# The parts of a tag VERSION-BUILD_NUMBER-COMMIT (VERSION may hold dashes itself).
tag_commit() { echo "${1##*-}"; }
tag_build() {
  local rest="${1%-*}"
  echo "${rest##*-}"
}

# The stack-file variable holding the tag of an image: frontend-service -> FRONTEND_SERVICE_TAG.
tag_variable() {
  local name="${1//-/_}"
  echo "${name^^}_TAG"
}

# The local name of one of the pipeline's images: generator-suite/int-service:TAG.
image_name() { echo "$IMAGE_PREFIX/$1:$2"; }

# Where the pipeline deploys: DEPLOY_DOCKER_HOST (e.g. ssh://deploy@manager) or this engine.
use_deploy_engine() {
  if [[ -n "${DEPLOY_DOCKER_HOST:-}" ]]; then
    export DOCKER_HOST="$DEPLOY_DOCKER_HOST"
    log "deploying through the swarm manager at $DOCKER_HOST"
  fi
}

stack_service() { echo "${STACK_NAME}_$1"; }

service_exists() { docker service inspect "$(stack_service "$1")" >/dev/null 2>&1; }

# The tag of the image a stack service runs now (empty when the service does not exist).
# FIELD: Spec (what is deployed) or PreviousSpec (what was deployed before the last update).
service_tag() {
  local service="$1" field="${2:-Spec}" image
  image="$(docker service inspect -f "{{with .$field}}{{.TaskTemplate.ContainerSpec.Image}}{{end}}" \
    "$(stack_service "$service")" 2>/dev/null || true)"
  image="${image%%@*}"
  image="${image##*/}"
  if [[ "$image" == *:* ]]; then
    echo "${image##*:}"
  fi
}

# Waits until every service of STACK_IMAGES runs all its replicas, all of them with the tag
# that the variable $(tag_variable SERVICE) (or TAG) names, and no task of another tag runs.
# Fails when Swarm rolled an update back or paused it (new tasks that never became healthy).
wait_for_convergence() {
  local timeout="${DEPLOY_TIMEOUT:-420}" deadline service pending state
  deadline=$(($(now) + timeout))
  log "waiting for every service to run its new tasks (up to ${timeout}s)"
  while true; do
    pending=()
    for service in "${STACK_IMAGES[@]}"; do
      state="$(service_convergence "$service")"
      case "$state" in
        converged) ;;
        failed:*) die "$service: Swarm stopped the update (${state#failed:}); see docker service ps $(stack_service "$service")" ;;
        *) pending+=("$service ($state)") ;;
      esac
    done
    if [[ ${#pending[@]} -eq 0 ]]; then
      log "every service converged"
      return 0
    fi
    if (($(now) > deadline)); then
      die "not converged within ${timeout}s: ${pending[*]}"
    fi
    sleep 3
  done
}

# converged, failed:<update state>, or what is still awaited.
service_convergence() {
  local service="$1" variable expected replicas update running=0 other=0 image state
  variable="$(tag_variable "$service")"
  expected="${!variable:-$TAG}"
  replicas="$(docker service inspect -f '{{with .Spec.Mode.Replicated}}{{.Replicas}}{{end}}' \
    "$(stack_service "$service")" 2>/dev/null || echo "")"
  [[ -n "$replicas" ]] || { echo "not deployed"; return 0; }
  update="$(docker service inspect -f '{{with .UpdateStatus}}{{.State}}{{end}}' "$(stack_service "$service")")"
  case "$update" in
    paused | rollback_started | rollback_paused | rollback_completed)
      echo "failed:$update"
      return 0
      ;;
  esac
  while IFS='|' read -r image state; do
    [[ -n "$image" ]] || continue
    image="${image%%@*}"
    if [[ "${image##*:}" == "$expected" && "$state" == Running* ]]; then
      running=$((running + 1))
    else
      other=$((other + 1))
    fi
  done < <(docker service ps "$(stack_service "$service")" --filter desired-state=running \
    --format '{{.Image}}|{{.CurrentState}}' 2>/dev/null)
  if ((running >= replicas && other == 0)); then
    echo converged
  else
    echo "$running/$replicas running with tag $expected, $other other"
  fi
}

#!/usr/bin/env bash
# Builds the suite's images from the jars `mvn package` left in */target/quarkus-app:
#   $IMAGE_PREFIX/{int,float,combiner,frontend}-service and $IMAGE_PREFIX/nginx,
# each tagged $TAG (default <project version>-<build number>) and latest.
#
# Base images (BASE_IMAGES):
#   auto    (default) the public image (eclipse-temurin:17-jre, postgres:15) when it is already
#           on this machine, else the one scripts/base-images.sh builds from Debian's packages
#           (built now when missing). Never contacts a registry.
#   public  the public images; Docker pulls them when missing (needs a registry).
#   local   always the Debian-built ones.
# nginx always uses the Debian-built base: its balancer needs Debian's nginx Lua module.
#
# Tags: with TAG given (a pipeline), every image is deployed as $TAG. Without it, each image also
# gets a content tag, <version>-<build>-<12 digits of its image id>, so a redeploy rolls exactly
# the services whose image changed. The tags to deploy go to .local/images.env for up.sh.
set -euo pipefail

usage() {
  echo "usage: [TAG=...] [BUILD_NUMBER=local] [BUILD_COMMIT=...] [IMAGE_PREFIX=generator-suite]" \
    "[BASE_IMAGES=auto|public|local] $0" >&2
}
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

BASE_IMAGES="${BASE_IMAGES:-auto}"
VERSION="$(project_version)"
BUILD_NUMBER="${BUILD_NUMBER:-local}"
COMMIT="$(build_commit)"
EXPLICIT_TAG="${TAG:-}"
TAG="${TAG:-$VERSION-$BUILD_NUMBER}"
IMAGES_ENV="$LOCAL_DIR/images.env"
KEEP_CONTENT_TAGS=3  # per image, so a rollback still finds the previous image

# public image -> Debian-built stand-in (scripts/base-images.sh); nginx has no public one
declare -A PUBLIC_BASE=([jre]=eclipse-temurin:17-jre [postgres]=postgres:15)
declare -A LOCAL_BASE=(
  [jre]=generator-suite-base/jre:17 [nginx]=generator-suite-base/nginx:1.22
  [postgres]=generator-suite-base/postgres:15
)

# The base image to use for one kind (jre, nginx, postgres), building the local one if needed.
choose_base_image() {
  local kind="$1"
  if [[ -z "${PUBLIC_BASE[$kind]:-}" ]]; then
    ensure_local_base "$kind"
    return
  fi
  case "$BASE_IMAGES" in
    public) echo "${PUBLIC_BASE[$kind]}" ;;
    local) ensure_local_base "$kind" ;;
    auto)
      if image_exists "${PUBLIC_BASE[$kind]}"; then
        echo "${PUBLIC_BASE[$kind]}"
      else
        ensure_local_base "$kind"
      fi
      ;;
    *) die "BASE_IMAGES must be auto, public or local (not '$BASE_IMAGES')" ;;
  esac
}

ensure_local_base() {
  local kind="$1"
  if ! image_exists "${LOCAL_BASE[$kind]}"; then
    log "base image ${LOCAL_BASE[$kind]} is missing: building it from Debian's packages" >&2
    "$ROOT/scripts/base-images.sh" "$kind" >&2
  fi
  echo "${LOCAL_BASE[$kind]}"
}

# Builds, side by side and in one go, every Debian-built base this build will need: the missing
# ones, and (as root) those whose inputs changed, e.g. a new update in the Debian security suite
# (base-images.sh keeps the others; the check costs one small download).
build_missing_local_bases() {
  local kind needed=() missing=()
  for kind in jre nginx postgres; do
    if [[ -n "${PUBLIC_BASE[$kind]:-}" ]]; then
      [[ "$BASE_IMAGES" != public ]] || continue
      if [[ "$BASE_IMAGES" == auto ]] && image_exists "${PUBLIC_BASE[$kind]}"; then continue; fi
    fi
    needed+=("$kind")
    image_exists "${LOCAL_BASE[$kind]}" || missing+=("$kind")
  done
  [[ ${#needed[@]} -gt 0 ]] || return 0
  if [[ $EUID -ne 0 ]]; then
    [[ ${#missing[@]} -gt 0 ]] || { warn "not root: the offline base images are used as they are"; return 0; }
    needed=("${missing[@]}")
  fi
  log "building or refreshing the offline base images (${needed[*]}) from Debian's packages"
  "$ROOT/scripts/base-images.sh" "${needed[@]}"
}

check_jars() {
  local svc missing=()
  for svc in "${SERVICES[@]}"; do
    [[ -f "$ROOT/$svc/target/quarkus-app/quarkus-run.jar" ]] || missing+=("$svc")
  done
  [[ ${#missing[@]} -eq 0 ]] ||
    die "no fast-jar for ${missing[*]}: run 'mvn package -DskipTests' (make build) first"
}

commit_date() {
  git -C "$ROOT" log -1 --format=%cI 2>/dev/null || true
}

# build_image NAME DOCKERFILE BASE [BUILD-ARG...]: builds $IMAGE_PREFIX/NAME:$TAG and :latest;
# prints the tag to deploy.
build_image() {
  local dockerfile="$2" base="$3" repo="$IMAGE_PREFIX/$1" id deploy_tag out arg
  local extra_args=()
  for arg in "${@:4}"; do extra_args+=(--build-arg "$arg"); done
  log "building $repo:$TAG (base $base)" >&2
  if ! out="$(DOCKER_BUILDKIT=0 docker build -q -f "$ROOT/$dockerfile" \
    --build-arg "BASE_IMAGE=$base" --build-arg "VERSION=$VERSION" \
    --build-arg "BUILD_NUMBER=$BUILD_NUMBER" --build-arg "BUILD_COMMIT=$COMMIT" \
    --build-arg "BUILD_DATE=$(commit_date)" "${extra_args[@]}" \
    -t "$repo:$TAG" -t "$repo:latest" "$ROOT" 2>&1)"; then
    echo "$out" >&2
    die "building $repo failed"
  fi
  id="$(docker image inspect -f '{{.Id}}' "$repo:$TAG")"
  if [[ -n "$EXPLICIT_TAG" ]]; then
    deploy_tag="$TAG"
  else
    deploy_tag="$TAG-$(cut -c8-19 <<<"$id")"
    docker tag "$repo:$TAG" "$repo:$deploy_tag"
    prune_content_tags "$repo"
  fi
  log "built $repo:$deploy_tag" >&2
  echo "$deploy_tag"
}

# Removes all but the newest $KEEP_CONTENT_TAGS content tags of a repository (tags only: an
# image still used by a container stays).
prune_content_tags() {
  local repo="$1" old
  docker image ls --format '{{.CreatedAt}}\t{{.Repository}}:{{.Tag}}' "$repo" |
    grep -E ":$TAG-[0-9a-f]{12}$" | sort -r | tail -n +$((KEEP_CONTENT_TAGS + 1)) | cut -f2 |
    while read -r old; do docker rmi "$old" >/dev/null 2>&1 || true; done
}

# Images are built BUILD_JOBS at a time (default 2): most of a service's build is one JVM
# starting once (appcds.sh), which leaves the other core idle. start_build VAR ARGS... runs
# build_image ARGS in the background; its deploy tag, printed only when it succeeded, goes to
# $BUILD_DIR/VAR.
start_build() {
  local var="$1"
  shift
  while (($(jobs -rp | wc -l) >= ${BUILD_JOBS:-2})); do wait -n || true; done
  build_image "$@" >"$BUILD_DIR/$var" &
}

# Waits for every build and takes its tag into DEPLOY_TAGS; fails when one printed none.
finish_builds() {
  local var failed=()
  wait || true
  for var in "$BUILD_DIR"/*; do
    var="${var##*/}"
    DEPLOY_TAGS[$var]="$(cat "$BUILD_DIR/$var")"
    [[ -n "${DEPLOY_TAGS[$var]}" ]] || failed+=("${var%_TAG}")
  done
  ((${#failed[@]} == 0)) || die "building failed: ${failed[*]} (the build's output is above)"
}

write_images_env() {
  mkdir -p "$LOCAL_DIR"
  {
    echo "# Written by scripts/build-images.sh: the images scripts/up.sh deploys."
    echo "IMAGE_PREFIX=$IMAGE_PREFIX"
    local key
    for key in "${!DEPLOY_TAGS[@]}"; do echo "$key=${DEPLOY_TAGS[$key]}"; done | sort
    echo "POSTGRES_IMAGE=$POSTGRES_BASE"
  } >"$IMAGES_ENV"
  log "image tags for the deployment: $IMAGES_ENV"
}

main() {
  docker_is_up || die "the Docker engine is not running (scripts/docker-engine.sh starts it)"
  check_jars
  local jre_base nginx_base svc var
  build_missing_local_bases
  jre_base="$(choose_base_image jre)"
  nginx_base="$(choose_base_image nginx)"
  POSTGRES_BASE="$(choose_base_image postgres)"
  declare -gA DEPLOY_TAGS=()
  BUILD_DIR="$(mktemp -d)"
  trap 'rm -rf "$BUILD_DIR"' EXIT
  for svc in "${SERVICES[@]}"; do
    var="$(tr 'a-z-' 'A-Z_' <<<"$svc")_TAG"
    start_build "$var" "$svc" docker/jvm/Dockerfile "$jre_base" "SERVICE=$svc"
  done
  start_build NGINX_TAG nginx nginx/Dockerfile "$nginx_base"
  finish_builds
  write_images_env
}

main

#!/usr/bin/env bash
# Pipeline stage "Images": builds nginx's and the four services' images of this build, tagged
# TAG (VERSION-BUILD_NUMBER-COMMIT) with the build's number and commit baked in (labels and
# the env the /version endpoints read), through scripts/build-images.sh; then checks them.
# Needs the jars of build.sh. Base images are reused; only the layers of this build change.
set -euo pipefail

usage() { echo "usage: $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"
load_build

check_image() {
  local image label
  image="$(image_name "$1" "$TAG")"
  image_exists "$image" || die "$image was not built"
  label="$(docker image inspect -f '{{index .Config.Labels "dev.generatorsuite.build-number"}}' "$image")"
  [[ "$label" == "$BUILD_NUMBER" ]] || die "$image is labelled build '$label', not $BUILD_NUMBER"
  log "$image (build $BUILD_NUMBER)"
}

log "building the images of build $BUILD_NUMBER, tag $TAG"
"$ROOT/scripts/build-images.sh"
for image in "${STACK_IMAGES[@]}"; do
  check_image "$image"
done

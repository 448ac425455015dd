#!/usr/bin/env bash
# Pipeline stage "Version": fixes the build's identity and writes it to .local/pipeline/build.env
# for the stages after it, then prints it as KEY=VALUE lines.
#   VERSION       the Maven project's version (the root pom)
#   BUILD_NUMBER  Jenkins' BUILD_NUMBER; elsewhere the next number of a local counter kept in
#                 .local/build-number (each run of this script is a new build)
#   BUILD_COMMIT  the commit being built (git rev-parse --short=12 HEAD)
#   TAG           VERSION-BUILD_NUMBER-BUILD_COMMIT: the tag of every image of this build
# --show prints the identity of the current build without starting a new one.
set -euo pipefail

usage() { echo "usage: [BUILD_NUMBER=n] $0 [--show]" >&2; }
SHOW=0
case "${1:-}" in
  "") ;;
  --show) SHOW=1 ;;
  -h | --help) usage; exit 0 ;;
  *) usage; exit 2 ;;
esac
[[ $# -le 1 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"

COUNTER="$LOCAL_DIR/build-number"

# The next local build number: one more than the last one handed out (safe against parallel runs).
next_local_build_number() {
  mkdir -p "$LOCAL_DIR"
  (
    flock 9
    local last=0
    [[ ! -s "$COUNTER" ]] || last="$(<"$COUNTER")"
    [[ "$last" =~ ^[0-9]+$ ]] || die "$COUNTER holds '$last', not a number"
    echo $((last + 1)) >"$COUNTER"
    echo $((last + 1))
  ) 9>"$COUNTER.lock"
}

write_build_env() {
  local version build commit
  version="$(project_version)"
  [[ -n "$version" ]] || die "no <version> in $ROOT/pom.xml"
  if [[ -n "${BUILD_NUMBER:-}" ]]; then
    build="$BUILD_NUMBER"
    log "build number $build (from BUILD_NUMBER)"
  else
    build="$(next_local_build_number)"
    log "build number $build (local counter $COUNTER)"
  fi
  [[ "$build" =~ ^[0-9]+$ ]] || die "BUILD_NUMBER must be a number, got '$build'"
  commit="$(build_commit)"
  mkdir -p "$PIPELINE_DIR"
  {
    echo "# The identity of the current build, written by scripts/pipeline/version.sh."
    printf 'VERSION=%q\n' "$version"
    printf 'BUILD_NUMBER=%q\n' "$build"
    printf 'BUILD_COMMIT=%q\n' "$commit"
    printf 'TAG=%q\n' "$version-$build-$commit"
    printf 'IMAGE_PREFIX=%q\n' "$IMAGE_PREFIX"
  } >"$BUILD_ENV.tmp"
  mv "$BUILD_ENV.tmp" "$BUILD_ENV"
}

[[ $SHOW == 1 ]] || write_build_env
load_build
# shellcheck disable=SC2153  # set by load_build
log "version $VERSION, build $BUILD_NUMBER, commit $BUILD_COMMIT: images are tagged $TAG"
grep -v '^#' "$BUILD_ENV"

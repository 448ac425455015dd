#!/usr/bin/env bash
# Shared by the container scripts (docker-engine, base-images, build-images, up, down,
# test-stack): names, logging and small Docker helpers. Source it; it runs nothing by itself.

# shellcheck disable=SC2034  # the variables below are used by the scripts that source this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_NAME="${STACK_NAME:-generator-suite}"
STACK_FILE="$ROOT/docker-stack.yml"
LOCAL_DIR="$ROOT/.local"
IMAGE_PREFIX="${IMAGE_PREFIX:-generator-suite}"
SERVICES=(int-service float-service combiner-service frontend-service)
DB_NODE_LABEL="generator-suite.db"

log() { printf '==> %s: %s\n' "${SCRIPT_NAME:-${0##*/}}" "$*"; }
warn() { printf '==> %s: WARNING: %s\n' "${SCRIPT_NAME:-${0##*/}}" "$*" >&2; }
die() {
  printf '==> %s: ERROR: %s\n' "${SCRIPT_NAME:-${0##*/}}" "$*" >&2
  exit 1
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is missing (apt-get install ${2:-$1})"
}

docker_is_up() { docker info >/dev/null 2>&1; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The version of the Maven project: the root pom's own <version> (the first one in the file).
project_version() {
  sed -n 's:^ *<version>\([^<]*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1
}

# The commit the images are built from; "unknown" outside a git work tree or before the first commit.
build_commit() {
  if [[ -n "${BUILD_COMMIT:-}" ]]; then
    echo "$BUILD_COMMIT"
  else
    git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown
  fi
}

# A short, stable hash of some files' content: used to version Swarm secrets and base images.
content_hash() {
  cat "$@" | sha256sum | cut -c1-12
}

# Seconds since the epoch, for timeouts.
now() { date +%s; }

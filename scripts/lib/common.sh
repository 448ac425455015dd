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

# The id of this machine's running PostgreSQL task of the stack once it accepts connections;
# waits up to $1 seconds (default 120) and fails when none does.
postgres_container() {
  local deadline=$(($(now) + ${1:-120})) container
  while (($(now) < deadline)); do
    container="$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK_NAME}_postgres" | head -n 1)"
    if [[ -n "$container" ]] && docker exec "$container" pg_isready -q -h 127.0.0.1 -U generator >/dev/null 2>&1; then
      echo "$container"
      return 0
    fi
    sleep 2
  done
  return 1
}

# The first Debian mirror named in this machine's apt sources (one-line .list files or deb822
# .sources files), for the release $RELEASE itself (not -security or -updates). Used by the
# scripts that debootstrap images (base-images.sh, lab.sh); never a hard-coded host.
debian_mirror() {
  local file mirror=""
  shopt -s nullglob
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    if [[ "$file" == *.sources ]]; then
      # deb822: one stanza per paragraph, fields Types, URIs, Suites.
      mirror="$(awk -v rel="$RELEASE" 'BEGIN { RS = ""; FS = "\n" }
        { types = ""; uris = ""; suites = ""
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^Types:/) types = " " substr($i, 7) " "
            if ($i ~ /^URIs:/) uris = substr($i, 6)
            if ($i ~ /^Suites:/) suites = " " substr($i, 8) " "
          }
          gsub(/[ \t]+/, " ", types); gsub(/[ \t]+/, " ", suites)
          if (types ~ / deb / && suites ~ " " rel " ") { split(uris, u, " "); print u[1]; exit } }' "$file")"
    else
      # One-line format: deb [options] URI suite components...
      mirror="$(awk -v rel="$RELEASE" '$1 == "deb" {
          i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
          if ($(i + 1) == rel) { print $i; exit } }' "$file")"
    fi
    [[ -z "$mirror" ]] || break
  done
  shopt -u nullglob
  [[ -n "$mirror" ]] || die "no Debian mirror for '$RELEASE' in the apt sources in /etc/apt"
  echo "$mirror"
}

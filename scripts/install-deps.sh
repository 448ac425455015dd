#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when any is missing (root, Debian 12).
# `make test` and .ci/run call it; the Docker engine is installed by scripts/docker-engine.sh.
set -euo pipefail

usage() { echo "usage: $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

PACKAGES=(maven openjdk-17-jdk-headless make git curl jq openssl shellcheck yamllint
  debootstrap openssh-client ansible ansible-lint chromium chromium-driver
  wrk postgresql-client util-linux)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"
  done
}

main() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "==> install-deps: every package is installed"
    return
  fi
  [[ $(id -u) -eq 0 ]] || { echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
  echo "==> install-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

main

#!/usr/bin/env bash
# Builds the offline base images from Debian's packages (debootstrap + docker import), for
# machines that reach no image registry. Each stands in for a public image the Dockerfiles
# default to:
#   generator-suite-base/jre:17        for eclipse-temurin:17-jre  (OpenJDK 17 JRE, curl)
#   generator-suite-base/postgres:15   for postgres:15             (same entrypoint contract)
#   generator-suite-base/nginx:1.22    for nginx:1.27              (nginx 1.22, curl, openssl)
#   generator-suite-base/prometheus:2  for prom/prometheus:v2.53.4 (Debian's prometheus package;
#                                      only for the optional monitoring stack)
# Each image also gets every update of the release's security suite ($RELEASE-security, e.g.
# bookworm-security) published when it is built: debootstrap installs from the release alone,
# then apt upgrades from the security suite inside the new root.
# Idempotent: an image whose inputs (release, packages, added files, and the security suite's
# package index) have not changed is kept, so a base built before a new security update is
# rebuilt on the next run (checking costs one small download, the suite's InRelease file);
# FORCE=1 rebuilds. Downloaded packages are cached in $CACHE_DIR. The mirrors are the ones in
# this machine's apt sources. Needs root (debootstrap).
set -euo pipefail

usage() { echo "usage: [FORCE=1] [CACHE_DIR=/var/cache/generator-suite] $0 [jre|postgres|nginx|prometheus]..." >&2; }
[[ "${1:-}" != -h && "${1:-}" != --help ]] || { usage; exit 0; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

CACHE_DIR="${CACHE_DIR:-/var/cache/generator-suite}"
BASE_PREFIX="${BASE_PREFIX:-generator-suite-base}"
RELEASE="${DEBIAN_RELEASE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}"
SECURITY_SUITE="$RELEASE-security"
PG_MAJOR=15

# The name of each base image, the packages it holds and the Dockerfile instructions of its
# image config. All are exported for build-images.sh through base_image_name.
base_image_name() {
  case "$1" in
    jre) echo "$BASE_PREFIX/jre:17" ;;
    postgres) echo "$BASE_PREFIX/postgres:$PG_MAJOR" ;;
    nginx) echo "$BASE_PREFIX/nginx:1.22" ;;
    prometheus) echo "$BASE_PREFIX/prometheus:2" ;;
    *) die "unknown base image '$1' (jre, postgres, nginx, prometheus)" ;;
  esac
}

base_image_packages() {
  case "$1" in
    jre) echo "openjdk-17-jre-headless,curl,ca-certificates" ;;
    postgres) echo "postgresql-$PG_MAJOR,ca-certificates" ;;
    nginx) echo "nginx-light,curl,openssl,ca-certificates" ;;
    prometheus) echo "prometheus,ca-certificates" ;;
  esac
}

base_image_changes() {
  local path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  case "$1" in
    jre)
      printf '%s\n' "ENV PATH=$path" "ENV LANG=C.UTF-8" 'CMD ["jshell"]'
      ;;
    postgres)
      printf '%s\n' "ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:$path" "ENV LANG=C.UTF-8" \
        "ENV PG_MAJOR=$PG_MAJOR" "ENV PGDATA=/var/lib/postgresql/data" \
        "VOLUME /var/lib/postgresql/data" "EXPOSE 5432" \
        'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["postgres"]'
      ;;
    nginx)
      printf '%s\n' "ENV PATH=$path" "EXPOSE 80" "EXPOSE 443" \
        'CMD ["nginx", "-g", "daemon off;"]'
      ;;
    prometheus)
      # Like the public image: /bin/prometheus as user nobody, data in /prometheus.
      printf '%s\n' "ENV PATH=$path" "EXPOSE 9090" "USER nobody" "WORKDIR /prometheus" \
        'ENTRYPOINT ["/bin/prometheus"]' \
        'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]'
      ;;
  esac
}

# The files that go into an image besides its packages.
base_image_files() {
  case "$1" in
    postgres) echo "$ROOT/docker/postgres/docker-entrypoint.sh" ;;
  esac
}

# What the image is built from; an existing image with the same hash in its label is kept.
base_image_inputs_hash() {
  local files
  files="$(base_image_files "$1")"
  {
    echo "$RELEASE $(base_image_packages "$1")"
    echo "$SECURITY_SUITE $SECURITY_STAMP"
    base_image_changes "$1"
    [[ -z "$files" ]] || cat "$files"
    declare -f "customise_${1}_root" upgrade_from_security_suite
  } | sha256sum | cut -c1-12
}

# The security suite's current state: the SHA256 of its main package index for this
# architecture, as its InRelease file lists it (InRelease is signed; apt checks that signature
# when it upgrades). Empty when the mirror does not answer.
security_suite_stamp() {
  local mirror arch
  mirror="$(RELEASE="$SECURITY_SUITE" debian_mirror)"
  arch="$(dpkg --print-architecture)"
  curl -fsS --max-time 20 "$mirror/dists/$SECURITY_SUITE/InRelease" 2>/dev/null |
    awk -v index_file="main/binary-$arch/Packages.xz" '
      /^SHA256:/ { in_sha256 = 1; next }
      /^[^ ]/ { in_sha256 = 0 }
      in_sha256 && $3 == index_file { print $1; exit }' || true
}

# Upgrades a fresh root from the security suite alone (its index is small; the release's own
# index would add about 9 MB to every build). Services are not started (policy-rc.d), /proc is
# there for the packages' scripts (Java's certificates need it). The .debs are kept between
# builds in $CACHE_DIR/debs/<kind>-security.
upgrade_from_security_suite() {
  local root="$1" kind="$2" mirror debs="$CACHE_DIR/debs/$2-security" apt_opts
  mirror="$(RELEASE="$SECURITY_SUITE" debian_mirror)"
  apt_opts=(-q -o Dir::Etc::SourceList=/etc/apt/sources.list.d/security.list -o Dir::Etc::SourceParts=/dev/null)
  echo "deb $mirror $SECURITY_SUITE main" >"$root/etc/apt/sources.list.d/security.list"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 0755 "$root/usr/sbin/policy-rc.d"
  mkdir -p "$debs"
  rm -f "$root"/var/cache/apt/archives/*.deb # debootstrap's, cached in $CACHE_DIR/debs/<kind>
  cp -a "$debs"/. "$root/var/cache/apt/archives/"
  mount -t proc proc "$root/proc"
  local status=0
  {
    chroot "$root" apt-get "${apt_opts[@]}" update &&
      DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get "${apt_opts[@]}" -y \
        -o Dpkg::Options::=--force-confold upgrade &&
      chroot "$root" apt-get "${apt_opts[@]}" autoclean # drops the .debs the suite superseded
  } >"$CACHE_DIR/security-upgrade-$kind.log" 2>&1 || status=$?
  umount "$root/proc"
  rm -f "$root/usr/sbin/policy-rc.d"
  cp -a "$root"/var/cache/apt/archives/*.deb "$debs"/ 2>/dev/null || true
  if ((status != 0)); then
    tail -n 30 "$CACHE_DIR/security-upgrade-$kind.log" >&2
    die "upgrading $kind from $SECURITY_SUITE failed (log: $CACHE_DIR/security-upgrade-$kind.log)"
  fi
  log "$kind: $(grep -E '^[0-9]+ upgraded' "$CACHE_DIR/security-upgrade-$kind.log" || echo 'upgrade done')"
}


customise_jre_root() {
  local root="$1"
  # The JRE's command line tools on PATH (update-alternatives already links java).
  [[ -x "$root/usr/bin/java" ]]
}

customise_postgres_root() {
  local root="$1"
  install -m 0755 "$ROOT/docker/postgres/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  # The cluster the package created is not used: the entrypoint runs initdb in $PGDATA.
  rm -rf "$root/var/lib/postgresql/$PG_MAJOR" "$root/etc/postgresql/$PG_MAJOR"
  # Through the chroot: /var/run is a link to /run, which outside it is the build host's own.
  # The socket directory is world-writable like the official image's, so that a tmpfs over it
  # (which takes its mode) works for the postgres user of either image (docker-stack.yml).
  chroot "$root" mkdir -p /var/lib/postgresql/data /var/run/postgresql /docker-entrypoint-initdb.d
  chroot "$root" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
  chroot "$root" chmod 0700 /var/lib/postgresql/data
  chroot "$root" chmod 3777 /var/run/postgresql
}

customise_nginx_root() {
  local root="$1"
  # Like the official image: logs go to the container's output; no site is enabled.
  ln -sf /dev/stdout "$root/var/log/nginx/access.log"
  ln -sf /dev/stderr "$root/var/log/nginx/error.log"
  rm -f "$root/etc/nginx/sites-enabled/default"
}

customise_prometheus_root() {
  local root="$1"
  # The package's defaults (a config scraping localhost, the node exporter's) are not used:
  # the monitoring image brings its own configuration.
  rm -f "$root/etc/prometheus/prometheus.yml" "$root/etc/default/prometheus"
  mkdir -p "$root/prometheus"
  chroot "$root" chown nobody:nogroup /prometheus
}

slim_root() {
  local root="$1"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/var/tmp/*
}

build_base_image() {
  local kind="$1" image hash current root mirror
  image="$(base_image_name "$kind")"
  hash="$(base_image_inputs_hash "$kind")"
  current="$(docker image inspect -f '{{index .Config.Labels "generator-suite.base.inputs"}}' "$image" 2>/dev/null || true)"
  if [[ "$current" == "$hash" && "${FORCE:-0}" != 1 ]]; then
    log "$image is up to date (inputs $hash)"
    return
  fi
  if [[ -n "$current" && -z "$SECURITY_STAMP" && "${FORCE:-0}" != 1 ]]; then
    warn "$image kept: $SECURITY_SUITE did not answer, so whether it misses updates is unknown"
    return
  fi
  mirror="$(debian_mirror)"
  root="$(mktemp -d "$CACHE_DIR/root-$kind.XXXXXX")"
  # shellcheck disable=SC2064  # the path is fixed now, on purpose
  trap "{ umount '$root/proc' 2>/dev/null || true; }; rm -rf --one-file-system '$root'" EXIT
  log "$image: debootstrap $RELEASE from $mirror with $(base_image_packages "$kind")"
  mkdir -p "$CACHE_DIR/debs/$kind"
  if ! debootstrap --variant=minbase --cache-dir="$CACHE_DIR/debs/$kind" \
    --include="$(base_image_packages "$kind")" "$RELEASE" "$root" "$mirror" \
    >"$CACHE_DIR/debootstrap-$kind.log" 2>&1; then
    tail -n 30 "$CACHE_DIR/debootstrap-$kind.log" >&2
    die "debootstrap of $image failed (log: $CACHE_DIR/debootstrap-$kind.log)"
  fi
  log "$image: upgrading from $SECURITY_SUITE"
  local upgrade_start
  upgrade_start="$(now)"
  upgrade_from_security_suite "$root" "$kind"
  log "$image: security upgrade took $(($(now) - upgrade_start))s"
  "customise_${kind}_root" "$root"
  slim_root "$root"
  local changes=() line
  while IFS= read -r line; do changes+=(--change "$line"); done < <(base_image_changes "$kind")
  changes+=(--change "LABEL generator-suite.base.inputs=$hash")
  changes+=(--change "LABEL generator-suite.base.security-index=${SECURITY_STAMP:0:12}")
  changes+=(--change "LABEL org.opencontainers.image.description=\"Debian $RELEASE: $(base_image_packages "$kind")\"")
  log "$image: importing the root file system"
  tar --numeric-owner -C "$root" --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* -c . |
    docker import "${changes[@]}" - "$image" >/dev/null
  log "$image: built ($(docker image inspect -f '{{.Size}}' "$image" | numfmt --to=iec))"
}

main() {
  local kinds=("$@") pids=() kind failed=0 i
  [[ ${#kinds[@]} -gt 0 ]] || kinds=(jre postgres nginx)
  for kind in "${kinds[@]}"; do base_image_name "$kind" >/dev/null; done
  docker_is_up || die "the Docker engine is not running (scripts/docker-engine.sh starts it)"
  [[ $EUID -eq 0 ]] || die "debootstrap needs root"
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
  fi
  mkdir -p "$CACHE_DIR"
  SECURITY_STAMP="$(security_suite_stamp)"
  if [[ -n "$SECURITY_STAMP" ]]; then
    log "$SECURITY_SUITE: main package index ${SECURITY_STAMP:0:12}"
  else
    warn "$SECURITY_SUITE did not answer: existing base images are kept as they are"
  fi
  # The images are independent: build them side by side (about 40 s each alone).
  for kind in "${kinds[@]}"; do
    build_base_image "$kind" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { warn "base image ${kinds[$i]} failed"; failed=1; }
  done
  ((failed == 0)) || die "some base images could not be built"
}

main "$@"

#!/usr/bin/env bash
# Known-vulnerability check of the product's images that works offline from the vulnerability
# databases (make test-vulns; docs/security.md says why the Maven scanners cannot run here).
# Debian publishes every security fix of a release in its security suite (e.g.
# bookworm-security). For each image this lists the Debian packages installed in it
# (dpkg-query in a throwaway container: no network, read-only, the image left as it is) and
# compares their versions with the suite's package index, fetched once on the host and checked
# against the suite's signed InRelease file. A package older than the suite's version misses a
# published security fix.
# Images: the ones .local/images.env names (scripts/build-images.sh writes it: the four
# services, nginx, postgres), else the `latest` tags; plus $IMAGE_PREFIX/prometheus:latest when
# it was built. IMAGES="a b" checks those instead.
# Prints, per image, the packages checked and the pending fixes (name, installed -> fixed
# version); exits 1 when any image misses a fix or could not be checked.
set -euo pipefail

usage() { echo "usage: [IMAGES=\"image ...\"] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

SCRIPT_NAME=check-vulnerabilities
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
ARCH="$(dpkg --print-architecture)"
WORK="$(mktemp -d /tmp/check-vulnerabilities.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# The images to check, one per line.
images_to_check() {
  if [[ -n "${IMAGES:-}" ]]; then
    tr ' ' '\n' <<<"$IMAGES" | grep -v '^$'
    return
  fi
  local svc var tag
  if [[ -f "$LOCAL_DIR/images.env" ]]; then
    for svc in "${SERVICES[@]}" nginx; do
      var="$(tr 'a-z-' 'A-Z_' <<<"$svc")_TAG"
      tag="$(sed -n "s/^$var=//p" "$LOCAL_DIR/images.env")"
      echo "$IMAGE_PREFIX/$svc:${tag:-latest}"
    done
    sed -n 's/^POSTGRES_IMAGE=//p' "$LOCAL_DIR/images.env"
  else
    for svc in "${SERVICES[@]}" nginx; do echo "$IMAGE_PREFIX/$svc:latest"; done
    echo "postgres:15"
  fi
  ! image_exists "$IMAGE_PREFIX/prometheus:latest" || echo "$IMAGE_PREFIX/prometheus:latest"
}

# fetch_security_index CODENAME: writes "package version" lines of CODENAME-security's main
# index for this architecture to $WORK/CODENAME.index; the index's hash must match the one the
# signed InRelease names.
fetch_security_index() {
  local codename="$1" suite="$1-security" mirror release="$WORK/$1.InRelease" sha valid_until
  mirror="$(RELEASE="$suite" debian_mirror)"
  curl -fsS --max-time 30 -o "$release" "$mirror/dists/$suite/InRelease" ||
    die "$suite: cannot fetch $mirror/dists/$suite/InRelease"
  if command -v gpgv >/dev/null && [[ -f "$KEYRING" ]]; then
    gpgv --keyring "$KEYRING" "$release" >/dev/null 2>&1 || die "$suite: InRelease is not signed by Debian's archive key"
  else
    warn "gpgv or $KEYRING missing: the signature of $suite's InRelease is not checked"
  fi
  valid_until="$(sed -n 's/^Valid-Until: //p' "$release")"
  if [[ -n "$valid_until" ]] && (($(date -d "$valid_until" +%s) < $(now))); then
    die "$suite: the index expired on $valid_until (a stale mirror?)"
  fi
  sha="$(awk -v f="main/binary-$ARCH/Packages.xz" '/^SHA256:/ { s = 1; next } /^[^ ]/ { s = 0 }
    s && $3 == f { print $1; exit }' "$release")"
  [[ -n "$sha" ]] || die "$suite: InRelease names no main/binary-$ARCH/Packages.xz"
  curl -fsS --max-time 60 -o "$WORK/$codename.Packages.xz" "$mirror/dists/$suite/main/binary-$ARCH/Packages.xz" ||
    die "$suite: cannot fetch its package index"
  [[ "$(sha256sum "$WORK/$codename.Packages.xz" | cut -d' ' -f1)" == "$sha" ]] ||
    die "$suite: the package index does not match the hash in InRelease"
  xz -dc "$WORK/$codename.Packages.xz" |
    awk '/^Package: / { p = $2 } /^Version: / { print p, $2 }' | LC_ALL=C sort -u >"$WORK/$codename.index"
  log "$suite: $(wc -l <"$WORK/$codename.index") package versions, index of $(sed -n 's/^Date: //p' "$release") (from $mirror)"
}

# check_image IMAGE: prints its figures; returns 1 when it misses a fix or cannot be checked.
check_image() {
  local image="$1" out codename id installed in_suite pending=() name version fixed
  image_exists "$image" || { echo "  $image: NOT CHECKED (no such image on this machine)"; return 1; }
  # shellcheck disable=SC2016  # expanded by the container's shell
  if ! out="$(timeout 60 docker run --rm --pull never --network none --read-only --cap-drop ALL \
    --user 0 --entrypoint sh "$image" -c '. /etc/os-release; echo "$ID ${VERSION_CODENAME:-}";
      dpkg-query -W -f "\${db:Status-Abbrev} \${Package} \${Version}\n"' 2>&1)"; then
    echo "  $image: NOT CHECKED (no shell, os-release or dpkg in it: $(tail -n 1 <<<"$out"))"
    return 1
  fi
  read -r id codename <<<"$(head -n 1 <<<"$out")"
  [[ "$id" == debian && -n "$codename" ]] || { echo "  $image: NOT CHECKED ($id ${codename:-?} is not Debian)"; return 1; }
  [[ -s "$WORK/$codename.index" ]] || fetch_security_index "$codename"
  tail -n +2 <<<"$out" | awk '$1 == "ii" { print $2, $3 }' | LC_ALL=C sort -u >"$WORK/installed"
  installed="$(wc -l <"$WORK/installed")"
  LC_ALL=C join "$WORK/installed" "$WORK/$codename.index" >"$WORK/joined" || true
  in_suite="$(cut -d' ' -f1 "$WORK/joined" | sort -u | wc -l)"
  # The newest fixed version of each package the installed one is older than.
  declare -A newest=() current=()
  while read -r name version fixed; do
    dpkg --compare-versions "$version" lt "$fixed" || continue
    if [[ -z "${newest[$name]:-}" ]] || dpkg --compare-versions "$fixed" gt "${newest[$name]}"; then
      newest[$name]="$fixed" current[$name]="$version"
    fi
  done <"$WORK/joined"
  for name in "${!newest[@]}"; do pending+=("$name ${current[$name]} -> ${newest[$name]}"); done
  mapfile -t pending < <(printf '%s\n' "${pending[@]}" | grep -v '^$' | sort)
  echo "  $image (Debian $codename): $installed packages checked, $in_suite of them in $codename-security," \
    "${#pending[@]} security fixes pending"
  [[ ${#pending[@]} -eq 0 ]] || printf '      %s\n' "${pending[@]}"
  [[ ${#pending[@]} -eq 0 ]]
}

main() {
  local images image failed=0 start
  start="$(now)"
  require_command curl
  require_command xz xz-utils
  docker_is_up || die "the Docker engine is not running (scripts/docker-engine.sh starts it)"
  mapfile -t images < <(images_to_check)
  log "checking ${#images[@]} images against Debian's security suite"
  for image in "${images[@]}"; do
    check_image "$image" || failed=$((failed + 1))
  done
  log "$((${#images[@]} - failed)) of ${#images[@]} images have every published security fix ($(($(now) - start))s)"
  ((failed == 0))
}

main

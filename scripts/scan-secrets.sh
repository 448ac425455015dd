#!/usr/bin/env bash
# Secret scan (issue 6): no secret in the repository or in any layer of the product's images.
#
# It looks for two things:
#   - the deployment's real secrets, byte for byte: the database password, the operators'
#     password and its htpasswd line, and the TLS private key (.local/secrets, as scripts/up.sh
#     made them); these must appear nowhere but in .local/secrets and in Swarm's secret store;
#   - anything shaped like a private key ("-----BEGIN ... PRIVATE KEY-----") in the files git
#     tracks and in the layers our Dockerfiles add (the Debian base layers are not ours and ship
#     test keys of their own packages, e.g. in documentation).
# The repository is the set of files git tracks plus the whole history; the images are the ones
# .local/images.env names (scripts/build-images.sh writes it), else the `latest` tags.
# Prints one line per finding and "N findings"; exits 1 when there is any.
set -euo pipefail

usage() { echo "usage: $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

SCRIPT_NAME=scan-secrets
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

SECRETS_DIR="$LOCAL_DIR/secrets"
PRIVATE_KEY_PATTERN='-----BEGIN ([A-Z]+ )?PRIVATE KEY-----'
WORK="$(mktemp -d /tmp/scan-secrets.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
FINDINGS=0

finding() { echo "FOUND: $*"; FINDINGS=$((FINDINGS + 1)); }

# The secret values as fixed strings, one per line: whole files, plus each line of the key.
secret_values() {
  local file
  for file in db_password ops_password ops_htpasswd; do
    [[ -s "$SECRETS_DIR/$file" ]] && head -n 1 "$SECRETS_DIR/$file"
  done
  # The key's base64 body lines (64 characters each) identify it even in part.
  [[ -s "$SECRETS_DIR/tls_key.pem" ]] && grep -v -- '-----' "$SECRETS_DIR/tls_key.pem" | awk 'length($0) >= 40'
  return 0
}

scan_repository() {
  local values="$WORK/values" hits
  log "scanning the files git tracks and the history of $ROOT"
  secret_values >"$values"
  if [[ -s "$values" ]]; then
    # Every version of every file ever committed, not only the current tree.
    local revisions
    mapfile -t revisions < <(git -C "$ROOT" rev-list --all)
    hits="$(
      git -C "$ROOT" grep -I -l -F -f "$values" -- . 2>/dev/null || true
      git -C "$ROOT" grep -I -l -F -f "$values" "${revisions[@]}" -- 2>/dev/null || true
    )"
    [[ -z "$hits" ]] || while read -r hit; do finding "a deployment secret in the repository: $hit"; done <<<"$hits"
  else
    warn "no secrets in $SECRETS_DIR yet (scripts/up.sh makes them): only key shapes are checked"
  fi
  hits="$(git -C "$ROOT" grep -I -l -E -e "$PRIVATE_KEY_PATTERN" -- . 2>/dev/null || true)"
  [[ -z "$hits" ]] || while read -r hit; do finding "a private key in the repository: $hit"; done <<<"$hits"
}

# The images of the product: name:tag, one per line.
product_images() {
  local svc var tag
  for svc in "${SERVICES[@]}" nginx; do
    var="$(tr 'a-z-' 'A-Z_' <<<"$svc")_TAG"
    tag="$(sed -n "s/^$var=//p" "$LOCAL_DIR/images.env" 2>/dev/null | tail -n 1)"
    echo "$IMAGE_PREFIX/$svc:${tag:-latest}"
  done
}

# The layers of an image that its base image does not have (the ones our Dockerfile added).
own_layers() {
  local image="$1" base
  base="$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.base.name"}}' "$image" 2>/dev/null || true)"
  if [[ -n "$base" && "$base" != "<no value>" ]] && image_exists "$base"; then
    comm -23 <(docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' "$image" | sort) \
      <(docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' "$base" | sort)
  else
    docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' "$image"
  fi
}

scan_image() {
  local image="$1" dir="$WORK/image" values="$WORK/values" layer digest layers=0 own
  rm -rf "$dir" && mkdir -p "$dir"
  docker save "$image" | tar -x -C "$dir"
  own="$(own_layers "$image")"
  # manifest.json lists the layer archives in order; the config lists their diff ids in order.
  while read -r layer; do
    layers=$((layers + 1))
    digest="sha256:$(sha256sum "$dir/$layer" | cut -d' ' -f1)"
    if [[ -s "$values" ]] && tar -xOf "$dir/$layer" 2>/dev/null | grep -a -q -F -f "$values"; then
      finding "a deployment secret in image $image, layer $layer"
    fi
    if grep -q -F "$digest" <<<"$own" &&
      tar -xOf "$dir/$layer" 2>/dev/null | grep -a -q -E -e "$PRIVATE_KEY_PATTERN"; then
      finding "a private key in image $image, layer $layer (added by our Dockerfile)"
    fi
  done < <(jq -r '.[0].Layers[]' "$dir/manifest.json")
  log "  $image: $layers layers scanned"
}

main() {
  require_command jq
  scan_repository
  docker_is_up || die "the Docker engine is not running (scripts/docker-engine.sh starts it)"
  secret_values >"$WORK/values"
  local image
  log "scanning every layer of the product's images"
  while read -r image; do
    if image_exists "$image"; then scan_image "$image"; else finding "image $image is missing: build it first"; fi
  done < <(product_images)
  echo "$FINDINGS findings"
  ((FINDINGS == 0))
}

main

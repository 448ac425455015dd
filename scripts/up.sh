#!/usr/bin/env bash
# Brings the whole suite up as the Docker Swarm stack "generator-suite" (make up), and prints
# its URL. On a fresh machine it first installs and starts what is missing (Docker engine,
# single-node swarm, offline base images). Run again, it updates the stack in place: only the
# services whose image or secrets changed roll, one task at a time, start-first.
#
#   SKIP_BUILD=1        use the jars in */target as they are (default: rebuild them when a source
#                       is newer than the jar)
#   TAG=...             deploy images with this tag (a pipeline's build); default: the images
#                       scripts/build-images.sh builds now. With TAG, <SERVICE>_TAG (e.g.
#                       INT_SERVICE_TAG, NGINX_TAG) picks another tag for one service.
#   TLS_CERT_FILE, TLS_KEY_FILE
#                       the certificate nginx serves (PEM); default: a self-signed one for
#                       localhost, generated once into .local/secrets
#   UP_TIMEOUT=420      seconds to wait for every service to be healthy
set -euo pipefail

usage() {
  echo "usage: [SKIP_BUILD=1] [TAG=...] [TLS_CERT_FILE=... TLS_KEY_FILE=...] [UP_TIMEOUT=420] $0" >&2
}
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

SECRETS_DIR="$LOCAL_DIR/secrets"
UP_TIMEOUT="${UP_TIMEOUT:-420}"
OPS_USER=ops
MVN="${MVN:-mvn -B -q -ntp -Dstyle.color=never}"

# True when every service's fast-jar exists and no source (its module, service-commons or the
# root pom) is newer than it.
jars_are_current() {
  local svc jar newer
  for svc in "${SERVICES[@]}"; do
    jar="$ROOT/$svc/target/quarkus-app/quarkus-run.jar"
    [[ -f "$jar" ]] || return 1
    newer="$(find "$ROOT/pom.xml" "$ROOT/service-commons" "$ROOT/$svc" \
      \( -name target -o -name Dockerfile \) -prune -o -type f -newer "$jar" -print -quit)"
    [[ -z "$newer" ]] || return 1
  done
}

build_jars() {
  if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    log "SKIP_BUILD=1: using the jars already built"
  elif [[ -n "${TAG:-}" ]]; then
    log "TAG=$TAG: deploying the images of that build (no jars or images are built)"
  elif jars_are_current; then
    log "the jars are newer than every source: not rebuilding them"
  else
    log "building the services' jars ($MVN package -DskipTests)"
    (cd "$ROOT" && $MVN package -DskipTests)
  fi
}

build_images() {
  if [[ -n "${TAG:-}" ]]; then
    # A per-service <SERVICE>_TAG wins over TAG, so a rollback can restore mixed tags.
    local svc var image
    for svc in "${SERVICES[@]}" nginx; do
      var="$(tr 'a-z-' 'A-Z_' <<<"$svc")_TAG"
      export "$var=${!var:-$TAG}"
      image="$IMAGE_PREFIX/$svc:${!var}"
      image_exists "$image" || die "image $image is not on this machine"
    done
    POSTGRES_IMAGE="${POSTGRES_IMAGE:-$(image_exists postgres:15 && echo postgres:15 ||
      echo generator-suite-base/postgres:15)}"
    export POSTGRES_IMAGE
    image_exists "$POSTGRES_IMAGE" || "$ROOT/scripts/base-images.sh" postgres
    return
  fi
  "$ROOT/scripts/build-images.sh"
  set -a
  # shellcheck source=/dev/null  # written by build-images.sh
  source "$LOCAL_DIR/images.env"
  set +a
}

random_secret() { openssl rand -base64 32 | tr -d '/+=\n' | cut -c1-32; }

create_secret_files() {
  mkdir -p "$SECRETS_DIR"
  chmod 0700 "$LOCAL_DIR" "$SECRETS_DIR"
  umask 077
  if [[ ! -s "$SECRETS_DIR/db_password" ]]; then
    log "generating the database password (kept in $SECRETS_DIR/db_password)"
    random_secret >"$SECRETS_DIR/db_password"
  fi
  create_tls_certificate
  if [[ ! -s "$SECRETS_DIR/ops_htpasswd" ]]; then
    log "generating the operators' password (user '$OPS_USER', kept in $SECRETS_DIR/ops_password)"
    random_secret >"$SECRETS_DIR/ops_password"
    printf '%s:%s\n' "$OPS_USER" "$(openssl passwd -apr1 -in "$SECRETS_DIR/ops_password")" \
      >"$SECRETS_DIR/ops_htpasswd"
  fi
  export SECRETS_DIR
  DB_PASSWORD_VERSION="$(content_hash "$SECRETS_DIR/db_password")"
  TLS_VERSION="$(content_hash "$SECRETS_DIR/tls_cert.pem" "$SECRETS_DIR/tls_key.pem")"
  OPS_HTPASSWD_VERSION="$(content_hash "$SECRETS_DIR/ops_htpasswd")"
  export DB_PASSWORD_VERSION TLS_VERSION OPS_HTPASSWD_VERSION
}

# The given certificate, or a self-signed one for localhost (renewed 30 days before it expires).
create_tls_certificate() {
  local cert="$SECRETS_DIR/tls_cert.pem" key="$SECRETS_DIR/tls_key.pem"
  if [[ -n "${TLS_CERT_FILE:-}" || -n "${TLS_KEY_FILE:-}" ]]; then
    [[ -r "${TLS_CERT_FILE:-}" && -r "${TLS_KEY_FILE:-}" ]] ||
      die "TLS_CERT_FILE and TLS_KEY_FILE must both name readable PEM files"
    log "using the certificate $TLS_CERT_FILE"
    cp "$TLS_CERT_FILE" "$cert"
    cp "$TLS_KEY_FILE" "$key"
    return
  fi
  if [[ -s "$cert" && -s "$key" ]] && openssl x509 -checkend 2592000 -noout -in "$cert" >/dev/null; then
    return
  fi
  log "generating a self-signed certificate for localhost (kept in $SECRETS_DIR)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$key" -out "$cert" 2>/dev/null
}

label_database_node() {
  local node
  node="$(docker info -f '{{.Swarm.NodeID}}')"
  if [[ "$(docker node inspect -f "{{index .Spec.Labels \"$DB_NODE_LABEL\"}}" "$node")" != true ]]; then
    log "labelling this node $DB_NODE_LABEL=true (postgres is placed there)"
    docker node update --label-add "$DB_NODE_LABEL=true" "$node" >/dev/null
  fi
}

deploy_stack() {
  log "deploying stack $STACK_NAME (images: $IMAGE_PREFIX/*, postgres: $POSTGRES_IMAGE)"
  local detach=()
  # Clients since 26 ask for --detach (and would wait themselves without it); 20.10 lacks it.
  if docker stack deploy --help 2>/dev/null | grep -q -- --detach; then detach=(--detach=true); fi
  docker stack deploy --resolve-image never --prune "${detach[@]}" \
    -c "$STACK_FILE" "$STACK_NAME" | sed "s/^/    /"
}

# One line per service that is not yet converged: "name running/desired [update state]".
# Converged: no update in progress, and as many tasks running as desired, all of the current image.
services_not_ready() {
  local name mode replicas state running desired image
  while read -r name mode replicas; do
    [[ "$mode" == replicated ]] || continue
    desired="${replicas#*/}"
    desired="${desired%% *}"
    read -r state image < <(docker service inspect \
      -f '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}none{{end}} {{.Spec.TaskTemplate.ContainerSpec.Image}}' "$name")
    running="$(docker service ps --filter desired-state=running --format '{{.Image}} {{.CurrentState}}' "$name" |
      awk -v img="$image" '$1 == img && $2 == "Running"' | wc -l)"
    case "$state" in
      rollback_completed | paused | rollback_paused)
        echo "$name FAILED($state)"
        ;;
      updating | rollback_started)
        echo "$name $running/$desired $state"
        ;;
      *)
        [[ "$running" == "$desired" ]] || echo "$name $running/$desired"
        ;;
    esac
  done < <(docker service ls --filter "label=com.docker.stack.namespace=$STACK_NAME" \
    --format '{{.Name}} {{.Mode}} {{.Replicas}}')
}

# A kept database volume remembers the password it was created with, while the secret may be
# new (a fresh clone, a deleted .local/): make the role's password match the secret, through the
# container's local socket (trusted by both the official image and ours). Single-node only: on
# a multi-node swarm the Ansible role does the same on the database node.
align_database_password() {
  local container
  log "waiting for PostgreSQL to align its role's password with the secret"
  container="$(postgres_container "$UP_TIMEOUT")" ||
    { warn "no local PostgreSQL task answered: password not aligned"; return; }
  # The password goes through stdin, never on a command line.
  printf "ALTER ROLE generator PASSWORD '%s';\n" "$(cat "$SECRETS_DIR/db_password")" |
    docker exec -i "$container" psql -q -v ON_ERROR_STOP=1 -U generator -d postgres >/dev/null ||
    die "could not set the database role's password"
}

wait_for_stack() {
  local deadline=$(($(now) + UP_TIMEOUT)) pending start
  start="$(now)"
  log "waiting until every service has all its replicas running and healthy (up to ${UP_TIMEOUT}s)"
  sleep 3 # Swarm starts the updates the deployment asked for asynchronously
  while true; do
    pending="$(services_not_ready)"
    if [[ -z "$pending" ]]; then
      log "every service is healthy after $(($(now) - start))s"
      return
    fi
    if grep -q FAILED <<<"$pending" || (($(now) > deadline)); then
      show_diagnostics "$pending"
      die "the stack did not become healthy: $(tr '\n' ';' <<<"$pending")"
    fi
    pending="${pending//"${STACK_NAME}_"/}"
    log "  $(($(now) - start))s, waiting for: ${pending//$'\n'/, }"
    sleep 5
  done
}

show_diagnostics() {
  local name
  echo "---- diagnostics ----" >&2
  while read -r name _; do
    [[ -n "$name" ]] || continue
    echo "---- docker service ps $name" >&2
    docker service ps --no-trunc --format '{{.Name}} {{.Image}} {{.CurrentState}} {{.Error}}' \
      "$name" >&2 || true
    echo "---- last log lines of $name" >&2
    docker service logs --tail 20 --no-task-ids "$name" >&2 || true
  done <<<"$1"
}

# Secrets of earlier deployments that no service uses any more (Swarm refuses to remove the rest).
remove_unused_secrets() {
  local secret
  docker secret ls --filter "label=com.docker.stack.namespace=$STACK_NAME" --format '{{.Name}}' |
    grep -v -e "_${DB_PASSWORD_VERSION}\$" -e "_${TLS_VERSION}\$" -e "_${OPS_HTPASSWD_VERSION}\$" |
    while read -r secret; do docker secret rm "$secret" >/dev/null 2>&1 || true; done || true
}

main() {
  local start
  start="$(now)"
  "$ROOT/scripts/docker-engine.sh"
  build_jars
  build_images
  create_secret_files
  label_database_node
  deploy_stack
  align_database_password
  wait_for_stack
  remove_unused_secrets
  log "up in $(($(now) - start))s"
  cat <<MSG

  The generator suite is up: https://localhost/  (self-signed certificate unless you gave one)
  Operators: https://localhost/ops/<service>/q/health, /q/metrics, /version
             user '$OPS_USER', password in $SECRETS_DIR/ops_password
  Tear down: make down  (KEEP_DATA=0 also removes the database volume)

MSG
}

main

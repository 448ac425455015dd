#!/usr/bin/env bash
# The lab: N simulated hosts on this machine, each a container that behaves like a small VM
# (systemd as PID 1, sshd, its own /var/lib/docker), on a dedicated Docker network. The Ansible
# playbook then provisions them over SSH exactly as it provisions real VMs: it installs the
# Docker engine from Debian's packages, forms the swarm, labels the nodes and deploys the stack.
#
#   up [N]          build the node image when needed, start N hosts (default 3: node1 manager,
#                   the others workers), write the SSH key and the inventory
#   provision [ARG] run ansible/site.yml against the lab (extra ansible-playbook arguments pass on)
#   deploy [N]      up + provision
#   status          the lab's hosts, their addresses and the swarm as node1 sees it
#   ssh NODE [CMD]  a shell (or a command) on a lab host, over SSH as Ansible uses it
#   images          save the images the stack needs into the archive the playbook distributes
#   down            remove every container, network and volume of the lab
#
# Everything the lab creates carries the label generator-suite.lab=1; the SSH key, known_hosts
# and the image archive live under .local/lab/ (git-ignored). Idempotent: `up` keeps running
# hosts, replaces broken ones and copes with leftovers of earlier runs.
set -euo pipefail

SCRIPT_NAME=lab
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  echo "usage: [LAB_NODES=3] [LAB_MANAGERS=1] [LAB_IMAGE_TAG=latest] [LAB_STACK_FILE=...] $0 up [N] | provision [ansible-playbook args] | deploy [N] | status | ssh NODE [CMD] | images | down" >&2
}

LAB_LABEL="generator-suite.lab"
LAB_NETWORK="${LAB_NETWORK:-generator-suite-lab}"
LAB_NODES="${LAB_NODES:-3}"
LAB_MANAGERS="${LAB_MANAGERS:-1}"
LAB_DIR="$LOCAL_DIR/lab"
LAB_KEY="$LAB_DIR/id_ed25519"
LAB_KNOWN_HOSTS="$LAB_DIR/known_hosts"
LAB_INVENTORY="$ROOT/ansible/inventories/lab/hosts.yml"
LAB_CACHE_DIR="${LAB_CACHE_DIR:-/var/cache/generator-suite/lab}"
LAB_BOOT_TIMEOUT="${LAB_BOOT_TIMEOUT:-90}"
RELEASE="${DEBIAN_RELEASE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}"
NODE_IMAGE="${LAB_NODE_IMAGE:-generator-suite-lab/node:$RELEASE}"
NODE_PACKAGES="systemd,systemd-sysv,dbus,openssh-server,python3,iproute2,iptables,procps,ca-certificates"

node_container() { echo "$LAB_NETWORK-node$1"; }
node_name() { echo "node$1"; }

# ---------------------------------------------------------------------------------------------
# The node image: Debian with systemd and sshd, built by debootstrap from this machine's mirror.


node_image_hash() {
  { echo "$RELEASE $NODE_PACKAGES"; cat "$ROOT/lab/node/"*; declare -f customise_node_root; } |
    sha256sum | cut -c1-12
}

customise_node_root() {
  local root="$1" mirror="$2"
  # Each host generates its own SSH host keys at first boot (lab/node/ssh-host-keys.service).
  rm -f "$root"/etc/ssh/ssh_host_*
  install -m 0644 "$ROOT/lab/node/ssh-host-keys.service" "$root/etc/systemd/system/"
  ln -sf /etc/systemd/system/ssh-host-keys.service \
    "$root/etc/systemd/system/multi-user.target.wants/ssh-host-keys.service"
  install -m 0644 "$ROOT/lab/node/sshd-lab.conf" "$root/etc/ssh/sshd_config.d/lab.conf"
  # Units that make no sense in a container.
  local unit
  for unit in getty@tty1.service console-getty.service systemd-remount-fs.service \
    systemd-udevd.service systemd-modules-load.service sys-kernel-config.mount \
    sys-kernel-debug.mount sys-kernel-tracing.mount dev-hugepages.mount; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  # A fresh machine id at each boot, as on a cloned VM image.
  : >"$root/etc/machine-id"
  rm -f "$root/var/lib/dbus/machine-id"
  printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$RELEASE" "$mirror" "$RELEASE" \
    >"$root/etc/apt/sources.list"
  mkdir -p "$root/root/.ssh"
  chmod 0700 "$root/root/.ssh"
}

build_node_image() {
  local hash current root mirror
  hash="$(node_image_hash)"
  current="$(docker image inspect -f "{{index .Config.Labels \"$LAB_LABEL.inputs\"}}" "$NODE_IMAGE" 2>/dev/null || true)"
  if [[ "$current" == "$hash" && "${FORCE:-0}" != 1 ]]; then
    log "node image $NODE_IMAGE is up to date (inputs $hash)"
    return
  fi
  [[ $EUID -eq 0 ]] || die "debootstrap needs root"
  require_command debootstrap
  mirror="$(debian_mirror)"
  mkdir -p "$LAB_CACHE_DIR/debs"
  root="$(mktemp -d "$LAB_CACHE_DIR/root.XXXXXX")"
  # shellcheck disable=SC2064  # the path is fixed now, on purpose
  trap "rm -rf '$root'" EXIT
  log "node image: debootstrap $RELEASE from $mirror with $NODE_PACKAGES (about a minute)"
  if ! debootstrap --variant=minbase --cache-dir="$LAB_CACHE_DIR/debs" --include="$NODE_PACKAGES" \
    "$RELEASE" "$root" "$mirror" >"$LAB_CACHE_DIR/debootstrap.log" 2>&1; then
    tail -n 30 "$LAB_CACHE_DIR/debootstrap.log" >&2
    die "debootstrap failed (log: $LAB_CACHE_DIR/debootstrap.log)"
  fi
  customise_node_root "$root" "$mirror"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/var/log/*.log "$root"/tmp/* "$root"/var/tmp/*
  log "node image: importing the root file system"
  tar --numeric-owner -C "$root" --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* -c . |
    docker import --change "LABEL $LAB_LABEL.inputs=$hash" --change 'CMD ["/sbin/init"]' --change 'ENV container=docker' - "$NODE_IMAGE" >/dev/null
  rm -rf "$root"
  trap - EXIT
  log "node image $NODE_IMAGE built"
}

# ---------------------------------------------------------------------------------------------
# Hosts, network, key and inventory.

ensure_network() {
  if docker network inspect "$LAB_NETWORK" >/dev/null 2>&1; then
    return
  fi
  log "creating the lab network $LAB_NETWORK"
  docker network create --driver bridge --label "$LAB_LABEL=1" "$LAB_NETWORK" >/dev/null
}

ensure_ssh_key() {
  mkdir -p "$LAB_DIR"
  chmod 0700 "$LAB_DIR"
  if [[ ! -f "$LAB_KEY" ]]; then
    log "generating the lab's SSH key ($LAB_KEY)"
    ssh-keygen -q -t ed25519 -N '' -C generator-suite-lab -f "$LAB_KEY"
  fi
}

node_state() {
  local state
  state="$(docker inspect -f '{{.State.Status}}' "$(node_container "$1")" 2>/dev/null)" || state=absent
  echo "$state"
}

node_address() {
  docker inspect -f "{{(index .NetworkSettings.Networks \"$LAB_NETWORK\").IPAddress}}" "$(node_container "$1")"
}

start_node() {
  local i="$1" name container image state
  name="$(node_name "$i")"
  container="$(node_container "$i")"
  state="$(node_state "$i")"
  image="$(docker inspect -f '{{.Config.Image}}' "$container" 2>/dev/null)" || image=""
  if [[ "$state" != absent && "$image" != "$NODE_IMAGE" ]]; then
    log "$name: replacing a container of another image ($image)"
    docker rm -f "$container" >/dev/null
    state=absent
  fi
  case "$state" in
    running) log "$name: running" ;;
    absent)
      log "$name: starting host $container"
      mkdir -p "$LAB_CACHE_DIR/apt/$name"
      # The flags PLATFORM.md records for a container that behaves like a VM with its own
      # Docker engine; the apt cache outlives the host so a new lab downloads nothing twice.
      docker run -d --name "$container" --hostname "$name" --network "$LAB_NETWORK" \
        --label "$LAB_LABEL=1" --pull never \
        --cap-add ALL --cap-drop SYS_RESOURCE \
        --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
        --security-opt systempaths=unconfined --cgroupns host \
        -v /sys/fs/cgroup:/sys/fs/cgroup:rw --device /dev/net/tun \
        --mount "type=volume,src=$container-docker,dst=/var/lib/docker,volume-label=$LAB_LABEL=1" \
        -v "$LAB_CACHE_DIR/apt/$name:/var/cache/apt/archives" \
        --tmpfs /run --tmpfs /run/lock --tmpfs /tmp --stop-signal SIGRTMIN+3 \
        "$NODE_IMAGE" /sbin/init >/dev/null
      ;;
    *)
      log "$name: $state; starting it again"
      docker start "$container" >/dev/null
      ;;
  esac
}

wait_for_node() {
  local i="$1" name container deadline state
  name="$(node_name "$i")"
  container="$(node_container "$i")"
  deadline=$(($(now) + LAB_BOOT_TIMEOUT))
  log "$name: waiting for systemd to finish booting and sshd to answer"
  while :; do
    state="$(docker exec "$container" systemctl is-system-running 2>/dev/null || true)"
    if [[ "$state" == running || "$state" == degraded ]] &&
      docker exec "$container" systemctl is-active --quiet ssh; then
      break
    fi
    (($(now) < deadline)) || die "$name did not boot within ${LAB_BOOT_TIMEOUT}s (state '$state')"
    sleep 1
  done
  [[ "$state" == running ]] || warn "$name: systemd says '$state' ($(docker exec "$container" systemctl --failed --plain --no-legend | awk '{print $1}' | xargs))"
}

install_ssh_key() {
  local i="$1" container
  container="$(node_container "$i")"
  docker exec -i "$container" sh -c 'umask 077; mkdir -p /root/.ssh; cat >/root/.ssh/authorized_keys' <"$LAB_KEY.pub"
}

host_key_line() {
  local i="$1"
  printf '%s %s\n' "$(node_address "$i")" \
    "$(docker exec "$(node_container "$i")" cat /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f1,2)"
}

write_inventory() {
  local i name address
  {
    echo "# Written by scripts/lab.sh up: the lab's hosts (git-ignored). Group variables live in"
    echo "# group_vars/ next to this file."
    echo "---"
    echo "all:"
    echo "  vars:"
    echo "    ansible_user: root"
    echo "    ansible_ssh_private_key_file: $LAB_KEY"
    echo "    ansible_ssh_common_args: >-"
    echo "      -o UserKnownHostsFile=$LAB_KNOWN_HOSTS -o StrictHostKeyChecking=yes"
    echo "  children:"
    echo "    swarm:"
    echo "      children:"
    echo "        swarm_managers:"
    echo "          hosts:"
    for ((i = 1; i <= LAB_NODES; i++)); do
      ((i <= LAB_MANAGERS)) || continue
      name="$(node_name "$i")"
      address="$(node_address "$i")"
      echo "            $name:"
      echo "              ansible_host: $address"
      if ((i == 1)); then
        echo "              swarm_labels_node_labels:"
        echo "                $DB_NODE_LABEL: \"true\""
      fi
    done
    echo "        swarm_workers:"
    if ((LAB_NODES > LAB_MANAGERS)); then
      echo "          hosts:"
      for ((i = LAB_MANAGERS + 1; i <= LAB_NODES; i++)); do
        name="$(node_name "$i")"
        echo "            $name:"
        echo "              ansible_host: $(node_address "$i")"
      done
    fi
  } >"$LAB_INVENTORY.tmp"
  mv "$LAB_INVENTORY.tmp" "$LAB_INVENTORY"
}

# Containers of the lab beyond N (from an earlier, larger lab) go away.
remove_extra_nodes() {
  local container n
  while read -r container; do
    [[ -n "$container" ]] || continue
    n="${container##*-node}"
    if [[ "$n" =~ ^[0-9]+$ ]] && ((n > LAB_NODES)); then
      log "removing $container (beyond the $LAB_NODES hosts asked for)"
      docker rm -f "$container" >/dev/null
      docker volume rm -f "$container-docker" >/dev/null
    fi
  done < <(docker ps -a --filter "label=$LAB_LABEL=1" --format '{{.Names}}')
}

lab_up() {
  [[ $# -le 1 ]] || { usage; exit 2; }
  LAB_NODES="${1:-$LAB_NODES}"
  [[ "$LAB_NODES" =~ ^[1-9][0-9]*$ ]] || die "the number of hosts must be a positive integer"
  ((LAB_MANAGERS >= 1 && LAB_MANAGERS <= LAB_NODES)) || die "LAB_MANAGERS must be between 1 and $LAB_NODES"
  docker_is_up || die "the Docker engine is not running (scripts/docker-engine.sh starts it)"
  require_command ssh-keygen openssh-client
  local started i
  started=$(now)
  build_node_image
  ensure_network
  ensure_ssh_key
  remove_extra_nodes
  for ((i = 1; i <= LAB_NODES; i++)); do start_node "$i"; done
  : >"$LAB_KNOWN_HOSTS.tmp"
  for ((i = 1; i <= LAB_NODES; i++)); do
    wait_for_node "$i"
    install_ssh_key "$i"
    host_key_line "$i" >>"$LAB_KNOWN_HOSTS.tmp"
  done
  mv "$LAB_KNOWN_HOSTS.tmp" "$LAB_KNOWN_HOSTS"
  write_inventory
  log "lab up: $LAB_NODES hosts ($LAB_MANAGERS manager(s)) in $(($(now) - started))s; inventory $LAB_INVENTORY"
}

# ---------------------------------------------------------------------------------------------
# Images and the playbook.

# The secrets the stack reads, in the same files and format as scripts/up.sh makes them
# (.local/secrets), so the lab and a local `make up` share them. Existing files are kept.
ensure_secret_files() {
  local secrets="$LOCAL_DIR/secrets"
  mkdir -p "$secrets"
  chmod 0700 "$LOCAL_DIR" "$secrets"
  (
    umask 077
    if [[ ! -s "$secrets/db_password" ]]; then
      log "generating the database password ($secrets/db_password)"
      openssl rand -base64 32 | tr -d '/+=\n' | cut -c1-32 >"$secrets/db_password"
    fi
    if [[ ! -s "$secrets/tls_cert.pem" || ! -s "$secrets/tls_key.pem" ]]; then
      log "generating a self-signed certificate for localhost ($secrets)"
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
        -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$secrets/tls_key.pem" -out "$secrets/tls_cert.pem" 2>/dev/null
    fi
    if [[ ! -s "$secrets/ops_htpasswd" ]]; then
      log "generating the operators' password (user 'ops', $secrets/ops_password)"
      openssl rand -base64 32 | tr -d '/+=\n' | cut -c1-32 >"$secrets/ops_password"
      printf 'ops:%s\n' "$(openssl passwd -apr1 -in "$secrets/ops_password")" >"$secrets/ops_htpasswd"
    fi
  )
}

# The variables the stack file interpolates, as name=value lines. Images: each service's image
# tagged $LAB_IMAGE_TAG (default latest, which scripts/build-images.sh always sets) gets a
# content tag lab-<image id> here, so that a rebuilt image is a new tag and rolls its service,
# and a build running meanwhile cannot change what the lab deploys. Postgres: the image up.sh
# would choose. Secrets: their directory on the manager and their content versions.
prepare_stack_environment() {
  if [[ -n "${LAB_STACK_FILE:-}" ]]; then
    echo "LAB_NODE_IMAGE=$NODE_IMAGE"
    return
  fi
  local svc var source id postgres secrets="$LOCAL_DIR/secrets"
  echo "IMAGE_PREFIX=$IMAGE_PREFIX"
  for svc in "${SERVICES[@]}" nginx; do
    source="$IMAGE_PREFIX/$svc:${LAB_IMAGE_TAG:-latest}"
    id="$(docker image inspect -f '{{.Id}}' "$source" 2>/dev/null)" ||
      die "image $source is missing (make images builds it)"
    id="${id#sha256:}"
    docker tag "$source" "$IMAGE_PREFIX/$svc:lab-${id:0:12}"
    var="${svc//-/_}"
    echo "${var^^}_TAG=lab-${id:0:12}"
  done
  if image_exists postgres:15; then postgres=postgres:15; else postgres=generator-suite-base/postgres:15; fi
  echo "POSTGRES_IMAGE=${POSTGRES_IMAGE:-$postgres}"
  echo "SECRETS_DIR=/opt/$STACK_NAME/secrets"
  echo "DB_PASSWORD_VERSION=$(content_hash "$secrets/db_password")"
  echo "TLS_VERSION=$(content_hash "$secrets/tls_cert.pem" "$secrets/tls_key.pem")"
  echo "OPS_HTPASSWD_VERSION=$(content_hash "$secrets/ops_htpasswd")"
}

# The images the stack names once its variables ($LAB_DIR/stack.env) are interpolated.
stack_images() {
  local env=()
  mapfile -t env <"$LAB_DIR/stack.env"
  env "${env[@]}" SECRETS_DIR=/nonexistent docker stack config -c "${LAB_STACK_FILE:-$STACK_FILE}" |
    sed -n 's/^ *image: *//p' | sort -u
}

# One `docker save` archive of every image the stack needs; kept while the images are the same
# (the playbook copies it to every host only when its content changes).
save_images() {
  local images=() ids image archive="$LAB_DIR/images.tar"
  mapfile -t images < <(stack_images)
  [[ ${#images[@]} -gt 0 ]] || die "no images named in the stack file"
  for image in "${images[@]}"; do
    image_exists "$image" || die "image $image is missing (make images builds them)"
  done
  ids="$(for image in "${images[@]}"; do echo "$image $(docker image inspect -f '{{.Id}}' "$image")"; done)"
  mkdir -p "$LAB_DIR"
  if [[ -f "$archive" && "$(cat "$archive.ids" 2>/dev/null)" == "$ids" ]]; then
    log "image archive is up to date (${#images[@]} images)"
  else
    log "saving ${#images[@]} images into $archive"
    docker save -o "$archive.tmp" "${images[@]}"
    mv "$archive.tmp" "$archive"
    echo "$ids" >"$archive.ids"
    log "image archive: $(du -h "$archive" | cut -f1)"
  fi
  printf '%s\n' "${images[@]}" >"$LAB_DIR/images.list"
}

# The extra variables of the playbook for this lab: the image archive, the stack's variables
# and its secret files (JSON, which is YAML).
write_stack_vars() {
  local env_json files_json='[]' secrets="$LOCAL_DIR/secrets" compose_json='{}'
  env_json="$(jq -Rn <"$LAB_DIR/stack.env" '[inputs | capture("^(?<key>[^=]+)=(?<value>.*)$")] | from_entries')"
  if [[ -n "${LAB_STACK_FILE:-}" ]]; then
    compose_json="$(jq -n --arg f "$(realpath "$LAB_STACK_FILE")" \
      '{stack_deploy_compose_file: $f, stack_deploy_compose_overrides: []}')"
  else
    files_json="$(jq -n --arg d "$secrets" '[
      {src: "\($d)/db_password", dest: "secrets/db_password"},
      {src: "\($d)/tls_cert.pem", dest: "secrets/tls_cert.pem"},
      {src: "\($d)/tls_key.pem", dest: "secrets/tls_key.pem"},
      {src: "\($d)/ops_htpasswd", dest: "secrets/ops_htpasswd"}]')"
  fi
  jq -n --arg archive "$LAB_DIR/images.tar" --argjson env "$env_json" --argjson files "$files_json" \
    --argjson compose "$compose_json" --rawfile images "$LAB_DIR/images.list" \
    '{docker_images_archive: $archive, docker_images_names: ($images | split("\n") | map(select(. != ""))),
      stack_deploy_environment: $env, stack_deploy_files: $files} + $compose' >"$LAB_DIR/stack-vars.yml"
}

lab_provision() {
  require_command ansible-playbook ansible
  require_command jq
  [[ -f "$LAB_INVENTORY" ]] || die "no lab inventory: run '$0 up' first"
  [[ -n "${LAB_STACK_FILE:-}" ]] || ensure_secret_files
  mkdir -p "$LAB_DIR"
  # One snapshot of the variables (a build may rewrite .local/images.env meanwhile).
  prepare_stack_environment >"$LAB_DIR/stack.env"
  save_images
  write_stack_vars
  log "running ansible/site.yml against the lab over SSH"
  (cd "$ROOT/ansible" && ANSIBLE_CONFIG="$ROOT/ansible/ansible.cfg" \
    ansible-playbook -i inventories/lab -e "@$LAB_DIR/stack-vars.yml" site.yml "$@")
}

lab_status() {
  local container
  if ! docker network inspect "$LAB_NETWORK" >/dev/null 2>&1; then
    log "no lab"
    return
  fi
  docker ps -a --filter "label=$LAB_LABEL=1" \
    --format 'table {{.Names}}\t{{.Status}}\t{{.Networks}}'
  container="$(node_container 1)"
  if [[ "$(node_state 1)" == running ]] && docker exec "$container" docker info >/dev/null 2>&1; then
    docker exec "$container" docker node ls 2>/dev/null || true
    docker exec "$container" docker service ls 2>/dev/null || true
  fi
}

lab_ssh() {
  [[ $# -ge 1 ]] || { usage; exit 2; }
  local name="$1" address
  shift
  address="$(node_address "${name#node}")"
  ssh -i "$LAB_KEY" -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" -o StrictHostKeyChecking=yes \
    "root@$address" "$@"
}

lab_down() {
  local containers volumes
  mapfile -t containers < <(docker ps -aq --filter "label=$LAB_LABEL=1")
  if [[ ${#containers[@]} -gt 0 ]]; then
    log "removing ${#containers[@]} lab host(s)"
    docker rm -f "${containers[@]}" >/dev/null
  fi
  mapfile -t volumes < <(docker volume ls -q --filter "label=$LAB_LABEL=1")
  if [[ ${#volumes[@]} -gt 0 ]]; then
    log "removing ${#volumes[@]} lab volume(s)"
    docker volume rm -f "${volumes[@]}" >/dev/null
  fi
  if docker network inspect "$LAB_NETWORK" >/dev/null 2>&1; then
    log "removing the lab network $LAB_NETWORK"
    docker network rm "$LAB_NETWORK" >/dev/null
  fi
  rm -f "$LAB_INVENTORY" "$LAB_KNOWN_HOSTS"
  log "lab down"
}

main() {
  local command="${1:-}"
  [[ $# -eq 0 ]] || shift
  case "$command" in
    up) lab_up "$@" ;;
    provision) lab_provision "$@" ;;
    deploy)
      lab_up "$@"
      lab_provision
      ;;
    status) lab_status ;;
    ssh) lab_ssh "$@" ;;
    images)
      mkdir -p "$LAB_DIR"
      prepare_stack_environment >"$LAB_DIR/stack.env"
      save_images
      ;;
    down) lab_down ;;
    -h | --help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"

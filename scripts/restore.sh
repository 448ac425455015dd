#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into the running stack (make restore FILE=...),
# replacing what the database holds. The combiner is scaled to 0 meanwhile, so no request writes
# half-way through and no connection keeps plans of the dropped tables; it comes back with the
# replicas it had. Works on a freshly deployed stack (Flyway's empty schema is replaced).
set -euo pipefail

usage() { echo "usage: $0 FILE" >&2; }
[[ $# -eq 1 ]] || { usage; exit 2; }

SCRIPT_NAME=restore
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

COMBINER="${STACK_NAME}_combiner-service"

main() {
  local file="$1" container replicas rows started
  [[ -s "$file" ]] || die "$file is missing or empty"
  started=$(now)
  log "waiting for the stack's PostgreSQL (up to 60s)"
  container="$(postgres_container 60)" || die "no running PostgreSQL task of $STACK_NAME on this machine"
  replicas="$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "$COMBINER")"
  log "scaling $COMBINER from $replicas to 0 while restoring"
  docker service scale --detach=false "$COMBINER=0" >/dev/null
  # Whatever happens next, the combiner comes back.
  trap 'docker service scale --detach=false "$COMBINER=$replicas" >/dev/null' EXIT
  log "restoring $file"
  docker exec -i "$container" pg_restore -U generator -d generator --clean --if-exists \
    --no-owner --single-transaction --exit-on-error <"$file" || die "pg_restore failed"
  rows="$(docker exec "$container" psql -U generator -d generator -tAc 'SELECT count(*) FROM product')"
  log "scaling $COMBINER back to $replicas"
  docker service scale --detach=false "$COMBINER=$replicas" >/dev/null
  trap - EXIT
  log "restored $rows products in $(($(now) - started))s"
}

main "$@"

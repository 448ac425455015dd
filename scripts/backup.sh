#!/usr/bin/env bash
# Dumps the database of the running stack to a file (make backup): pg_dump in the PostgreSQL
# task's container, custom format, one consistent snapshot even while products are being stored.
#   scripts/backup.sh [FILE]   default .local/backups/generator-<UTC time>.dump
# Restore it with scripts/restore.sh FILE.
set -euo pipefail

usage() { echo "usage: $0 [FILE]" >&2; }
[[ $# -le 1 ]] || { usage; exit 2; }

SCRIPT_NAME=backup
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

main() {
  local file="${1:-$LOCAL_DIR/backups/generator-$(date -u +%Y%m%dT%H%M%SZ).dump}" container started
  mkdir -p "$(dirname "$file")"
  log "waiting for the stack's PostgreSQL (up to 60s)"
  container="$(postgres_container 60)" || die "no running PostgreSQL task of $STACK_NAME on this machine"
  started=$(now)
  # Into a temporary file first, so a failed dump never leaves a truncated FILE behind.
  docker exec "$container" pg_dump -U generator -d generator --format=custom >"$file.partial" ||
    { rm -f "$file.partial"; die "pg_dump failed"; }
  mv "$file.partial" "$file"
  chmod 0600 "$file"
  log "wrote $file ($(du -h "$file" | cut -f1), $(($(now) - started))s)"
}

main "$@"

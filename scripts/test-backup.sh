#!/usr/bin/env bash
# Backup and restore test (issue 6): a backup taken while products are being stored restores
# into a fresh stack with the same rows.
#   1. deploys the stack (scripts/up.sh; quick when it is up to date; SKIP_DEPLOY=1 uses the stack
#      that runs, as the stack test does) and starts a bounded load of POST /api/generate through
#      nginx;
#   2. takes a backup in the middle of the load (scripts/backup.sh);
#   3. fingerprints the dump: restored into a scratch database, the count, the id range and an
#      md5 over every row of product;
#   4. removes the stack with its volume, deploys a fresh one, restores (scripts/restore.sh);
#   5. checks the fingerprint is the same, and that a new product is stored after the restored
#      ones.
# One PASS/FAIL line per check, then "N passed, N failed". Leaves the fresh stack up.
set -euo pipefail

usage() { echo "usage: [SKIP_DEPLOY=1] [LOAD_SECONDS=12] [LOAD_WORKERS=3] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

SCRIPT_NAME=test-backup
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

LOAD_SECONDS="${LOAD_SECONDS:-12}"
LOAD_WORKERS="${LOAD_WORKERS:-3}"
WORK="$(mktemp -d /tmp/test-backup.XXXXXX)"
DUMP="$WORK/generator.dump"
PASSED=0
FAILED=0
trap 'rm -rf "$WORK"' EXIT

pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
check() { if [[ "$1" == ok ]]; then pass "$2"; else fail "$2"; fi; }

generate() {
  curl -sk -o /dev/null -w '%{http_code}' -m 10 -X POST https://localhost/api/generate || true
}

# LOAD_WORKERS loops of sequential POSTs for LOAD_SECONDS; status codes to $1.
load() {
  local out="$1" i
  : >"$out"
  for ((i = 0; i < LOAD_WORKERS; i++)); do
    (
      local end=$(($(now) + LOAD_SECONDS))
      while (($(now) < end)); do printf '%s\n' "$(generate)" >>"$out"; done
    ) &
  done
  wait
}

# "rows|min id|max id|md5 of every row" of the product table in database $2 of container $1.
# Each row is hashed, the hashes of 10,000 ids at a time are hashed, then those: one string of
# every row (as it was) outgrew PostgreSQL's memory limit at a million rows.
FINGERPRINT_SQL="SELECT coalesce(sum(n), 0) || '|' || coalesce(min(lo), 0) || '|' || coalesce(max(hi), 0) || '|' ||
  md5(coalesce(string_agg(h, '' ORDER BY chunk), '')) FROM (
    SELECT id / 10000 AS chunk, count(*) AS n, min(id) AS lo, max(id) AS hi,
      md5(string_agg(md5(concat_ws(',', id, int_value, float_value, product, outcome, created_at,
        idempotency_key, request_hash)), '' ORDER BY id)) AS h
    FROM product GROUP BY 1) AS chunks"
fingerprint() { docker exec "$1" psql -U generator -d "$2" -tAc "$FINGERPRINT_SQL"; }

# The dump's fingerprint: restored into a scratch database next to the live one.
dump_fingerprint() {
  local container="$1"
  docker exec -e PGOPTIONS="-c client_min_messages=warning" "$container" dropdb -U generator --if-exists backup_check
  docker exec "$container" createdb -U generator backup_check
  docker exec -i "$container" pg_restore -U generator -d backup_check --no-owner --exit-on-error <"$DUMP"
  fingerprint "$container" backup_check
  docker exec "$container" dropdb -U generator backup_check
}

main() {
  local codes="$WORK/load.codes" container before after total acked started
  if [[ "${SKIP_DEPLOY:-0}" == 1 ]]; then
    log "SKIP_DEPLOY=1: backing up the stack that runs"
  else
    log "deploying the stack"
    "$ROOT/scripts/up.sh" >"$WORK/up.log" 2>&1 || { tail -n 20 "$WORK/up.log" >&2; die "scripts/up.sh failed"; }
  fi

  log "${LOAD_SECONDS}s of load ($LOAD_WORKERS clients), a backup after 4s"
  load "$codes" &
  local load_pid=$!
  sleep 4
  started=$(now)
  "$ROOT/scripts/backup.sh" "$DUMP"
  local backup_seconds=$(($(now) - started))
  wait "$load_pid"
  total="$(grep -c . "$codes" || true)"
  acked="$(grep -c '^201$' "$codes" || true)"
  check "$([[ -s "$DUMP" && "$total" -gt 0 && "$acked" -eq "$total" ]] && echo ok)" \
    "backup under load: $(du -h "$DUMP" | cut -f1) in ${backup_seconds}s while $acked of $total requests were stored"

  container="$(postgres_container 60)" || die "PostgreSQL is not running"
  before="$(dump_fingerprint "$container")"
  log "the dump holds rows|min|max|md5 = $before"

  log "removing the stack and its volume, deploying a fresh one"
  KEEP_DATA=0 "$ROOT/scripts/down.sh" >"$WORK/down.log" 2>&1
  started=$(now)
  "$ROOT/scripts/up.sh" >"$WORK/up2.log" 2>&1 || { tail -n 20 "$WORK/up2.log" >&2; die "scripts/up.sh failed"; }
  container="$(postgres_container 60)" || die "PostgreSQL is not running"
  local fresh_rows
  fresh_rows="$(docker exec "$container" psql -U generator -d generator -tAc 'SELECT count(*) FROM product')"
  "$ROOT/scripts/restore.sh" "$DUMP"
  after="$(fingerprint "$container" generator)"
  check "$([[ "$fresh_rows" == 0 && -n "$before" && "$after" == "$before" ]] && echo ok)" \
    "restore into a fresh stack ($fresh_rows rows before it, $(($(now) - started))s with the deploy): rows|min|max|md5 $after (want $before)"

  local code max_before new_max
  max_before="$(cut -d'|' -f3 <<<"$after")"
  code="$(generate)"
  new_max="$(docker exec "$container" psql -U generator -d generator -tAc 'SELECT max(id) FROM product')"
  check "$([[ "$code" == 201 && "$new_max" -gt "$max_before" ]] && echo ok)" \
    "after the restore a new product is stored ($code) after the restored ones (id $new_max > $max_before)"

  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
}

main

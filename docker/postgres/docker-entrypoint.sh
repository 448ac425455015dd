#!/usr/bin/env bash
# Entrypoint of the PostgreSQL base image built from Debian's packages (scripts/base-images.sh).
# It keeps the contract of the official postgres image, so the stack runs unchanged on either:
#   POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE (required on first start), POSTGRES_USER
#   (default postgres), POSTGRES_DB (default: the user), POSTGRES_INITDB_ARGS,
#   POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), PGDATA (default /var/lib/postgresql/data),
#   *.sql and *.sh in /docker-entrypoint-initdb.d run once, on the first start.
# Started as root it fixes the data directory's owner and runs PostgreSQL as the postgres user.
set -Eeuo pipefail

log() { echo "docker-entrypoint: $*"; }

# VAR_FILE=/path sets VAR from that file (Docker secrets); setting both is an error.
file_env() {
  local var="$1" default="${2:-}" file_var="${1}_FILE" value
  if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then
    log "both $var and $file_var are set (but are exclusive)" >&2
    exit 1
  fi
  value="$default"
  if [[ -n "${!var:-}" ]]; then
    value="${!var}"
  elif [[ -n "${!file_var:-}" ]]; then
    value="$(<"${!file_var}")"
  fi
  export "$var"="$value"
  unset "$file_var"
}

setup_env() {
  export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  export POSTGRES_HOST_AUTH_METHOD="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
}

database_exists() { [[ -s "$PGDATA/PG_VERSION" ]]; }

init_database_directory() {
  if [[ -z "$POSTGRES_PASSWORD" && "$POSTGRES_HOST_AUTH_METHOD" != trust ]]; then
    log "the database is uninitialised and no password was given:" \
      "set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE" >&2
    exit 1
  fi
  log "initialising the database in $PGDATA"
  local pwfile
  pwfile="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of arguments
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust \
    --auth-host="$POSTGRES_HOST_AUTH_METHOD" --encoding=UTF8 --locale=C.UTF-8 \
    $POSTGRES_INITDB_ARGS >/dev/null
  rm -f "$pwfile"
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
}

run_init_scripts() {
  # A temporary server on the Unix socket only, so nobody connects before the set-up is done.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  local psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname postgres)
  if [[ "$POSTGRES_DB" != postgres ]]; then
    log "creating database $POSTGRES_DB"
    "${psql[@]}" -q --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [[ -e "$f" ]] || continue
    # shellcheck disable=SC1090  # the init scripts are the user's
    case "$f" in
      *.sh) log "running $f" && . "$f" ;;
      *.sql) log "running $f" && "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *) log "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  log "initialisation complete"
}

main() {
  if [[ "${1:-}" == -* ]]; then
    set -- postgres "$@"
  fi
  if [[ "${1:-}" != postgres ]]; then
    exec "$@"
  fi
  setup_env
  if [[ $(id -u) -eq 0 ]]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 0700 "$PGDATA"
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
  fi
  if ! database_exists; then
    init_database_directory
    run_init_scripts
  fi
  unset POSTGRES_PASSWORD
  exec "$@" -c listen_addresses='*'
}

main "$@"

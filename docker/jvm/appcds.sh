#!/usr/bin/env bash
# Build step of the services' image (docker/jvm/Dockerfile): archives the classes the service
# loads while it starts (AppCDS, JDK 17's dynamic archive) with the image's own JVM, so each
# start maps them instead of loading and verifying them again (the entrypoint passes the archive
# with -XX:SharedArchiveFile). The service is started with the runtime's flags, stopped once it
# listens (or once it gave up: the combiner finds no database at build time, fast with no
# retries), and the JVM writes the archive as it exits. Never fails the build: without an
# archive the service starts as before.
set -euo pipefail

usage() { echo "usage: $0 ARCHIVE" >&2; }
[[ $# -eq 1 ]] || { usage; exit 2; }
ARCHIVE="$1"

main() {
  local log=/tmp/appcds.log pid i
  # No database, no downstream service here: fail fast instead of retrying for a minute.
  QUARKUS_FLYWAY_CONNECT_RETRIES=0 QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:1/none \
    QUARKUS_DATASOURCE_PASSWORD=none QUARKUS_SHUTDOWN_DELAY_ENABLED=false \
    java -XX:ArchiveClassesAtExit="$ARCHIVE" -XX:+UseSerialGC \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djava.io.tmpdir=/tmp \
    -Duser.home=/tmp -jar /app/quarkus-run.jar >"$log" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q ' started in ' "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  if [[ -s "$ARCHIVE" ]]; then
    echo "appcds: $(du -h "$ARCHIVE" | cut -f1) archive of the classes loaded at start"
  else
    echo "appcds: no archive written (the service starts without one)" >&2
    tail -n 5 "$log" >&2
  fi
  rm -f "$log"
}

main

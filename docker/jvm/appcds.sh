#!/usr/bin/env bash
# Build step of the services' image (docker/jvm/Dockerfile): AppCDS with JDK 17's dynamic archive.
# The service is started once with the image's own JVM and -XX:ArchiveClassesAtExit, stopped as
# soon as it has started (or has given up: the combiner finds no database here, and fails fast
# with no retries), and the JVM writes the classes it loaded to ARCHIVE as it exits. Each start of
# a container then maps those classes instead of loading and verifying them again (the entrypoint
# passes -XX:SharedArchiveFile). An archive only works with the JVM and the jars that made it,
# which is why it is made here and not by the Maven build. Never fails the build: without an
# archive the service starts as before, only slower.
set -euo pipefail

usage() { echo "usage: $0 ARCHIVE" >&2; }
[[ $# -eq 1 ]] || { usage; exit 2; }
ARCHIVE="$1"
LOG=/tmp/appcds.log

main() {
  local pid i
  # Started by the entrypoint, so the archive is made with the very flags containers run with
  # (an archive made under other GC or heap settings may not map). No database and no other
  # service at build time: give up at once instead of retrying.
  JAVA_APPCDS=off JAVA_OPTS_APPEND="-XX:ArchiveClassesAtExit=$ARCHIVE" \
    QUARKUS_FLYWAY_CONNECT_RETRIES=0 QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:1/none \
    QUARKUS_DATASOURCE_PASSWORD=none QUARKUS_SHUTDOWN_DELAY_ENABLED=false \
    /usr/local/bin/entrypoint.sh >"$LOG" 2>&1 &
  pid=$!
  echo "appcds: waiting (up to 60 s) for the service to start once"
  for ((i = 0; i < 600; i++)); do
    grep -q ' started in ' "$LOG" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  # The JVM writes the archive while it exits; one that has not exited 30 s after SIGTERM is
  # killed with its half-written archive, and the image is built without one rather than never.
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -KILL "$pid" 2>/dev/null; then
    echo "appcds: the service did not stop within 30 s of SIGTERM" >&2
    rm -f "$ARCHIVE"
  fi
  wait "$pid" || true
  if [[ -s "$ARCHIVE" ]]; then
    chmod 0444 "$ARCHIVE"
    echo "appcds: $(du -h "$ARCHIVE" | cut -f1) archive of the classes loaded at start"
  else
    echo "appcds: no archive written (the service will start without one); the log ends:" >&2
    tail -n 5 "$LOG" >&2
  fi
  rm -f "$LOG"
}

main

#!/usr/bin/env bash
# Entrypoint of the four Quarkus services' images.
#  1. Secrets from files, the convention of the official postgres image: for every environment
#     variable NAME_FILE=/path, NAME is exported with that file's content (and NAME_FILE removed,
#     so Quarkus does not see an unknown key). Setting both NAME and NAME_FILE is an error.
#  2. Starts the fast-jar with JVM flags that respect the container's memory limit.
#     JAVA_MAX_RAM_PERCENTAGE (default 50) sizes the heap from the limit; JAVA_OPTS_APPEND adds flags.
#     The image's AppCDS archive (/app/app-cds.jsa, made by docker/jvm/appcds.sh) is used unless
#     JAVA_APPCDS=off; a JVM that cannot use it says so and starts without it (-Xshare:auto).
set -euo pipefail

load_secrets_from_files() {
  local file_var var file
  while IFS= read -r file_var; do
    var="${file_var%_FILE}"
    file="${!file_var}"
    if [[ -n "${!var:-}" ]]; then
      echo "entrypoint: both $var and $file_var are set (but are exclusive)" >&2
      exit 1
    fi
    if [[ ! -r "$file" ]]; then
      echo "entrypoint: $file_var names '$file', which cannot be read" >&2
      exit 1
    fi
    export "$var"="$(<"$file")"
    unset "$file_var"
  done < <(compgen -e | grep -E '^[A-Za-z_][A-Za-z0-9_]*_FILE$' || true)
}

java_options() {
  local opts=(
    "-XX:MaxRAMPercentage=${JAVA_MAX_RAM_PERCENTAGE:-50}"
    "-XX:InitialRAMPercentage=${JAVA_INITIAL_RAM_PERCENTAGE:-25}"
    -XX:+ExitOnOutOfMemoryError
    -XX:+UseSerialGC
    # Give freed native memory (the JIT's arenas, mostly) back to the system every 5 s: glibc
    # keeps it otherwise; 21-31 MiB less RSS per service under load (bench/OPTIMISATIONS.md).
    -XX:TrimNativeHeapInterval=5000
    # C2 compiles a method after 4 times the default calls and loop turns: at start the compiler
    # threads took more CPU than the start's own thread and kept it waiting for a core; int, the
    # combiner and the frontend are ready 0.4-0.6 s sooner, and a request path under load
    # passes these counts within seconds (bench/OPTIMISATIONS.md).
    -XX:Tier4InvocationThreshold=20000
    -XX:Tier4MinInvocationThreshold=2400
    -XX:Tier4CompileThreshold=60000
    -XX:Tier4BackEdgeThreshold=160000
    # Swarm gives a restarted task (PostgreSQL too) a new address: look names up again after
    # 2 s, not the JVM's default 30 s, and never remember a failed look-up.
    -Dsun.net.inetaddr.ttl=2
    -Dsun.net.inetaddr.negative.ttl=0
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager
    -Djava.io.tmpdir=/tmp
    -Duser.home=/tmp
    # Quarkus answers an invalid URI (?min=%zz) with an empty 400; without its check,
    # service-commons' InvalidUriFilter answers the same 400 as a problem document.
    -Dvertx.disableURIValidation=true
    # The same for a malformed header (a control character in a value): Vert.x's empty 400
    # becomes service-commons' InvalidHeaderFilter's problem.
    -Dvertx.disableHttpHeadersValidation=true
  )
  if [[ "${JAVA_APPCDS:-on}" != off && -s /app/app-cds.jsa ]]; then
    opts+=(-XX:SharedArchiveFile=/app/app-cds.jsa -Xshare:auto)
  fi
  printf '%s\n' "${opts[@]}"
}

main() {
  load_secrets_from_files
  if [[ $# -gt 0 && "$1" != -* ]]; then
    exec "$@"
  fi
  local opts extra=()
  mapfile -t opts < <(java_options)
  # shellcheck disable=SC2206  # JAVA_OPTS_APPEND is a list of flags, split on spaces
  [[ -z "${JAVA_OPTS_APPEND:-}" ]] || extra=(${JAVA_OPTS_APPEND})
  exec java "${opts[@]}" "${extra[@]}" "$@" -jar "${APP_JAR:-/app/quarkus-run.jar}"
}

main "$@"

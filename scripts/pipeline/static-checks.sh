#!/usr/bin/env bash
# Pipeline stage "Static checks": ShellCheck and yamllint (scripts/lint.sh) and the Java
# formatting (Spotless, google-java-format).
set -euo pipefail

usage() { echo "usage: [MVN='mvn -B -ntp'] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"

read -r -a mvn <<<"${MVN:-mvn -B -ntp}"
log "scripts and YAML (scripts/lint.sh)"
"$ROOT/scripts/lint.sh"
log "Java formatting (spotless:check)"
(cd "$ROOT" && "${mvn[@]}" -q spotless:check)
log "clean"

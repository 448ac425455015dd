#!/usr/bin/env bash
# Pipeline stage "Build & test": mvn verify (unit, Quarkus, database and system tests, JaCoCo),
# with the build's number and commit. Reports stay under each module's target/:
# surefire-reports/, failsafe-reports/ and site/jacoco/jacoco.xml. Then the unit tests of nginx's Lua
# balancer (LuaJIT).
# SKIP_MAVEN_TESTS=1 only packages the jars (mvn package -DskipTests), for runs whose tests
# already ran (scripts/test-pipeline.sh inside `make test`).
set -euo pipefail

usage() { echo "usage: [SKIP_MAVEN_TESTS=1] [MVN='mvn -B -ntp'] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"
load_build

read -r -a mvn <<<"${MVN:-mvn -B -ntp}"
goals=(verify)
if [[ "${SKIP_MAVEN_TESTS:-0}" == 1 ]]; then
  goals=(package -DskipTests)
  log "SKIP_MAVEN_TESTS=1: packaging build $BUILD_NUMBER without running the tests"
else
  log "building and testing build $BUILD_NUMBER (mvn verify)"
fi
cd "$ROOT"
"${mvn[@]}" "${goals[@]}" -Dbuild.number="$BUILD_NUMBER" -Dbuild.commit="$BUILD_COMMIT"
if [[ "${SKIP_MAVEN_TESTS:-0}" != 1 ]]; then
  log "nginx's Lua modules: unit tests (LuaJIT)"
  for suite in nginx/test/*_test.lua; do luajit "$suite"; done
fi
log "done: jars in */target/quarkus-app, reports in */target/{surefire,failsafe}-reports and */target/site/jacoco"

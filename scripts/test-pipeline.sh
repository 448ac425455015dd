#!/usr/bin/env bash
# The delivery pipeline run locally, stage script by stage script, as Jenkins runs it on main,
# against the local swarm:
#   build N:   version -> build -> images -> deploy -> smoke (/version shows N)
#   build N+1: version -> images -> deploy -> smoke (/version shows N+1)
#   a smoke test forced to fail (SMOKE_FORCE_FAIL=1) -> rollback (as the Jenkinsfile's
#   post { failure }) -> /version shows N again; a second rollback changes nothing.
# Prints one PASS/FAIL line per check, the stage timings and "N passed, N failed"; exits
# non-zero on a failure. Leaves the stack as it found it: the tags it ran are deployed again,
# or the stack is removed when none ran. Each stage's output goes to .local/pipeline/test-logs/
# (VERBOSE=1 shows it); the end of a failing stage's log is printed.
#   SKIP_MAVEN_TESTS  default 1: build.sh only packages (make test has run mvn verify)
#   SKIP_BUILD=1      reuse the jars already built (no Maven at all)
# Build N+1 reuses build N's jars: the commit is the same, only the build number changes.
set -euo pipefail

usage() { echo "usage: [SKIP_BUILD=1] [SKIP_MAVEN_TESTS=0] [VERBOSE=1] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/pipeline/lib.sh"
SCRIPT_NAME=test-pipeline
PIPELINE="$ROOT/scripts/pipeline"
LOG_DIR="$PIPELINE_DIR/test-logs"
export SKIP_MAVEN_TESTS="${SKIP_MAVEN_TESTS:-1}"
# The checks below read the swarm this machine runs; they do not go to a remote manager.
unset DEPLOY_DOCKER_HOST

PASSED=0
FAILED=0
TIMINGS=()
STEP=0
INITIAL_TAGS=()
BUILT_TAGS=()

pass() {
  echo "PASS: $*"
  PASSED=$((PASSED + 1))
}
fail() {
  echo "FAIL: $*"
  FAILED=$((FAILED + 1))
}

# Runs one stage script with its output in a log file and its duration in TIMINGS.
# Returns the script's exit status.
run_stage() {
  local label="$1" start status=0 log_file
  shift
  STEP=$((STEP + 1))
  log_file="$(printf '%s/%02d-%s.log' "$LOG_DIR" "$STEP" "${label//[^A-Za-z0-9]/-}")"
  log "stage: $label ($*)"
  start=$(now)
  if [[ "${VERBOSE:-0}" == 1 ]]; then
    "$@" 2>&1 | tee "$log_file" || status=${PIPESTATUS[0]}
  else
    "$@" >"$log_file" 2>&1 || status=$?
  fi
  TIMINGS+=("$(printf '%-34s %4ss  %s' "$label" "$(($(now) - start))" "$([[ $status == 0 ]] && echo ok || echo "exit $status")")")
  if [[ $status != 0 && "${VERBOSE:-0}" != 1 ]]; then
    echo "---- last lines of $log_file"
    tail -n 25 "$log_file"
    echo "----"
  fi
  return "$status"
}

# A stage that must pass: PASS/FAIL, and stops the run (to the clean-up) when it fails.
must() {
  local label="$1"
  if run_stage "$@"; then
    pass "$label"
  else
    fail "$label"
    finish
  fi
}

current_tag() { load_build && echo "$TAG"; }

# The live tag of every image of the stack is TAG.
expect_live_tags() {
  local tag="$1" name live wrong=()
  for name in "${STACK_IMAGES[@]}"; do
    live="$(service_tag "$name")"
    [[ "$live" == "$tag" ]] || wrong+=("$name=$live")
  done
  if [[ ${#wrong[@]} -eq 0 ]]; then
    pass "every service runs $tag"
  else
    fail "services not on $tag: ${wrong[*]}"
  fi
}

# The tags the stack runs before the test, to put them back at the end.
remember_initial_state() {
  local name live
  for name in "${STACK_IMAGES[@]}"; do
    live="$(service_tag "$name")"
    [[ -z "$live" ]] || INITIAL_TAGS+=("$(tag_variable "$name")=$live")
  done
  if [[ ${#INITIAL_TAGS[@]} -eq 0 ]]; then
    log "no stack $STACK_NAME runs now: it is removed at the end"
  else
    log "the stack runs ${INITIAL_TAGS[*]}: they are deployed again at the end"
  fi
}

restore_initial_state() {
  local line args=() tag
  if [[ ${#INITIAL_TAGS[@]} -eq 0 ]]; then
    run_stage "restore: remove the stack" "$ROOT/scripts/down.sh" || fail "removing the stack"
  else
    for line in "${INITIAL_TAGS[@]}"; do args+=("$line"); done
    tag="${INITIAL_TAGS[0]#*=}"
    run_stage "restore: the tags found at start" env "${args[@]}" "$PIPELINE/deploy.sh" --no-record "$tag" ||
      fail "deploying the initial tags ${INITIAL_TAGS[*]} again"
  fi
  for tag in "${BUILT_TAGS[@]}"; do
    for line in "${INITIAL_TAGS[@]}"; do
      [[ "${line#*=}" != "$tag" ]] || continue 2
    done
    for name in "${STACK_IMAGES[@]}"; do
      docker image rm "$(image_name "$name" "$tag")" >/dev/null 2>&1 || true
    done
  done
}

finish() {
  trap - EXIT
  restore_initial_state
  echo
  echo "stage timings:"
  printf '  %s\n' "${TIMINGS[@]}"
  echo
  echo "$PASSED passed, $FAILED failed"
  [[ $FAILED == 0 ]] || exit 1
  exit 0
}

build_and_ship() { # N|N+1 label, whether to run build.sh
  local which="$1" with_jars="$2" tag
  must "version ($which)" "$PIPELINE/version.sh"
  tag="$(current_tag)"
  BUILT_TAGS+=("$tag")
  log "$which is $tag"
  if [[ "$with_jars" == 1 && "${SKIP_BUILD:-0}" != 1 ]]; then
    must "build ($which, SKIP_MAVEN_TESTS=$SKIP_MAVEN_TESTS)" "$PIPELINE/build.sh"
  fi
  must "images ($which)" "$PIPELINE/images.sh"
  must "deploy ($which)" "$PIPELINE/deploy.sh"
  expect_live_tags "$tag"
  if run_stage "smoke ($which)" "$PIPELINE/smoke.sh"; then
    pass "smoke test: the site works and /version shows build $(tag_build "$tag")"
  else
    fail "smoke test of build $(tag_build "$tag")"
  fi
}

main() {
  mkdir -p "$LOG_DIR"
  rm -f "$LOG_DIR"/*.log
  trap 'fail "interrupted"; finish' EXIT
  must "docker engine and swarm" "$ROOT/scripts/docker-engine.sh"
  remember_initial_state

  build_and_ship "build N" 1
  local tag_n="${BUILT_TAGS[0]}"
  build_and_ship "build N+1" 0
  local tag_n1="${BUILT_TAGS[1]}"

  # The Jenkinsfile: a failing smoke test fails the build, and post { failure } rolls back.
  if SMOKE_FORCE_FAIL=1 run_stage "smoke, forced to fail" "$PIPELINE/smoke.sh"; then
    fail "SMOKE_FORCE_FAIL=1 should make the smoke test fail"
  else
    pass "the forced smoke failure fails the stage"
    must "rollback" "$PIPELINE/rollback.sh"
  fi
  expect_live_tags "$tag_n"
  if run_stage "smoke after the rollback" "$PIPELINE/smoke.sh" "$tag_n"; then
    pass "after the rollback /version shows build $(tag_build "$tag_n") again (not $(tag_build "$tag_n1"))"
  else
    fail "after the rollback /version does not show build $(tag_build "$tag_n")"
  fi
  if run_stage "rollback again (idempotent)" "$PIPELINE/rollback.sh"; then
    expect_live_tags "$tag_n"
  else
    fail "a second rollback"
  fi
  finish
}

main

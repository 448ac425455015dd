#!/usr/bin/env bash
# Shared by the test scripts that check a running stack: PASS/FAIL lines, their count, and small
# helpers to reach the stack's containers. Source it after common.sh; it runs nothing by itself.

# shellcheck disable=SC2034  # used by the scripts that source this file
BASE_URL="${BASE_URL:-https://localhost}"
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
check() { # check NAME DETAILS CONDITION...: PASS when the command succeeds
  local name="$1" details="$2"
  shift 2
  if "$@"; then pass "$name ($details)"; else fail "$name ($details)"; fi
}
summary() { echo "$PASSED passed, $FAILED failed"; }

task_container() { # the id of a running container of a service of the stack
  docker ps -q --filter "label=com.docker.swarm.service.name=${STACK_NAME}_$1" | head -n 1
}

psql_query() { # one SQL statement in the stack's database; rows as unaligned text
  docker exec "$(task_container postgres)" psql -U generator -d generator -tAc "$1"
}

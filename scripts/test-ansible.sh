#!/usr/bin/env bash
# The Ansible test (issue 4): a lab of 3 simulated hosts (scripts/lab.sh) that the playbook
# provisions over SSH as it would real VMs, then:
#   - docker node ls on node1 shows 3 Ready nodes;
#   - the stack's tasks are spread over at least 2 nodes;
#   - the product flow works through nginx (POST https://node1/api/generate -> 201);
#   - a second run of the playbook reports changed=0 on every host;
#   - failover: a bounded load while worker node3 is stopped: at most 1% failed requests during
#     the failover, none after it; node3's tasks are rescheduled; node3 started again and the
#     playbook re-run bring it back into the swarm;
#   - remove-node.yml takes node3 out of the swarm while the product keeps answering;
#   - with all three hosts as managers the playbook brings node3 back and promotes node2, and
#     with one manager stopped the swarm keeps its quorum;
#   - teardown leaves no container, network or volume of the lab.
# One PASS/FAIL line per check, then "N passed, N failed"; exits non-zero on a failure.
# LAB_STACK_FILE=lab/demo-stack.yml tests with the lab's tiny stack instead of the product.
set -euo pipefail

usage() { echo "usage: [LOAD_SECONDS=30] [LOAD_WORKERS=3] [KEEP_LAB=1] [LAB_STACK_FILE=...] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

SCRIPT_NAME=test-ansible
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

LAB="$ROOT/scripts/lab.sh"
LAB_NETWORK="${LAB_NETWORK:-generator-suite-lab}"
LOAD_SECONDS="${LOAD_SECONDS:-30}"
LOAD_WORKERS="${LOAD_WORKERS:-3}"
WORK_DIR="$(mktemp -d /tmp/test-ansible.XXXXXX)"
PASSED=0
FAILED=0
STARTED=$(now)

pass() { echo "PASS: $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
check() { if [[ "$1" == ok ]]; then pass "$2"; else fail "$2"; fi; }

node_container() { echo "$LAB_NETWORK-$1"; }
on_node1() { docker exec "$(node_container node1)" "$@"; }
node_ip() {
  docker inspect -f "{{(index .NetworkSettings.Networks \"$LAB_NETWORK\").IPAddress}}" "$(node_container "$1")"
}

teardown() {
  if [[ "${KEEP_LAB:-0}" == 1 ]]; then
    log "KEEP_LAB=1: the lab stays up (scripts/lab.sh down removes it)"
  else
    "$LAB" down >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK_DIR"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# Runs the playbook; its output goes to $WORK_DIR/$1.log, its recap lines to stdout.
provision() {
  local name="$1" started rc=0
  started=$(now)
  log "running the playbook ($name; log $WORK_DIR/$name.log)"
  "$LAB" provision >"$WORK_DIR/$name.log" 2>&1 || rc=$?
  log "playbook ($name) finished in $(($(now) - started))s with exit code $rc"
  if ((rc != 0)); then
    tail -n 30 "$WORK_DIR/$name.log" >&2
  fi
  return "$rc"
}

recap() { sed -n '/^PLAY RECAP/,$p' "$WORK_DIR/$1.log" | grep -E '^[^ ]+ +: ok=' || true; }

# "NAME RUNNING/DESIRED" of every service of the stack.
services() { on_node1 docker service ls --format '{{.Name}} {{.Replicas}}'; }

# Whether every service has as many tasks running as it wants. `docker service ls` is not enough:
# it also counts the tasks of a node that is down (3/2).
all_tasks_running() {
  local wanted running
  wanted="$(services | awk '{ split($2, r, "/"); sum += r[2] } END { print sum + 0 }')"
  running="$(task_nodes | awk '{ sum += $1 } END { print sum + 0 }')"
  ((wanted > 0 && running == wanted))
}

# The nodes running at least one task of the stack.
task_nodes() {
  local svc
  for svc in $(on_node1 docker service ls --format '{{.Name}}'); do
    on_node1 docker service ps "$svc" --filter desired-state=running --format '{{.Node}} {{.CurrentState}}'
  done | awk '$2 == "Running" { print $1 }' | sort | uniq -c
}

# The product's answer through nginx on node1 (or the demo stack's web server).
# probe [BODY_FILE]: prints the status code; the answer's body goes to BODY_FILE.
probe() {
  local body="${1:-/dev/null}"
  if [[ -n "${LAB_STACK_FILE:-}" ]]; then
    curl -s -o "$body" -w '%{http_code}' -m 10 "http://$ENTRY:8000/" || true
  else
    curl -sk -o "$body" -w '%{http_code}' -m 10 -X POST -H 'Content-Type: application/json' \
      "https://$ENTRY/api/generate" || true
  fi
}
expected_code() { if [[ -n "${LAB_STACK_FILE:-}" ]]; then echo 200; else echo 201; fi; }

# A bounded load: LOAD_WORKERS loops of sequential requests, each stopping after $1 seconds;
# every answer's status code goes to $2, and the time and problem detail of every failed one
# to $2.failures.
load() {
  local seconds="$1" out="$2" i
  : >"$out"
  : >"$out.failures"
  for ((i = 0; i < LOAD_WORKERS; i++)); do
    (
      local end=$(($(now) + seconds)) body="$WORK_DIR/body.$i" code
      while (($(now) < end)); do
        code="$(probe "$body")"
        # One write per answer: the workers append to the same files.
        printf '%s\n' "$code" >>"$out"
        if [[ "$code" != "$(expected_code)" ]]; then
          printf '    %s %s %s\n' "$(date +%T)" "$code" \
            "$(jq -r '.detail // empty' "$body" 2>/dev/null | head -c 160)" >>"$out.failures"
        fi
        sleep 0.1
      done
    ) &
  done
  wait
}

count_failures() { grep -cv "^$(expected_code)\$" "$1" || true; }

# "201 x280, 503 x12": the status codes of a load run (000: no answer).
code_summary() { sort "$1" | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }'; }

# ---------------------------------------------------------------------------------------------

# The images under test: the services' latest images, tagged once so that a build running
# meanwhile cannot change them between two runs of the playbook.
pin_images() {
  local svc
  [[ -z "${LAB_STACK_FILE:-}" ]] || return 0
  for svc in "${SERVICES[@]}" nginx; do
    image_exists "$IMAGE_PREFIX/$svc:${LAB_IMAGE_TAG:-latest}" ||
      die "image $IMAGE_PREFIX/$svc:${LAB_IMAGE_TAG:-latest} is missing (make images builds it)"
    docker tag "$IMAGE_PREFIX/$svc:${LAB_IMAGE_TAG:-latest}" "$IMAGE_PREFIX/$svc:test-ansible"
  done
  export LAB_IMAGE_TAG=test-ansible
}

step_lab_up() {
  docker_is_up || "$ROOT/scripts/docker-engine.sh"
  pin_images
  log "removing what an earlier lab left"
  "$LAB" down >/dev/null
  log "starting a lab of 3 hosts"
  "$LAB" up 3
}

step_first_run() {
  local started
  started=$(now)
  if provision first; then
    pass "playbook provisions 3 bare hosts and deploys the stack ($(($(now) - STARTED))s from nothing, playbook $(($(now) - started))s)"
  else
    fail "playbook provisions 3 bare hosts and deploys the stack"
    return 1
  fi
  ENTRY="$(node_ip node1)"
}

check_nodes() {
  local ready
  ready="$(on_node1 docker node ls --format '{{.Hostname}} {{.Status}}' | grep -c ' Ready$' || true)"
  check "$([[ "$ready" -eq 3 ]] && echo ok)" "docker node ls on node1 shows $ready Ready nodes (want 3)"
}

check_spread() {
  local nodes count
  nodes="$(task_nodes)"
  count="$(wc -l <<<"$nodes")"
  check "$([[ "$count" -ge 2 ]] && echo ok)" \
    "the stack's tasks run on $count nodes (want >= 2): $(awk '{printf "%s=%s ", $2, $1}' <<<"$nodes")"
}

# The services report healthy on their own; the first products may still meet a frontend that
# has not yet seen the other services' tasks in DNS, so this waits up to 60s for the flow.
check_product() {
  local code started deadline
  started=$(now)
  deadline=$((started + 60))
  until code="$(probe)" && [[ "$code" == "$(expected_code)" ]] || (($(now) >= deadline)); do
    sleep 2
  done
  check "$([[ "$code" == "$(expected_code)" ]] && echo ok)" \
    "product flow through nginx on node1 ($ENTRY) answers $code after $(($(now) - started))s (want $(expected_code))"
}

check_second_run() {
  local lines hosts bad
  if ! provision second; then
    fail "second run of the playbook"
    return
  fi
  lines="$(recap second)"
  awk '{ print "    " $0 }' <<<"$lines"
  hosts="$(grep -c . <<<"$lines" || true)"
  bad="$(grep -cvE 'changed=0 +unreachable=0 +failed=0' <<<"$lines" || true)"
  check "$([[ "$hosts" -eq 3 && "$bad" -eq 0 ]] && echo ok)" \
    "second run of the playbook: changed=0 on $((hosts - bad)) of 3 hosts"
}

check_failover() {
  local codes="$WORK_DIR/failover.codes" after="$WORK_DIR/after.codes" total failed deadline
  local stopped_at
  log "failover: ${LOAD_SECONDS}s of load ($LOAD_WORKERS workers) while node3 is stopped"
  load "$LOAD_SECONDS" "$codes" &
  local load_pid=$!
  sleep 5
  log "stopping host node3 (docker stop) at $(date +%T)"
  docker stop "$(node_container node3)" >/dev/null
  stopped_at=$(now)
  wait "$load_pid"
  total="$(grep -c . "$codes" || true)"
  failed="$(count_failures "$codes")"
  check "$([[ "$total" -gt 0 && $((failed * 100)) -le "$total" ]] && echo ok)" \
    "during the failover $failed of $total requests failed ($(awk -v f="$failed" -v t="$total" 'BEGIN { printf "%.2f", t ? 100 * f / t : 100 }')%, want <= 1%; $(code_summary "$codes"))"
  head -n 10 "$codes.failures"

  log "waiting until node3 is down and its tasks run elsewhere (up to 240s)"
  deadline=$(($(now) + 240))
  until on_node1 docker node ls --format '{{.Hostname}} {{.Status}}' | grep -q '^node3 Down$' &&
    all_tasks_running && ! task_nodes | grep -q ' node3$'; do
    (($(now) < deadline)) || break
    sleep 3
  done
  local nodes
  nodes="$(task_nodes)"
  check "$(all_tasks_running && ! grep -q ' node3$' <<<"$nodes" && echo ok)" \
    "node3's tasks rescheduled within $(($(now) - stopped_at))s: every service has all its replicas on $(awk '{printf "%s=%s ", $2, $1}' <<<"$nodes")"

  load 10 "$after"
  total="$(grep -c . "$after" || true)"
  failed="$(count_failures "$after")"
  check "$([[ "$total" -gt 0 && "$failed" -eq 0 ]] && echo ok)" \
    "after the failover $failed of $total requests failed (want 0; $(code_summary "$after"))"
  head -n 10 "$after.failures"
}

check_node_returns() {
  log "starting host node3 again and re-running the playbook"
  "$LAB" up 3 >/dev/null
  if ! provision return; then
    fail "playbook brings node3 back"
    return
  fi
  local deadline state
  deadline=$(($(now) + 60))
  until state="$(on_node1 docker node ls --format '{{.Hostname}} {{.Status}}' | awk '$1 == "node3" { print $2 }')" &&
    [[ "$state" == Ready ]]; do
    (($(now) < deadline)) || break
    sleep 2
  done
  local ready
  ready="$(on_node1 docker node ls --format '{{.Status}}' | grep -c '^Ready$' || true)"
  check "$([[ "$state" == Ready && "$ready" -eq 3 ]] && echo ok)" \
    "node3 is back in the swarm after the playbook: $ready Ready nodes, recap: $(recap return | awk '{printf "%s %s; ", $1, $4}')"
}

# remove-node.yml drains node3, makes it leave and deletes its node; the product keeps answering.
check_remove_node() {
  local log="$WORK_DIR/remove.log" rc=0 nodes code
  log "removing node3 with remove-node.yml (log $log)"
  (cd "$ROOT/ansible" &&
    ansible-playbook -i inventories/lab remove-node.yml -e remove_node_hosts=node3) >"$log" 2>&1 ||
    rc=$?
  ((rc == 0)) || tail -n 30 "$log" >&2
  nodes="$(on_node1 docker node ls --format '{{.Hostname}}' | sort | paste -sd, -)"
  code="$(probe)"
  check "$([[ "$rc" -eq 0 && "$nodes" == node1,node2 && "$code" == "$(expected_code)" ]] && echo ok)" \
    "remove-node.yml takes node3 out: nodes $nodes (want node1,node2), product flow answers $code"
}

# Three managers for quorum: the playbook, with every host in swarm_managers, brings node3 back
# as a manager and promotes node2; with one manager stopped the other two still hold the raft
# quorum, so the swarm is still managed and the product still answers.
check_three_managers() {
  local managers code
  log "re-provisioning the lab with 3 managers"
  LAB_MANAGERS=3 "$LAB" up 3 >/dev/null
  if ! provision managers; then
    fail "playbook makes all 3 hosts managers"
    return
  fi
  managers="$(on_node1 docker node ls --filter role=manager --format '{{.Hostname}}' | sort | paste -sd, -)"
  check "$([[ "$managers" == node1,node2,node3 ]] && echo ok)" \
    "playbook makes all 3 hosts managers: $managers, recap: $(recap managers | awk '{printf "%s %s; ", $1, $4}')"

  log "stopping manager node3: two of three managers keep the quorum"
  docker stop "$(node_container node3)" >/dev/null
  code="$(probe)"
  check "$(on_node1 docker service ls -q >/dev/null 2>&1 && [[ "$code" == "$(expected_code)" ]] && echo ok)" \
    "with manager node3 stopped the swarm still answers (docker service ls on node1) and the product flow answers $code"
}

check_teardown() {
  local left
  "$LAB" down >/dev/null
  left="$(
    docker ps -aq --filter label=generator-suite.lab=1
    docker volume ls -q --filter label=generator-suite.lab=1
    docker network ls -q --filter name="^$LAB_NETWORK\$"
  )"
  check "$([[ -z "$left" ]] && echo ok)" \
    "teardown leaves $(grep -c . <<<"$left" || true) lab containers, networks or volumes (want 0)"
}

main() {
  step_lab_up
  if step_first_run; then
    check_nodes
    check_spread
    check_product
    check_second_run
    check_failover
    check_node_returns
    check_remove_node
    check_three_managers
  fi
  if [[ "${KEEP_LAB:-0}" != 1 ]]; then check_teardown; fi
  log "finished in $(($(now) - STARTED))s"
  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
}

main

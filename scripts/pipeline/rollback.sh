#!/usr/bin/env bash
# Puts back the tags that were live before this build's deploy (recorded by deploy.sh in
# .local/pipeline/previous-tags.env) and waits until every service runs them again.
# Called by the pipeline when the deploy or the smoke test fails. Idempotent.
# --from-swarm takes the tags from each service's previous spec in Swarm instead (when the
# record is gone, e.g. from another workspace).
set -euo pipefail

usage() { echo "usage: [DEPLOY_DOCKER_HOST=ssh://user@manager] $0 [--from-swarm]" >&2; }
FROM_SWARM=0
case "${1:-}" in
  "") ;;
  --from-swarm) FROM_SWARM=1 ;;
  -h | --help) usage; exit 0 ;;
  *) usage; exit 2 ;;
esac

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"
use_deploy_engine

# The previous tags as NAME_TAG=tag lines.
previous_tags() {
  local name tag
  if [[ $FROM_SWARM == 1 ]]; then
    for name in "${STACK_IMAGES[@]}"; do
      tag="$(service_tag "$name" PreviousSpec)"
      [[ -z "$tag" ]] || echo "$(tag_variable "$name")=$tag"
    done
    return 0
  fi
  [[ -f "$PREVIOUS_TAGS" ]] ||
    die "no deploy recorded in $PREVIOUS_TAGS (run with --from-swarm to use Swarm's previous specs)"
  grep -E '^[A-Z_]+_TAG=[A-Za-z0-9_.-]+$' "$PREVIOUS_TAGS" || true
}

mapfile -t tags < <(previous_tags)
if [[ ${#tags[@]} -eq 0 ]]; then
  warn "nothing was deployed before this build: there is nothing to roll back to"
  exit 0
fi
for line in "${tags[@]}"; do
  export "${line?}"
done
frontend_variable="$(tag_variable frontend-service)"
rollback_tag="${!frontend_variable:-${tags[0]#*=}}"
log "rolling back to ${tags[*]}"
"$(dirname "$0")/deploy.sh" --no-record "$rollback_tag"
log "rolled back: $rollback_tag is live again"

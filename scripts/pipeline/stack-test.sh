#!/usr/bin/env bash
# Pipeline stage "Stack test": the end-to-end suites of scripts/test-stack.sh against a stack of
# this build's images (TAG), without building them again.
# The stack test deploys on the agent's own engine; the deploy stage goes to DEPLOY_DOCKER_HOST.
set -euo pipefail

usage() { echo "usage: $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/pipeline/lib.sh
source "$(dirname "$0")/lib.sh"
load_build

# TAG (exported by load_build) makes scripts/up.sh deploy these images instead of building new ones.
export SKIP_BUILD=1
log "end-to-end tests of the stack with the images $TAG"
"$ROOT/scripts/test-stack.sh"

#!/usr/bin/env bash
# Static checks of everything that is not Java (Java is checked by the Maven build):
# ShellCheck for every bash script, yamllint for every YAML file, ansible-lint for the playbooks.
set -euo pipefail

usage() { echo "usage: $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

cd "$(dirname "$0")/.."

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "lint: '$1' is missing (apt-get install $2)" >&2; exit 1; }
}

lint_shell() {
  local scripts
  mapfile -t scripts < <(git ls-files -co --exclude-standard | grep -E '(\.sh$|^\.ci/run$)' || true)
  [[ ${#scripts[@]} -gt 0 ]] || return 0
  echo "==> shellcheck: ${#scripts[@]} scripts"
  shellcheck -x "${scripts[@]}"
}

lint_yaml() {
  local files
  mapfile -t files < <(git ls-files -co --exclude-standard | grep -E '\.ya?ml$' || true)
  [[ ${#files[@]} -gt 0 ]] || return 0
  echo "==> yamllint: ${#files[@]} files"
  yamllint --strict "${files[@]}"
}

lint_ansible() {
  echo "==> ansible-lint: ansible/"
  (cd ansible && ansible-lint --offline -p)
}

require shellcheck shellcheck
require yamllint yamllint
require ansible-lint ansible-lint
lint_shell
lint_yaml
lint_ansible
echo "==> lint: clean"

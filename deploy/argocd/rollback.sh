#!/usr/bin/env bash
# Puts an environment back on the last commit that passed its tests there (the git tag env-<ENV>), after a
# promotion's sync or smoke test failed. env-<ENV> itself is not moved: it already names the good commit.
# The previous image still runs against the migrated database because migrations are written
# expand-then-contract (docs/deployment.md, "Rollback").
#   deploy/argocd/rollback.sh dev|stage|prod
set -euo pipefail
env=${1:?usage: rollback.sh dev|stage|prod}
case $env in dev | stage | prod) ;; *) echo "rollback.sh: unknown environment '$env'" >&2; exit 64 ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tag="env-${env^^}"

git fetch --quiet --force origin "refs/tags/$tag:refs/tags/$tag" ||
  { echo "rollback.sh: no $tag yet: nothing to roll back to (first deployment of $env)" >&2; exit 1; }
good=$(git rev-parse "$tag^{commit}")
echo "rollback.sh: $env goes back to $tag ($good, image $("$here/image-of.sh" "$env" "$good"))" >&2
# A sync that timed out may still be running: stop it, or Argo CD ignores the new operation.
ns=${ARGOCD_NAMESPACE:-argocd}
if [[ $(kubectl -n "$ns" get application "flowdocs-$env" -o jsonpath='{.status.operationState.phase}') == Running ]]; then
  kubectl -n "$ns" patch application "flowdocs-$env" --type merge -p '{"status": {"operationState": {"phase": "Terminating"}}}'
  sleep 10
fi
"$here/sync.sh" "$env" "$good"
{
  echo "### Rolled back"
  echo "The new build failed; $env runs \`$tag\` ($good) again and $tag was not moved."
} >> "${GITHUB_STEP_SUMMARY:-/dev/null}"

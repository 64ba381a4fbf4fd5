#!/usr/bin/env bash
# Makes Argo CD deploy one commit to one environment and waits until it is synced and healthy.
#   deploy/argocd/sync.sh dev|stage|prod COMMIT [timeout seconds, default 900]
# It starts the sync by writing the Application's .operation (what `argocd app sync --revision` does), so the
# pipeline needs only kubectl access to the Application (deploy/argocd/deployer-rbac.yaml), no Argo CD token.
# The migration Job runs inside the sync (a Sync hook before the Deployments); a failed migration fails it.
set -euo pipefail
env=${1:?usage: sync.sh dev|stage|prod COMMIT [timeout]}
revision=${2:?usage: sync.sh dev|stage|prod COMMIT [timeout]}
timeout=${3:-900}
app="flowdocs-$env"
ns=${ARGOCD_NAMESPACE:-argocd}

case $env in dev | stage | prod) ;; *) echo "sync.sh: unknown environment '$env'" >&2; exit 64 ;; esac
[[ $revision =~ ^[0-9a-f]{40}$ ]] || { echo "sync.sh: '$revision' is not a full commit id" >&2; exit 64; }

kubectl -n "$ns" patch application "$app" --type merge -p "$(cat <<JSON
{"operation": {"initiatedBy": {"username": "github-actions"},
  "sync": {"revision": "$revision", "syncStrategy": {"hook": {}}},
  "retry": {"limit": 2, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "1m"}}}}
JSON
)"
echo "sync.sh: $app syncing $revision"

deadline=$((SECONDS + timeout))
while ((SECONDS < deadline)); do
  status=$(kubectl -n "$ns" get application "$app" -o jsonpath='{.status.operationState.syncResult.revision} {.status.operationState.phase} {.status.health.status}')
  read -r synced phase health <<<"$status"
  if [[ ${synced:-} == "$revision" ]]; then
    case ${phase:-} in
      Succeeded)
        if [[ ${health:-} == Healthy ]]; then
          echo "sync.sh: $app is at $revision, healthy"
          exit 0
        fi
        ;;
      Failed | Error)
        echo "sync.sh: $app sync of $revision ended $phase:" >&2
        kubectl -n "$ns" get application "$app" -o jsonpath='{.status.operationState.message}{"\n"}' >&2
        exit 1
        ;;
    esac
  fi
  sleep 10
done
echo "sync.sh: $app did not become healthy at $revision within ${timeout}s (now: ${status:-unknown})" >&2
exit 1

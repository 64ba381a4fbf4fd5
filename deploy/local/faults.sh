#!/usr/bin/env bash
# Fault-injection suite (issue 19) against the production-shaped run of deploy/local/run.sh:
#   deploy/local/faults.sh [redis-stop] [redis-empty] [mariadb] [s3]     (default: all four, about 8-12 minutes)
#   redis-stop    Redis frozen (SIGSTOP) for 20 s during 100 approvals
#   redis-empty   Redis killed, its data wiped and started again during 100 approvals
#                 -> one workflow instance and one review task per version, all documents Approved within 90 s
#                    of Redis returning, the outbox empty, the recurring jobs restored
#   mariadb, s3   MariaDB / the S3 emulator killed (SIGKILL) and started again during uploads
#                 -> clients get only 503 with Retry-After during the outage, never a 500; readiness Healthy and
#                    uploads succeeding within 10 s of the dependency's return
#   then: 0 orphan blobs and 0 versions without a blob (MariaDB against the bucket's listing), outbox empty.
# The driver is deploy/local/faults.py (python3, stdlib only); it restarts services through
# scripts/test-services.sh restart, prints a report with the figures and, for each failed check, the tail of the
# process logs (.local-deploy/logs, .local-deploy/services/*/server.log).
# With no run up, it starts one (run.sh start, seed) and stops it at the end; a run already up (run.sh start &&
# run.sh seed) is used and left running. Ports as run.sh's: FLOWDOCS_LOCAL_WEB_PORT, FLOWDOCS_MYSQL_PORT,
# FLOWDOCS_REDIS_PORT, FLOWDOCS_S3_PORT.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run_dir="$repo/.local-deploy"
run="$repo/deploy/local/run.sh"
export PATH="$PATH:/usr/sbin"

up() {
  [[ -f $run_dir/endpoints.env ]] || return 1
  local url
  url=$(sed -n 's/^FLOWDOCS_WEB_URL=//p' "$run_dir/endpoints.env")
  curl -fsS --max-time 3 -o /dev/null "$url/health/live" 2>/dev/null
}

if ! up; then
  trap '"$run" stop' EXIT
  "$run" start
fi
[[ -f $run_dir/journey.env ]] || "$run" seed

set -a
# shellcheck source=/dev/null
source "$run_dir/endpoints.env"
# shellcheck source=/dev/null
source "$run_dir/journey.env"
set +a
# The services of this run: its ports (run.sh writes them) and its data and pid files.
export FLOWDOCS_REDIS_PORT=${FLOWDOCS_LOCAL_REDIS_PORT:-${FLOWDOCS_REDIS_PORT:-6387}}
export FLOWDOCS_MYSQL_PORT=${FLOWDOCS_LOCAL_MYSQL_PORT:-${FLOWDOCS_MYSQL_PORT:-3317}}
export FLOWDOCS_S3_PORT=${FLOWDOCS_LOCAL_S3_PORT:-${FLOWDOCS_S3_PORT:-4579}}
export FLOWDOCS_SERVICES_DIR="$run_dir/services"
python3 "$repo/deploy/local/faults.py" "$@"

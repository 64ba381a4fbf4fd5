#!/usr/bin/env bash
# Smoke test of a running FlowDocs (web role) at a base URL: is it up, ready, and answering as FlowDocs does?
#   deploy/smoke/smoke.sh https://dev.flowdocs.example.com     (waits up to FLOWDOCS_SMOKE_WAIT s, default 120)
# Checks: /health/live and /health/ready answer 200 with status Healthy (database, job storage and blob store
# reachable); the OpenAPI document is FlowDocs'; /api without a token is 401 as problem details; an unknown
# path is a 404 problem. Read-only: safe against PROD.
set -euo pipefail
base=${1:?usage: smoke.sh BASE_URL}
base=${base%/}
wait_seconds=${FLOWDOCS_SMOKE_WAIT:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

# get PATH -> prints the status code, body in $tmp/body, headers in $tmp/headers
get() {
  curl --silent --show-error --max-time 15 --output "$tmp/body" --dump-header "$tmp/headers" \
    --write-out '%{http_code}' "$base$1" || echo 000
}

check() {
  local what=$1 ok=$2
  checks=$((checks + 1))
  if [[ $ok == true ]]; then
    echo "  ok  $what"
  else
    echo "  FAIL $what"
    failures=$((failures + 1))
  fi
}

echo "== smoke test of $base"
deadline=$((SECONDS + wait_seconds))
until [[ $(get /health/ready) == 200 ]]; do
  if ((SECONDS >= deadline)); then
    echo "  FAIL /health/ready did not answer 200 within ${wait_seconds}s; last answer:"
    cat "$tmp/body" 2>/dev/null || true
    echo
    echo "smoke.sh: 0 passed, 1 failed"
    exit 1
  fi
  sleep 2
done

status=$(get /health/live)
check "/health/live answers 200 ($status)" "$([[ $status == 200 ]] && echo true || echo false)"
status=$(get /health/ready)
check "/health/ready answers 200 and Healthy ($status: $(tr -d '\n' <"$tmp/body" | cut -c1-160))" \
  "$([[ $status == 200 ]] && grep -q '"status":"Healthy"' "$tmp/body" && echo true || echo false)"
status=$(get /openapi/v1.json)
check "/openapi/v1.json is the FlowDocs API ($status)" \
  "$([[ $status == 200 ]] && grep -Eq '"title": *"FlowDocs API"' "$tmp/body" && echo true || echo false)"
status=$(get /api/documents)
check "/api/documents without a token is 401 problem details ($status)" \
  "$([[ $status == 401 ]] && echo true || echo false)"
status=$(get /smoke-test-no-such-page)
check "an unknown path is a 404 problem ($status)" \
  "$([[ $status == 404 ]] && grep -qi 'content-type: application/problem+json' "$tmp/headers" && echo true || echo false)"

echo "smoke.sh: $((checks - failures)) passed, $failures failed"
((failures == 0))

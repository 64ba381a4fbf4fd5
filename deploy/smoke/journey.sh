#!/usr/bin/env bash
# Journey test of a running FlowDocs at a base URL: what a member does on a working day, through the API.
#   deploy/smoke/journey.sh https://stage.flowdocs.example.com
# Authentication (one of):
#   FLOWDOCS_TOKEN                          a bearer token, or
#   FLOWDOCS_CLIENT_ID, FLOWDOCS_CLIENT_SECRET   client credentials of a FlowDocs service client (created
#                                           in the identity admin API); token from BASE_URL/connect/token
#                                           (or FLOWDOCS_TOKEN_URL) for the scope flowdocs.api (or FLOWDOCS_SCOPE)
# Steps: upload a document (raw body), read it back, add a second version, list both versions, download
# version 1 and compare its SHA-256 with what was sent; then wait (FLOWDOCS_JOURNEY_WAIT s, default 120) for
# the approval workflow, run by the workers, to put a review task for version 2 on the document. With
# FLOWDOCS_REVIEWER_EMAIL and FLOWDOCS_REVIEWER_PASSWORD (a user with the Reviewer role) that reviewer signs
# in through /account/login, approves every review task of the document (the API accepts the UI's cookie),
# and the journey waits until the workflow has set the document Approved. It writes data: run it against
# DEV and STAGE, not PROD (prod.yml runs only smoke.sh).
set -euo pipefail
# shellcheck source=deploy/smoke/session.sh
source "$(dirname "${BASH_SOURCE[0]}")/session.sh"
base=${1:?usage: journey.sh BASE_URL}
base=${base%/}
wait_seconds=${FLOWDOCS_JOURNEY_WAIT:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0

step() { echo "  ok  $1"; passed=$((passed + 1)); }
die() {
  echo "  FAIL $1"
  [[ -s $tmp/body ]] && { head -c 600 "$tmp/body"; echo; }
  echo "journey.sh: $passed passed, 1 failed"
  exit 1
}
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$tmp/body" "$1"; }

if [[ -z ${FLOWDOCS_TOKEN:-} ]]; then
  : "${FLOWDOCS_CLIENT_ID:?set FLOWDOCS_TOKEN, or FLOWDOCS_CLIENT_ID and FLOWDOCS_CLIENT_SECRET}"
  token_url=${FLOWDOCS_TOKEN_URL:-$base/connect/token}
  curl -fsS --max-time 15 -o "$tmp/body" -d grant_type=client_credentials \
    --data-urlencode "client_id=$FLOWDOCS_CLIENT_ID" --data-urlencode "client_secret=${FLOWDOCS_CLIENT_SECRET:?}" \
    --data-urlencode "scope=${FLOWDOCS_SCOPE:-flowdocs.api}" "$token_url" || die "no token from $token_url"
  FLOWDOCS_TOKEN=$(json 'd["access_token"]')
fi
auth=(-H "Authorization: Bearer $FLOWDOCS_TOKEN")

# call METHOD PATH [curl args...] -> status code; body in $tmp/body
call() {
  local method=$1 path=$2
  shift 2
  curl -sS --max-time 60 -X "$method" "${auth[@]}" -o "$tmp/body" -w '%{http_code}' "$@" "$base$path" || echo 000
}

echo "== journey test of $base"
run_id="journey-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM"
printf 'FlowDocs journey %s, version 1\n' "$run_id" >"$tmp/v1.txt"
head -c 3000000 /dev/urandom >>"$tmp/v1.txt"
printf 'FlowDocs journey %s, version 2\n' "$run_id" >"$tmp/v2.txt"
sent=$(sha256sum "$tmp/v1.txt" | cut -d' ' -f1)

status=$(call POST "/api/documents?fileName=$run_id.txt&title=$run_id" -H 'Content-Type: text/plain' --data-binary "@$tmp/v1.txt")
[[ $status == 201 ]] || die "upload answered $status (want 201)"
document=$(json 'd["document"]["id"]')
step "uploaded document $document (3 MB)"

status=$(call GET "/api/documents/$document")
[[ $status == 200 && $(json 'd["title"]') == "$run_id" ]] || die "reading the document answered $status"
step "read the document back"

status=$(call POST "/api/documents/$document/versions?fileName=$run_id.txt" -H 'Content-Type: text/plain' --data-binary "@$tmp/v2.txt")
[[ $status == 201 ]] || die "adding a version answered $status (want 201)"
step "added version $(json 'd["version"]["number"]')"

status=$(call GET "/api/documents/$document/versions")
[[ $status == 200 ]] || die "listing versions answered $status"
count=$(json 'len(d["items"])')
[[ $count == 2 ]] || die "the document has $count versions (want 2)"
step "listed 2 versions"

status=$(curl -sS --max-time 120 "${auth[@]}" -o "$tmp/download" -w '%{http_code}' "$base/api/documents/$document/versions/1/content" || echo 000)
got=$(sha256sum "$tmp/download" | cut -d' ' -f1)
[[ $status == 200 && $got == "$sent" ]] || die "version 1 downloaded with status $status and SHA-256 $got (sent $sent)"
step "downloaded version 1 byte for byte"

# The document's tasks, as "id version status" lines.
tasks() {
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for t in (d["items"] if isinstance(d, dict) else d):
    print(t["id"], t["documentVersionNumber"], t["status"])' "$tmp/body"
}

deadline=$((SECONDS + wait_seconds))
task=""
while ((SECONDS < deadline)); do
  status=$(call GET "/api/documents/$document/tasks")
  if [[ $status == 200 ]]; then
    task=$(tasks | awk '$2 == 2 { print $1; exit }')
    [[ -n $task ]] && break
  fi
  sleep 2
done
[[ -n $task ]] || die "no review task for version 2 appeared on the document within ${wait_seconds}s (the approval workflow runs on the workers)"
step "the approval workflow put review task $task (version 2) on the document"

if [[ -n ${FLOWDOCS_REVIEWER_EMAIL:-} ]]; then
  jar=$tmp/reviewer.cookies
  session_sign_in "$base" "$jar" "$FLOWDOCS_REVIEWER_EMAIL" "${FLOWDOCS_REVIEWER_PASSWORD:?}" || die "the reviewer could not sign in"
  step "reviewer $FLOWDOCS_REVIEWER_EMAIL signed in through /account/login"
  # Each version started a review; the reviewer approves both (version 1's knowing a newer one exists).
  status=$(call GET "/api/documents/$document/tasks")
  [[ $status == 200 ]] || die "listing the document's tasks answered $status"
  tasks >"$tmp/tasks"
  approved=0
  while read -r id version state; do
    [[ $state == Open || $state == Claimed ]] || continue
    status=$(curl -sS --max-time 60 -b "$jar" -o "$tmp/body" -w '%{http_code}' -H 'Content-Type: application/json' \
      --data "{\"outcome\":\"Approve\",\"comment\":\"journey $run_id\",\"confirmNewerVersion\":$([[ $version == 2 ]] && echo false || echo true)}" \
      "$base/api/tasks/$id/complete" || echo 000)
    [[ $status == 200 ]] || die "completing review task $id (version $version) as the reviewer answered $status"
    approved=$((approved + 1))
  done <"$tmp/tasks"
  ((approved > 0)) || die "the reviewer found no open review task"
  step "the reviewer approved $approved review task(s)"

  deadline=$((SECONDS + wait_seconds))
  state=""
  while ((SECONDS < deadline)); do
    status=$(call GET "/api/documents/$document")
    [[ $status == 200 ]] && state=$(json 'd["status"]')
    [[ $state == Approved ]] && break
    sleep 2
  done
  [[ $state == Approved ]] || die "the document is $state, not Approved, ${wait_seconds}s after the approvals"
  step "the approval workflow set the document Approved"
fi

echo "journey.sh: $passed passed, 0 failed"

#!/usr/bin/env bash
# A production-shaped FlowDocs on one machine, without Docker: MariaDB, Redis (noeviction) and the S3
# emulator from scripts/test-services.sh, the server published as in the image, the database migrated by
# the `migrate` command (as the Kubernetes Job does), then one web process and two worker processes with
# the settings of deploy/k8s's ConfigMap (ASPNETCORE_ENVIRONMENT=Production, MySql, Redis, S3) and the env
# of the web and worker Deployments.
#   deploy/local/run.sh start    start everything, wait until each process is ready, write
#                                .local-deploy/endpoints.env (FLOWDOCS_WEB_URL, FLOWDOCS_WEB_PORT, FLOWDOCS_WORKER_PORTS)
#   deploy/local/run.sh seed     as the administrator (signed in through /account/login): a service client
#                                for the journey and a reviewer (Reviewer role, password set through its
#                                invitation link); writes .local-deploy/journey.env (FLOWDOCS_TOKEN, FLOWDOCS_REVIEWER_*)
#   deploy/local/run.sh scale-out [N]   uploads N documents (default 20) through web, stops worker 1 with
#                                SIGTERM while their approvals run, has the reviewer approve every review
#                                task, and fails unless all N documents end Approved (nothing lost)
#   deploy/local/run.sh verify [shared]   every running worker is a registered Hangfire server of the same
#                                Redis storage, and which worker ran how many jobs of which kind (from
#                                Hangfire's job history in Redis); with `shared`, fails unless both workers
#                                ran workflow bursts
#   deploy/local/run.sh stop-worker N   SIGTERM worker N (1 or 2), as the kubelet stops a pod, mid-run if you like
#   deploy/local/run.sh stop     stop the processes and services it started (by pid)
# Ports: FLOWDOCS_LOCAL_WEB_PORT (default 5080; workers take the next two), FLOWDOCS_MYSQL_PORT,
# FLOWDOCS_REDIS_PORT, FLOWDOCS_S3_PORT (defaults 3317, 6387, 4579: apart from the test suite's).
# Logs: .local-deploy/logs/{migrate,web,worker-1,worker-2}.log
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/smoke/session.sh
source "$repo/deploy/smoke/session.sh"
run_dir="$repo/.local-deploy"
web_port=${FLOWDOCS_LOCAL_WEB_PORT:-5080}
worker_ports="$((web_port + 1)) $((web_port + 2))"
export FLOWDOCS_MYSQL_PORT=${FLOWDOCS_MYSQL_PORT:-3317}
export FLOWDOCS_REDIS_PORT=${FLOWDOCS_REDIS_PORT:-6387}
export FLOWDOCS_S3_PORT=${FLOWDOCS_S3_PORT:-4579}
export FLOWDOCS_SERVICES_DIR="$run_dir/services"
export PATH="$PATH:/usr/sbin"
prefix='{flowdocs}:'
admin_email=admin@flowdocs.local
admin_password=Local-admin-1

stop_processes() {
  for pidfile in "$run_dir"/*.pid; do
    [[ -f $pidfile ]] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

# The non-secret settings exactly as deploy/k8s/base's ConfigMap has them; AWS-only ones are replaced below.
configmap_settings() {
  python3 - "$repo/deploy/k8s/base/kustomization.yaml" <<'PY'
import sys, yaml
k = yaml.safe_load(open(sys.argv[1]))
for literal in next(g for g in k["configMapGenerator"] if g["name"] == "flowdocs-config")["literals"]:
    print(literal)
PY
}

# The env a Deployment (web or worker) sets on its container, over the ConfigMap's.
deployment_env() {
  python3 - "$repo/deploy/k8s/base/$1.yaml" <<'PY'
import sys, yaml
for doc in yaml.safe_load_all(open(sys.argv[1])):
    if doc and doc.get("kind") == "Deployment":
        for container in doc["spec"]["template"]["spec"]["containers"]:
            for env in container.get("env", []):
                if "value" in env:
                    print(f"{env['name']}={env['value']}")
PY
}

# Identity needs certificates shared by every process (as the Kubernetes secret provides them).
make_certificate() {
  local name=$1 usage=$2
  openssl req -x509 -newkey rsa:2048 -sha256 -days 30 -nodes -subj "/CN=FlowDocs local $name" \
    -addext "keyUsage=critical,$usage" -keyout "$run_dir/$name.key" -out "$run_dir/$name.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$run_dir/$name.key" -in "$run_dir/$name.crt" -passout "pass:local-$name" \
    -out "$run_dir/$name.pfx" 2>/dev/null
  base64 -w0 "$run_dir/$name.pfx"
}

wait_ready() {
  local name=$1 port=$2 pid=$3
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: $name exited; its log:" >&2
      tail -n 40 "$run_dir/logs/$name.log" >&2
      return 1
    fi
    if curl -fsS --max-time 2 "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
      echo "run.sh: $name ready on http://127.0.0.1:$port (pid $pid)"
      return 0
    fi
    sleep 1
  done
  echo "run.sh: $name was not ready within 120 s; its log:" >&2
  tail -n 40 "$run_dir/logs/$name.log" >&2
  return 1
}

start() {
  stop_processes
  # Whatever else answers on these ports would pass the readiness checks below in our stead.
  for port in $web_port $worker_ports; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "run.sh: port $port is already in use; stop what listens there or set FLOWDOCS_LOCAL_WEB_PORT" >&2
      return 1
    fi
  done
  mkdir -p "$run_dir/logs"
  # shellcheck source=scripts/test-services.sh
  source "$repo/scripts/test-services.sh" start

  # Built as the image's build stage builds it: from the Docker build context (the files .dockerignore
  # lets through), with the same publish command; a file the image would lack fails here too.
  echo "run.sh: publishing the server from the Docker build context (as the image's build stage does)"
  python3 "$repo/deploy/docker/context.py" copy "$run_dir/context"
  (cd "$run_dir/context" && dotnet publish src/FlowDocs.Server/FlowDocs.Server.csproj -c Release \
    -o "$run_dir/app" -nologo -v quiet /p:UseAppHost=false) >"$run_dir/logs/publish.log" 2>&1 ||
    { tail -n 30 "$run_dir/logs/publish.log" >&2; return 1; }

  local -a settings
  mapfile -t settings < <(configmap_settings)
  settings+=(
    "FlowDocs__Database__ConnectionString=$FLOWDOCS_TEST_MYSQL;Database=flowdocs_local"
    "FlowDocs__Jobs__ConnectionString=$FLOWDOCS_TEST_REDIS"
    "FlowDocs__Blobs__S3__ServiceUrl=$FLOWDOCS_TEST_S3"
    "FlowDocs__Blobs__S3__Bucket=$FLOWDOCS_TEST_S3_BUCKET"
    "FlowDocs__Blobs__S3__Region=us-east-1"
    "FlowDocs__Blobs__S3__AccessKey=S3RVER"
    "FlowDocs__Blobs__S3__SecretKey=S3RVER"
    "FlowDocs__Identity__Issuer=http://127.0.0.1:$web_port/"
    "FlowDocs__Identity__AdminEmail=$admin_email"
    "FlowDocs__Identity__AdminPassword=$admin_password"
    "FlowDocs__Identity__SigningCertificate__Base64=$(make_certificate signing digitalSignature)"
    "FlowDocs__Identity__SigningCertificate__Password=local-signing"
    "FlowDocs__Identity__EncryptionCertificate__Base64=$(make_certificate encryption keyEncipherment)"
    "FlowDocs__Identity__EncryptionCertificate__Password=local-encryption"
    "FlowDocs__DataPath=$run_dir/tmp"
  )

  # env execs dotnet, so the pid recorded below is the server's own: stop ends exactly it.
  local server=(env -C "$run_dir/app" "${settings[@]}")

  echo "run.sh: migrating the database (the Kubernetes migration Job's command)"
  "${server[@]}" FlowDocs__Role=Worker dotnet FlowDocs.Server.dll migrate >"$run_dir/logs/migrate.log" 2>&1 ||
    { echo "run.sh: migrate failed:" >&2; tail -n 30 "$run_dir/logs/migrate.log" >&2; return 1; }

  local -a web_env worker_env
  mapfile -t web_env < <(deployment_env web)
  mapfile -t worker_env < <(deployment_env worker)
  "${server[@]}" "${web_env[@]}" ASPNETCORE_URLS="http://127.0.0.1:$web_port" dotnet FlowDocs.Server.dll \
    >"$run_dir/logs/web.log" 2>&1 &
  echo $! >"$run_dir/web.pid"
  local n=0
  for port in $worker_ports; do
    n=$((n + 1))
    # The Deployment's worker count is sized for a pod of its own; two here share two cores.
    "${server[@]}" "${worker_env[@]}" FlowDocs__Jobs__WorkerCount=4 ASPNETCORE_URLS="http://127.0.0.1:$port" \
      dotnet FlowDocs.Server.dll >"$run_dir/logs/worker-$n.log" 2>&1 &
    echo $! >"$run_dir/worker-$n.pid"
  done

  wait_ready web "$web_port" "$(cat "$run_dir/web.pid")"
  n=0
  for port in $worker_ports; do
    n=$((n + 1))
    wait_ready "worker-$n" "$port" "$(cat "$run_dir/worker-$n.pid")"
  done
  cat >"$run_dir/endpoints.env" <<ENV
FLOWDOCS_WEB_URL=http://127.0.0.1:$web_port
FLOWDOCS_WEB_PORT=$web_port
FLOWDOCS_WORKER_PORTS="$worker_ports"
FLOWDOCS_LOCAL_REDIS_PORT=$FLOWDOCS_REDIS_PORT
FLOWDOCS_LOCAL_MYSQL_PORT=$FLOWDOCS_MYSQL_PORT
FLOWDOCS_LOCAL_S3_PORT=$FLOWDOCS_S3_PORT
ENV
  echo "run.sh: FlowDocs runs at http://127.0.0.1:$web_port (web) with workers on $worker_ports; 'deploy/local/run.sh stop' ends it"
}

seed() {
  # shellcheck source=/dev/null
  source "$run_dir/endpoints.env"
  local base=$FLOWDOCS_WEB_URL jar=$run_dir/admin.cookies body=$run_dir/seed.json stamp
  stamp=$(date -u +%H%M%S)
  session_sign_in "$base" "$jar" "$admin_email" "$admin_password"
  echo "  ok  the administrator signed in through /account/login"
  curl -fsS --max-time 15 -b "$jar" -o "$body" -H 'Content-Type: application/json' \
    -d "{\"displayName\":\"journey $stamp\",\"roles\":[\"Member\"]}" "$base/api/admin/service-clients"
  local client_id client_secret token
  client_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["client"]["clientId"])' "$body")
  client_secret=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["clientSecret"])' "$body")
  echo "  ok  service client $client_id created"
  # OpenIddict accepts only HTTPS; as behind the load balancer, the forwarded scheme says it was.
  curl -fsS --max-time 15 -o "$body" -H 'X-Forwarded-Proto: https' -d grant_type=client_credentials \
    --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret" \
    --data-urlencode scope=flowdocs.api "$base/connect/token"
  token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$body")
  echo "  ok  the service client has a token for flowdocs.api"
  # One reviewer, whatever ran before: the review mode is All, so every Reviewer must decide.
  local reviewer=reviewer@flowdocs.local password="Reviewer-$stamp-local" status link
  status=$(curl -sS --max-time 15 -b "$jar" -o "$body" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$reviewer\",\"displayName\":\"Reviewer\",\"roles\":[\"Member\",\"Reviewer\"]}" \
    "$base/api/admin/users")
  if [[ $status == 409 ]]; then
    # Already there from an earlier run: a new invitation link lets it choose a new password.
    curl -fsS --max-time 15 -b "$jar" -o "$body" "$base/api/admin/users?pageSize=100"
    local id
    id=$(python3 -c 'import json,sys; print(next(u["id"] for u in json.load(open(sys.argv[1]))["items"] if u["email"] == sys.argv[2]))' "$body" "$reviewer")
    curl -fsS --max-time 15 -b "$jar" -o "$body" -X POST "$base/api/admin/users/$id/invitation"
  elif [[ $status != 201 ]]; then
    echo "  FAIL creating the reviewer answered $status: $(cat "$body")" >&2
    return 1
  fi
  # Creating answers the user and its link; a new invitation answers the link alone.
  link=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d if isinstance(d, str) else d["setPasswordLink"])' "$body")
  session_set_password "$link" "$password"
  echo "  ok  reviewer $reviewer (Reviewer role) chose a password through an invitation link"
  rm -f "$body"
  cat >"$run_dir/journey.env" <<ENV
FLOWDOCS_TOKEN=$token
FLOWDOCS_REVIEWER_EMAIL=$reviewer
FLOWDOCS_REVIEWER_PASSWORD=$password
ENV
}

scale_out() {
  local count=${1:-20} tmp
  # shellcheck source=/dev/null
  source "$run_dir/endpoints.env"
  # shellcheck source=/dev/null
  source "$run_dir/journey.env"
  local base=$FLOWDOCS_WEB_URL
  tmp=$(mktemp -d)
  local -a documents=()
  local i id status stopper=""
  for i in $(seq 1 "$count"); do
    if ((i == count / 2 + 1)); then
      # Mid-run: half the approvals are being run by the workers, half are not uploaded yet.
      echo "  ok  stopping worker 1 after $((i - 1)) uploads, with $(redis-cli -p "$FLOWDOCS_REDIS_PORT" llen "${prefix}queue:default") jobs queued and $(redis-cli -p "$FLOWDOCS_REDIS_PORT" llen "${prefix}queue:default:dequeued") being run"
      "$0" stop-worker 1 >"$tmp/stop.log" 2>&1 &
      stopper=$!
    fi
    printf 'scale-out %s document %s\n' "$(date -u +%s%N)" "$i" >"$tmp/doc.txt"
    status=$(curl -sS --max-time 30 -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer $FLOWDOCS_TOKEN" \
      -H 'Content-Type: text/plain' --data-binary "@$tmp/doc.txt" "$base/api/documents?fileName=scale-out-$i.txt&title=scale-out-$i")
    [[ $status == 201 ]] || { echo "  FAIL upload $i answered $status" >&2; rm -rf "$tmp"; return 1; }
    documents+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["document"]["id"])' "$tmp/body")")
  done
  echo "  ok  uploaded $count documents through web; their approvals went to the workers' queue"
  wait "$stopper" || { echo "  FAIL stopping worker 1: $(cat "$tmp/stop.log")" >&2; rm -rf "$tmp"; return 1; }
  sed 's/^/  ok  /' "$tmp/stop.log"
  session_sign_in "$base" "$tmp/reviewer.cookies" "$FLOWDOCS_REVIEWER_EMAIL" "$FLOWDOCS_REVIEWER_PASSWORD"
  local deadline=$((SECONDS + 300)) approved=0 tasks=0 state
  local -A done_documents=()
  while ((SECONDS < deadline && ${#done_documents[@]} < count)); do
    for id in "${documents[@]}"; do
      [[ -n ${done_documents[$id]:-} ]] && continue
      curl -fsS --max-time 30 -o "$tmp/body" -b "$tmp/reviewer.cookies" "$base/api/documents/$id" || continue
      state=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$tmp/body")
      if [[ $state == Approved ]]; then
        done_documents[$id]=1
        continue
      fi
      curl -fsS --max-time 30 -o "$tmp/body" -b "$tmp/reviewer.cookies" "$base/api/documents/$id/tasks" || continue
      while read -r task; do
        status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -b "$tmp/reviewer.cookies" \
          -H 'Content-Type: application/json' --data '{"outcome":"Approve","comment":"scale-out"}' "$base/api/tasks/$task/complete")
        [[ $status == 200 ]] && approved=$((approved + 1))
        tasks=$((tasks + 1))
      done < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for t in (d["items"] if isinstance(d, dict) else d):
    if t["status"] in ("Open", "Claimed"):
        print(t["id"])' "$tmp/body")
    done
    sleep 1
  done
  rm -rf "$tmp"
  if ((${#done_documents[@]} < count)); then
    echo "  FAIL only ${#done_documents[@]} of $count documents were Approved within 300 s after worker 1 stopped" >&2
    return 1
  fi
  echo "  ok  the reviewer approved $approved review tasks; all $count documents are Approved with worker 1 gone"
}

verify() {
  local mode=${1:-} policy
  policy=$(redis-cli -p "$FLOWDOCS_REDIS_PORT" config get maxmemory-policy | tail -n 1)
  echo "  ok  Redis maxmemory-policy is $policy"
  [[ $policy == noeviction ]]
  local servers count running
  servers=$(redis-cli -p "$FLOWDOCS_REDIS_PORT" smembers "${prefix}servers")
  count=$(grep -c . <<<"$servers" || true)
  running=$(find "$run_dir" -maxdepth 1 -name 'worker-*.pid' | wc -l)
  echo "  ok  Hangfire servers registered in Redis: $count"
  pr -t -o 8 <<<"$servers"
  if ((count != running)); then
    echo "  FAIL expected one Hangfire server per running worker process ($running; the web role runs none)" >&2
    return 1
  fi
  # Who ran what: each processed job's history names the server (host:pid:...) that processed it.
  local per_server
  per_server=$(redis-cli -p "$FLOWDOCS_REDIS_PORT" --scan --pattern "${prefix}job:*:history" |
    while read -r key; do
      method=$(redis-cli -p "$FLOWDOCS_REDIS_PORT" hget "${key%:history}" Method)
      redis-cli -p "$FLOWDOCS_REDIS_PORT" lrange "$key" 0 -1 | sed "s/^/${method:-?} /"
    done |
    python3 -c '
import sys, json, collections
jobs = collections.defaultdict(collections.Counter)
for line in sys.stdin:
    method, _, text = line.partition(" ")
    try:
        entry = json.loads(text)
    except ValueError:
        continue
    if entry.get("State") == "Processing":
        jobs[entry.get("ServerId", "?")][method] += 1
for server, methods in sorted(jobs.items()):
    detail = ", ".join(f"{n} {m}" for m, n in methods.most_common())
    print(f"{sum(methods.values())} jobs on {server}: {detail}")
')
  if [[ -z $per_server ]]; then
    echo "  --  no jobs have run yet (deploy/smoke/journey.sh or 'run.sh scale-out' against the web process make work)"
  else
    echo "  ok  jobs started per worker process (from Hangfire's job history):"
    pr -t -o 8 <<<"$per_server"
  fi
  if [[ $mode == shared ]]; then
    local bursts
    bursts=$(grep -c 'RunBurstAsync' <<<"$per_server" || true)
    if ((bursts < 2)); then
      echo "  FAIL workflow bursts ran on $bursts worker process(es); expected both to share them" >&2
      return 1
    fi
    echo "  ok  both worker processes ran workflow bursts"
  fi
}

case "${1:-}" in
  start) start ;;
  seed) seed ;;
  scale-out) scale_out "${2:-20}" ;;
  verify) verify "${2:-}" ;;
  stop-worker)
    pidfile="$run_dir/worker-${2:?usage: run.sh stop-worker 1|2}.pid"
    [[ -f $pidfile ]] || { echo "run.sh: worker ${2} is not running" >&2; exit 1; }
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$pidfile"
    echo "run.sh: worker $2 (pid $pid) stopped; its running jobs finished or went back to the queue"
    ;;
  stop)
    stop_processes
    "$repo/scripts/test-services.sh" stop
    # Generated secrets do not outlive the run: certificates and keys, the admin's cookie jar, the seed and the
    # journey's token. Logs stay for diagnosis.
    rm -rf "$run_dir"/*.key "$run_dir"/*.crt "$run_dir"/*.pfx "$run_dir/admin.cookies" "$run_dir/seed.json" \
      "$run_dir/journey.env" "$run_dir/endpoints.env" "$run_dir/tmp" "$run_dir/services"
    echo "run.sh: stopped"
    ;;
  *) echo "usage: deploy/local/run.sh start | seed | scale-out [N] | verify | stop-worker N | stop" >&2; exit 64 ;;
esac

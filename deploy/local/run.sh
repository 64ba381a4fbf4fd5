#!/usr/bin/env bash
# A production-shaped FlowDocs on one machine, without Docker: MariaDB, Redis (noeviction) and the S3
# emulator from scripts/test-services.sh, the server published as in the image, the database migrated by
# the `migrate` command (as the Kubernetes Job does), then one web process and two worker processes with
# the settings of deploy/k8s's ConfigMap (ASPNETCORE_ENVIRONMENT=Production, MySql, Redis, S3).
#   deploy/local/run.sh start    start everything, wait until each process is ready, write
#                                .local-deploy/endpoints.env (FLOWDOCS_WEB_URL, FLOWDOCS_WEB_PORT, FLOWDOCS_WORKER_PORTS)
#   deploy/local/run.sh verify   both workers are registered Hangfire servers of the same Redis storage, and
#                                which worker ran how many jobs (from Hangfire's job history in Redis)
#   deploy/local/run.sh stop-worker N   SIGTERM worker N (1 or 2), as the kubelet stops a pod, mid-run if you like
#   deploy/local/run.sh stop     stop the processes and services it started (by pid)
# Ports: FLOWDOCS_LOCAL_WEB_PORT (default 5080; workers take the next two), FLOWDOCS_MYSQL_PORT,
# FLOWDOCS_REDIS_PORT, FLOWDOCS_S3_PORT (defaults 3317, 6387, 4579: apart from the test suite's).
# Logs: .local-deploy/logs/{migrate,web,worker-1,worker-2}.log
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run_dir="$repo/.local-deploy"
web_port=${FLOWDOCS_LOCAL_WEB_PORT:-5080}
worker_ports="$((web_port + 1)) $((web_port + 2))"
export FLOWDOCS_MYSQL_PORT=${FLOWDOCS_MYSQL_PORT:-3317}
export FLOWDOCS_REDIS_PORT=${FLOWDOCS_REDIS_PORT:-6387}
export FLOWDOCS_S3_PORT=${FLOWDOCS_S3_PORT:-4579}
export FLOWDOCS_SERVICES_DIR="$run_dir/services"
export PATH="$PATH:/usr/sbin"
prefix='{flowdocs}:'

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
    "FlowDocs__Identity__AdminEmail=admin@flowdocs.local"
    "FlowDocs__Identity__AdminPassword=Local-admin-1"
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

  "${server[@]}" FlowDocs__Role=Web ASPNETCORE_URLS="http://127.0.0.1:$web_port" dotnet FlowDocs.Server.dll \
    >"$run_dir/logs/web.log" 2>&1 &
  echo $! >"$run_dir/web.pid"
  local n=0
  for port in $worker_ports; do
    n=$((n + 1))
    "${server[@]}" FlowDocs__Role=Worker FlowDocs__Jobs__WorkerCount=4 ASPNETCORE_URLS="http://127.0.0.1:$port" \
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
ENV
  echo "run.sh: FlowDocs runs at http://127.0.0.1:$web_port (web) with workers on $worker_ports; 'deploy/local/run.sh stop' ends it"
}

verify() {
  local policy
  policy=$(redis-cli -p "$FLOWDOCS_REDIS_PORT" config get maxmemory-policy | tail -n 1)
  echo "  ok  Redis maxmemory-policy is $policy"
  [[ $policy == noeviction ]]
  local servers
  servers=$(redis-cli -p "$FLOWDOCS_REDIS_PORT" smembers "${prefix}servers")
  local count
  count=$(grep -c . <<<"$servers" || true)
  echo "  ok  Hangfire servers registered in Redis: $count"
  pr -t -o 8 <<<"$servers"
  if ((count != 2)); then
    echo "  FAIL expected the two worker processes (the web role runs no Hangfire server)" >&2
    return 1
  fi
  # Who ran what: each processed job's history names the server that processed it.
  local per_server
  per_server=$(redis-cli -p "$FLOWDOCS_REDIS_PORT" --scan --pattern "${prefix}job:*:history" |
    while read -r key; do redis-cli -p "$FLOWDOCS_REDIS_PORT" lrange "$key" 0 -1; done |
    python3 -c '
import sys, json, collections
c = collections.Counter()
for line in sys.stdin:
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("State") == "Processing":
        c[entry.get("Data", {}).get("ServerId", "?")] += 1
for server, n in sorted(c.items()):
    print(f"{n} {server}")
')
  if [[ -z $per_server ]]; then
    echo "  --  no jobs have run yet (run deploy/smoke/journey.sh against the web process to make work)"
  else
    echo "  ok  jobs started per worker process:"
    pr -t -o 8 <<<"$per_server"
  fi
}

case "${1:-}" in
  start) start ;;
  verify) verify ;;
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
    echo "run.sh: stopped"
    ;;
  *) echo "usage: deploy/local/run.sh start | verify | stop-worker N | stop" >&2; exit 64 ;;
esac

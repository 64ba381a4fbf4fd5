#!/usr/bin/env bash
# Starts (or stops) the real backing services the tests use, on loopback, with throw-away data:
#   MariaDB (MySQL-compatible) :3307, Redis :6380, S3 emulator :4569.
# Usage: source scripts/test-services.sh start   -> exports FLOWDOCS_TEST_* for the tests
#        scripts/test-services.sh stop           -> stops what a previous start left (by pid)
#        scripts/test-services.sh restart NAME   -> starts mariadb, redis or s3 again after a fault killed it
#                                                   (same port and data; deploy/local/faults.sh)
# Ports can be moved with FLOWDOCS_MYSQL_PORT, FLOWDOCS_REDIS_PORT, FLOWDOCS_S3_PORT; the data and pid files
# with FLOWDOCS_SERVICES_DIR (default .test-services; deploy/local/run.sh keeps its own).
# Sourced, it leaves the caller's shell options as they were (no `set -e` in an interactive shell) and returns
# instead of exiting; the work itself runs in a strict subshell, which stops what it started when a step fails.
_flowdocs_saved_options=$(set +o)
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${FLOWDOCS_SERVICES_DIR:-"$repo/.test-services"}
mysql_port=${FLOWDOCS_MYSQL_PORT:-3307}
redis_port=${FLOWDOCS_REDIS_PORT:-6380}
s3_port=${FLOWDOCS_S3_PORT:-4569}
s3_bucket=flowdocs-test

stop_services() {
  for name in mariadb redis s3; do
    local pidfile="$state/$name.pid"
    if [[ -f $pidfile ]]; then
      local pid
      pid=$(cat "$pidfile")
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$pidfile"
    fi
  done
  rm -rf "$state/mariadb" "$state/redis" "$state/s3"
}

wait_for_port() {
  local name=$1 port=$2 log=$3
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "test-services: $name did not open port $port; its log:" >&2
  tail -n 30 "$log" >&2 || true
  return 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# launch NAME: starts one service in the background on its port and data directory, and records its pid.
launch() {
  case $1 in
    mariadb)
      mariadbd --no-defaults --datadir="$state/mariadb/data" --socket="$state/mariadb/mysqld.sock" \
        --pid-file="$state/mariadb/mariadbd.pid" --port="$mysql_port" --bind-address=127.0.0.1 --user=root \
        --skip-log-bin --innodb-buffer-pool-size=256M --max-connections=500 \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        >>"$state/mariadb/server.log" 2>&1 &
      ;;
    redis)
      redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
        --maxmemory-policy noeviction --dir "$state/redis" >>"$state/redis/server.log" 2>&1 &
      ;;
    s3)
      node "$repo/tests/services/s3.js" "$s3_port" "$state/s3" "$s3_bucket" >>"$state/s3/server.log" 2>&1 &
      ;;
  esac
  echo $! >"$state/$1.pid"
}

# restart_service NAME: starts again a service that a fault killed (deploy/local/faults.sh), on the same port and
# data (MariaDB recovers its data directory; Redis keeps none: --save '' and no AOF), and waits for its port.
restart_service() {
  local name=$1 pidfile="$state/$1.pid" port
  case $name in
    mariadb) port=$mysql_port ;;
    redis) port=$redis_port ;;
    s3) port=$s3_port ;;
    *) echo "test-services: no service '$name' (mariadb, redis, s3)" >&2; return 64 ;;
  esac
  if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "test-services: $name still runs (pid $(cat "$pidfile")); kill it first" >&2
    return 1
  fi
  if port_in_use "$port"; then
    echo "test-services: port $port is in use; $name cannot start again" >&2
    return 1
  fi
  launch "$name"
  wait_for_port "$name" "$port" "$state/$name/server.log"
}

start_services() {
  stop_services
  for port in "$mysql_port" "$redis_port" "$s3_port"; do
    if port_in_use "$port"; then
      echo "test-services: port $port is already in use; stop what listens there or choose other ports" \
        "(FLOWDOCS_MYSQL_PORT, FLOWDOCS_REDIS_PORT, FLOWDOCS_S3_PORT)" >&2
      return 1
    fi
  done
  mkdir -p "$state/mariadb" "$state/redis" "$state/s3"
  if [[ ! -d $repo/tests/services/node_modules ]]; then
    npm ci --prefix "$repo/tests/services" --no-audit --no-fund >"$state/s3/npm.log" 2>&1 \
      || { echo "test-services: npm ci in tests/services failed; its log: $state/s3/npm.log" >&2; return 1; }
  fi

  mariadb-install-db --datadir="$state/mariadb/data" --auth-root-authentication-method=normal \
    --skip-test-db --user=root >"$state/mariadb/install.log" 2>&1
  launch mariadb
  launch redis
  launch s3

  wait_for_port MariaDB "$mysql_port" "$state/mariadb/server.log"
  wait_for_port Redis "$redis_port" "$state/redis/server.log"
  wait_for_port S3 "$s3_port" "$state/s3/server.log"

  mariadb --socket="$state/mariadb/mysqld.sock" -uroot <<SQL
CREATE USER IF NOT EXISTS 'flowdocs'@'127.0.0.1' IDENTIFIED BY 'flowdocs';
CREATE USER IF NOT EXISTS 'flowdocs'@'localhost' IDENTIFIED BY 'flowdocs';
GRANT ALL PRIVILEGES ON *.* TO 'flowdocs'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'flowdocs'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL

}

export_services() {
  export FLOWDOCS_TEST_MYSQL="Server=127.0.0.1;Port=$mysql_port;User ID=flowdocs;Password=flowdocs;SslMode=Disabled;AllowPublicKeyRetrieval=true"
  export FLOWDOCS_TEST_REDIS="127.0.0.1:$redis_port"
  export FLOWDOCS_TEST_S3="http://127.0.0.1:$s3_port"
  export FLOWDOCS_TEST_S3_BUCKET="$s3_bucket"
  echo "test-services: MariaDB 127.0.0.1:$mysql_port, Redis 127.0.0.1:$redis_port, S3 $FLOWDOCS_TEST_S3 (bucket $s3_bucket)"
}

# Strict in a subshell: any failing step ends the start, and what was started is stopped again (a MariaDB and
# Redis left running because the S3 emulator failed would hold their ports for the next try).
stop_on_failure() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then stop_services; fi
  exit "$rc"
}

run_strict() {
  (
    set -euo pipefail
    export PATH="$PATH:/usr/sbin" # mariadbd lives there, and /usr/sbin is not on every user's PATH
    # A failed restart (faults.sh) must not stop the other services of the run under test.
    [[ $1 == restart_service ]] || trap stop_on_failure EXIT
    "$@"
  )
}

_flowdocs_status=0
case "${1:-}" in
  # Not in an `if` or `||`: there bash would switch `set -e` off inside the subshell as well.
  start)
    run_strict start_services
    _flowdocs_status=$?
    if [[ $_flowdocs_status -eq 0 ]]; then export_services; fi
    ;;
  stop)
    run_strict stop_services
    _flowdocs_status=$?
    ;;
  restart)
    run_strict restart_service "${2:-}"
    _flowdocs_status=$?
    ;;
  *) echo "usage: source scripts/test-services.sh start | scripts/test-services.sh stop | scripts/test-services.sh restart mariadb|redis|s3" >&2; _flowdocs_status=64 ;;
esac

eval "$_flowdocs_saved_options"
unset _flowdocs_saved_options
# The last command's status is the script's (run) or the `source` command's (sourced) — never an `exit` that
# would close the caller's shell.
(exit "$_flowdocs_status")

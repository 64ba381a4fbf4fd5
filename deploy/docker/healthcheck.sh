#!/usr/bin/env bash
# Container health check: GET /health/live on the local HTTP port. The ASP.NET runtime image has no curl or
# wget, so this speaks HTTP/1.1 over bash's /dev/tcp; exit 0 only for a 200 answer within 5 seconds.
# Usage: flowdocs-healthcheck [port]   (default: the first of ASPNETCORE_HTTP_PORTS, else 8080)
set -euo pipefail
ports=${ASPNETCORE_HTTP_PORTS:-8080}
port=${1:-${ports%%[,;]*}}
path=${FLOWDOCS_HEALTH_PATH:-/health/live}

exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || { echo "healthcheck: no answer from port $port" >&2; exit 1; }
exec 3<&-
status=${status%$'\r'}
if [[ $status =~ ^HTTP/1\.[01]\ 200 ]]; then
  exit 0
fi
echo "healthcheck: $path answered '$status'" >&2
exit 1

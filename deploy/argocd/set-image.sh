#!/usr/bin/env bash
# Points an environment's overlay at the image built from a commit: rewrites images[0].newTag in
# deploy/k8s/overlays/<env>/kustomization.yaml (the only line the pipelines ever change there).
#   deploy/argocd/set-image.sh dev|stage|prod IMAGE_COMMIT
set -euo pipefail
env=${1:?usage: set-image.sh dev|stage|prod IMAGE_COMMIT}
tag=${2:?usage: set-image.sh dev|stage|prod IMAGE_COMMIT}
file="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/k8s/overlays/$env/kustomization.yaml"
[[ -f $file ]] || { echo "set-image.sh: no overlay for '$env'" >&2; exit 64; }
[[ $tag =~ ^[0-9a-f]{40}$ ]] || { echo "set-image.sh: '$tag' is not a full commit id" >&2; exit 64; }
[[ $(grep -c '^    newTag: ' "$file") -eq 1 ]] || { echo "set-image.sh: $file must have exactly one newTag" >&2; exit 1; }
sed -i -E "s/^(    newTag: ).*/\1$tag/" "$file"
echo "set-image.sh: $env runs flowdocs:$tag"

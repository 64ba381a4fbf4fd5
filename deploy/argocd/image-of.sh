#!/usr/bin/env bash
# Prints the image tag (a commit id) that an environment's overlay names at a git revision.
#   deploy/argocd/image-of.sh dev|stage|prod REVISION
set -euo pipefail
env=${1:?usage: image-of.sh dev|stage|prod REVISION}
revision=${2:?usage: image-of.sh dev|stage|prod REVISION}
git show "$revision:deploy/k8s/overlays/$env/kustomization.yaml" | sed -n -E 's/^    newTag: ([0-9a-f]{40})$/\1/p'

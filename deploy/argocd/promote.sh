#!/usr/bin/env bash
# Prepares the commit that promotes what env-<FROM> runs to <TO>: the manifests of env-<FROM> with <TO>'s
# overlay pointed at the same image. Commits it (detached, not on main, so that nothing newer on main rides
# along), pushes it as the tag candidate-<TO> so that Argo CD can fetch it, and prints its id. Prints
# nothing when <TO> already runs exactly that (same image, same base manifests).
#   deploy/argocd/promote.sh dev stage   |   deploy/argocd/promote.sh stage prod
set -euo pipefail
from=${1:?usage: promote.sh FROM TO}
to=${2:?usage: promote.sh FROM TO}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FROM=${from^^}
TO=${to^^}

git fetch --quiet --force origin "refs/tags/env-$FROM:refs/tags/env-$FROM" "refs/tags/env-$TO:refs/tags/env-$TO" 2>/dev/null ||
  git fetch --quiet --force origin "refs/tags/env-$FROM:refs/tags/env-$FROM"
source_commit=$(git rev-parse "env-$FROM^{commit}")
image=$("$here/image-of.sh" "$from" "$source_commit")
[[ -n $image ]] || { echo "promote.sh: env-$FROM names no image for $from" >&2; exit 1; }

if git rev-parse -q --verify "env-$TO^{commit}" >/dev/null; then
  current=$(git rev-parse "env-$TO^{commit}")
  if [[ $("$here/image-of.sh" "$to" "$current") == "$image" ]] &&
    git diff --quiet "$current" "$source_commit" -- deploy/k8s/base; then
    echo "promote.sh: $to already runs $image with the manifests of env-$FROM" >&2
    exit 0
  fi
fi

git checkout --quiet --detach "$source_commit"
"$here/set-image.sh" "$to" "$image" >&2
git add "deploy/k8s/overlays/$to/kustomization.yaml"
git -c user.name="${GIT_AUTHOR_NAME:-flowdocs-release}" -c user.email="${GIT_AUTHOR_EMAIL:-release@flowdocs.invalid}" \
  commit --quiet --allow-empty -m "Promote flowdocs:$image from $FROM to $TO"
candidate=$(git rev-parse HEAD)
git push --quiet --force origin "$candidate:refs/tags/candidate-$TO"
echo "$candidate"

#!/usr/bin/env bash
# After an environment passed its tests at a commit: tags the image that commit's overlay names with
# env-<ENV> in ECR (the only mutable tags of the repository). ECR's lifecycle policy never expires an image
# with an env-* tag, so the image each environment runs, and the one a rollback returns to, stays.
#   deploy/argocd/tag-image.sh dev|stage|prod COMMIT
set -euo pipefail
env=${1:?usage: tag-image.sh dev|stage|prod COMMIT}
revision=${2:?usage: tag-image.sh dev|stage|prod COMMIT}
case $env in dev | stage | prod) ;; *) echo "tag-image.sh: unknown environment '$env'" >&2; exit 64 ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repository=${ECR_REPOSITORY:-flowdocs}
image=$("$here/image-of.sh" "$env" "$revision")
[[ -n $image ]] || { echo "tag-image.sh: $revision names no image for $env" >&2; exit 1; }
tag="env-${env^^}"
# The image is an OCI index (buildx adds provenance): accept every manifest type, or ECR converts or refuses.
accepted=(application/vnd.oci.image.index.v1+json application/vnd.oci.image.manifest.v1+json
  application/vnd.docker.distribution.manifest.list.v2+json application/vnd.docker.distribution.manifest.v2+json)

read -r media_type manifest_digest < <(aws ecr batch-get-image --repository-name "$repository" --image-ids "imageTag=$image" \
  --accepted-media-types "${accepted[@]}" --query 'images[0].[imageManifestMediaType, imageId.imageDigest]' --output text)
current=$(aws ecr describe-images --repository-name "$repository" --image-ids "imageTag=$tag" \
  --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)
if [[ $current == "$manifest_digest" ]]; then
  echo "tag-image.sh: $tag already names flowdocs:$image"
  exit 0
fi
manifest=$(aws ecr batch-get-image --repository-name "$repository" --image-ids "imageTag=$image" \
  --accepted-media-types "${accepted[@]}" --query 'images[0].imageManifest' --output text)
aws ecr put-image --repository-name "$repository" --image-tag "$tag" --image-manifest "$manifest" \
  --image-manifest-media-type "$media_type" >/dev/null
echo "tag-image.sh: $tag names flowdocs:$image ($manifest_digest)"

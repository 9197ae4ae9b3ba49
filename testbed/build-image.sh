#!/usr/bin/env bash
# Builds the project's Dockerfile, unchanged, with buildah (no Docker engine here) on the local stand-ins for the
# .NET base images (testbed/build-base-images.sh), as the image the image test runs (ImageClone.Operator.Tests/
# EndToEnd/Image): localhost/imageclone:test-<first 12 hex of the checkout's path's SHA-256>, one per checkout, so
# checkouts side by side on one machine never test each other's image. Skips the build when the image was built
# from the same sources (a hash of the build context, kept in the image's label imageclone.io/context-hash).
# Usage: testbed/build-image.sh [image]
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/containers.sh
checkout=$(printf %s "$(pwd)" | sha256sum | cut -c1-12)
image=${1:-${IMAGECLONE_TEST_IMAGE:-localhost/imageclone:test-$checkout}}

bash testbed/build-base-images.sh >/dev/null

# What the Dockerfile copies (the context less .dockerignore's bin/, obj/), and the Dockerfile itself.
hash=$( { sha256sum Dockerfile .dockerignore global.json Directory.Build.props Directory.Packages.props .editorconfig
          find ImageClone.Registry ImageClone.Cli ImageClone.Operator -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-16)
built=$(buildah_cmd inspect --type image --format '{{index .OCIv1.Config.Labels "imageclone.io/context-hash"}}' "$image" 2>/dev/null || true)
if [ "$built" = "$hash" ]; then
  echo "$image is up to date (context $hash)" >&2
else
  previous=$(buildah_cmd inspect --type image --format '{{.FromImageID}}' "$image" 2>/dev/null || true)
  echo "== image: buildah bud $image (context $hash)" >&2
  buildah_cmd bud --quiet --isolation chroot --network host --pull=never --layers=false \
    --label "imageclone.io/context-hash=$hash" -t "$image" . >&2 || { echo "image build failed: buildah bud $image" >&2; exit 1; }
  # the image it replaced, now untagged (vfs keeps whole copies: ~350 MB each)
  [ -z "$previous" ] || buildah_cmd rmi "$previous" >/dev/null 2>&1 || true
fi
echo "$image"

#!/usr/bin/env bash
# Prints the install manifests (kubectl kustomize config) with the operator image and, when given, REPOSITORY set,
# through a throw-away overlay: the committed files are not edited.
# Usage: config/render.sh IMAGE [REPOSITORY]     e.g. config/render.sh registry.example.com/imageclone:0.1.0 quay.io/myorg
set -euo pipefail
image=${1:?usage: config/render.sh IMAGE [REPOSITORY]}
repository=${2:-}
config=$(cd "$(dirname "$0")" && pwd)
overlay=$(mktemp -d)
trap 'rm -rf "$overlay"' EXIT

# name[:tag][@digest], the tag being a ':' after the last '/'
name=${image%@*}; digest=""; [ "$name" != "$image" ] && digest=${image#*@}
tag=""; last=${name##*/}
if [[ "$last" == *:* ]]; then tag=${last##*:}; name=${name%:*}; fi

{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources:"
  echo "  - $(realpath --relative-to="$overlay" "$config")"   # kustomize takes no absolute base
  echo "images:"
  echo "  - name: imageclone"
  echo "    newName: $name"
  [ -n "$tag" ] && echo "    newTag: \"$tag\""
  [ -n "$digest" ] && echo "    digest: $digest"
  if [ -n "$repository" ]; then
    echo "patches:"
    echo "  - patch: |-"
    echo "      apiVersion: apps/v1"
    echo "      kind: Deployment"
    echo "      metadata: {name: imageclone-controller, namespace: imageclone-system}"
    echo "      spec: {template: {spec: {containers: [{name: manager, env: [{name: REPOSITORY, value: \"$repository\"}]}]}}}"
  fi
} >"$overlay/kustomization.yaml"
kubectl kustomize "$overlay"

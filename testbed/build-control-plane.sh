#!/usr/bin/env bash
# Builds the test control plane (kube-apiserver, kube-controller-manager, kube-scheduler v1.20.2)
# from Debian bookworm's source package `kubernetes`, with Debian's Go 1.19, and unpacks Debian's
# etcd 3.4 beside them. Nothing is installed system-wide; the system's apt lists stay untouched.
# Idempotent: when the binaries are cached, it only prints their folder.
# Usage: testbed/build-control-plane.sh   -> prints the folder holding the binaries on stdout
set -euo pipefail

version=v1.20.2
cache=${IMAGECLONE_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imageclone/testbed}
bin=$cache/kubernetes-$version/bin
binaries=(kube-apiserver kube-controller-manager kube-scheduler etcd etcdctl)

have_all() { for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || return 1; done; }
if have_all; then echo "$bin"; exit 0; fi

step() { echo "== control plane: $*" >&2; }
fail() { echo "control plane build failed at step '$1'" >&2; exit 1; }

work=$cache/build
mkdir -p "$work" "$bin"

step "private apt configuration (bookworm main, deb and deb-src)"
# The archive the machine's apt sources already use for bookworm.
archive=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
[ -n "$archive" ] || archive=$(grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n1 || true)
[ -n "$archive" ] || fail "find the Debian archive in /etc/apt/sources.list*"
apt_dir=$work/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
cat >"$apt_dir/sources.list" <<LIST
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive bookworm main
LIST
apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1")
if [ ! -f "$apt_dir/updated" ]; then
  apt-get "${apt_opts[@]}" -qq update >&2 || fail "apt-get update (private lists)"
  touch "$apt_dir/updated"
fi

downloads=$work/downloads
mkdir -p "$downloads"
cd "$downloads"
step "download the kubernetes source package and the Go, etcd and reflect2 packages"
if ! ls kubernetes_*.orig.tar.gz >/dev/null 2>&1; then
  apt-get "${apt_opts[@]}" -qq source --download-only kubernetes/bookworm >&2 || fail "apt-get source kubernetes/bookworm"
fi
for pkg in golang-1.19-go golang-1.19-src etcd-server etcd-client golang-github-modern-go-reflect2-dev; do
  ls "${pkg}"_*.deb >/dev/null 2>&1 || apt-get "${apt_opts[@]}" -qq download "$pkg/bookworm" >&2 || fail "apt-get download $pkg"
done

tools=$work/tools
if [ ! -x "$tools/usr/lib/go-1.19/bin/go" ] || [ ! -x "$tools/usr/bin/etcd" ]; then
  step "unpack Go 1.19 and etcd with dpkg -x"
  rm -rf "$tools"; mkdir -p "$tools"
  for deb in golang-1.19-go_*.deb golang-1.19-src_*.deb etcd-server_*.deb etcd-client_*.deb golang-github-modern-go-reflect2-dev_*.deb; do
    dpkg -x "$deb" "$tools" || fail "dpkg -x $deb"
  done
fi
cp "$tools/usr/bin/etcd" "$tools/usr/bin/etcdctl" "$bin/"

gopath=$work/gopath
tree=$gopath/src/k8s.io/kubernetes
if [ ! -f "$tree/.unpacked" ]; then
  step "unpack the upstream tree"
  rm -rf "$gopath/src/k8s.io"; mkdir -p "$gopath/src/k8s.io"
  tar -xzf "$downloads"/kubernetes_*.orig.tar.gz -C "$gopath/src/k8s.io" || fail "unpack kubernetes_*.orig.tar.gz"
  top=$(ls "$gopath/src/k8s.io")
  [ "$top" = kubernetes ] || mv "$gopath/src/k8s.io/$top" "$tree"
  step "replace vendored reflect2 1.0.1 with Debian's 1.0.2 (json-iterator on Go >= 1.18)"
  reflect2=$(dirname "$(find "$tools/usr/share/gocode/src/github.com/modern-go/reflect2" -name reflect2.go | head -n1)")
  rm -rf "$tree/vendor/github.com/modern-go/reflect2"
  cp -r "$reflect2" "$tree/vendor/github.com/modern-go/reflect2"
  touch "$tree/.unpacked"
fi

export GOROOT=$tools/usr/lib/go-1.19 GOPATH=$gopath GO111MODULE=off GOPROXY=off CGO_ENABLED=0
export GOCACHE=$work/gocache GOFLAGS= PATH=$tools/usr/lib/go-1.19/bin:$PATH
cd "$tree"

openapi=pkg/generated/openapi/zz_generated.openapi.go
if [ ! -f "$openapi" ]; then
  step "generate $openapi with openapi-gen"
  go build -o "$work/openapi-gen" k8s.io/kubernetes/vendor/k8s.io/kube-openapi/cmd/openapi-gen || fail "build openapi-gen"
  # As upstream's Makefile.generated_files: every package with a Go file tagged '+k8s:openapi-gen='
  # (vendor/k8s.io/* link into staging/), less code-generator and sample-apiserver.
  # (grep exits 1 on a batch without a match, so the pipeline's status is not the test: the list is.)
  inputs=$(set +o pipefail; find -L pkg cmd plugin vendor -name '*.go' -type f 2>/dev/null \
    | xargs grep --color=never -l '^// *+k8s:' | xargs grep --color=never -l '+k8s:openapi-gen=' \
    | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
    | xargs -n1 dirname | LC_ALL=C sort -u | sed 's|^|k8s.io/kubernetes/|' | paste -sd, -)
  [ -n "$inputs" ] || fail "find the packages tagged +k8s:openapi-gen="
  "$work/openapi-gen" --logtostderr -i "$inputs" -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
    -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -r "$work/openapi-violations.report" >&2 || fail "openapi-gen"
  [ -f "$openapi" ] || fail "openapi-gen wrote no $openapi"
fi

ldflags=""
for pkg in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=20 -X $pkg.gitTreeState=clean -X $pkg.buildDate=2021-01-13T13:20:00Z -X $pkg.gitCommit=faecb196815e248d3ecfb03c680a4507229c2a56"
done
for b in kube-apiserver kube-controller-manager kube-scheduler; do
  [ -x "$bin/$b" ] && continue
  step "go build $b (a few minutes on 2 cores)"
  go build -tags selinux,notest -ldflags "$ldflags" -o "$bin/$b.tmp" "k8s.io/kubernetes/cmd/$b" || fail "go build $b"
  mv "$bin/$b.tmp" "$bin/$b"
done
have_all || fail "binaries missing after the build"
echo "$bin"

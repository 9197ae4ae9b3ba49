#!/usr/bin/env bash
# Compares `mirror` (ImageClone.Mirror: the same sources as the `mirror` subcommand, compiled ahead of time) with `skopeo copy --all --preserve-digests`:
# a fresh loopback source registry holds a 1 GiB four-layer image and a 10 MiB image; each run
# copies into a FRESH target registry. Prints median wall time, the ratio ours/skopeo and peak RSS.
# Usage: bench/mirror-vs-skopeo.sh [RUNS_1GIB=3] [RUNS_10MIB=5]
set -euo pipefail

RUNS_BIG=${1:-3}
RUNS_SMALL=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/imageclone-bench.XXXXXX)
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

command -v docker-registry >/dev/null || { echo "docker-registry is not installed" >&2; exit 1; }
command -v skopeo >/dev/null || { echo "skopeo is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_registry DIR -> prints "PID PORT"
start_registry() {
    local dir=$1 port
    port=$(free_port)
    mkdir -p "$dir/storage"
    cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $dir/storage}}
http: {addr: 127.0.0.1:$port}
EOF
    docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    local pid=$!
    for _ in $(seq 100); do
        curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && { echo "$pid $port"; return; }
        sleep 0.1
    done
    echo "registry on $port did not start: $(cat "$dir/log")" >&2
    exit 1
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# oci_image DIR TAG SIZE... : an OCI layout with one random layer per SIZE (bytes)
oci_image() {
    local dir=$1 tag=$2; shift 2
    mkdir -p "$dir/blobs/sha256"
    echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
    local layers="" diffs="" i=0
    for size in "$@"; do
        head -c "$size" /dev/urandom >"$dir/layer"
        local digest; digest=$(sha "$dir/layer")
        mv "$dir/layer" "$dir/blobs/sha256/$digest"
        layers+="{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$digest\",\"size\":$size},"
        diffs+="\"sha256:$digest\","
        i=$((i + 1))
    done
    printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[%s]}}' "${diffs%,}" >"$dir/config"
    local config; config=$(sha "$dir/config")
    local config_size; config_size=$(stat -c %s "$dir/config")
    mv "$dir/config" "$dir/blobs/sha256/$config"
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
        "$config" "$config_size" "${layers%,}" >"$dir/manifest"
    local manifest; manifest=$(sha "$dir/manifest")
    local manifest_size; manifest_size=$(stat -c %s "$dir/manifest")
    mv "$dir/manifest" "$dir/blobs/sha256/$manifest"
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
        "$manifest" "$manifest_size" "$tag" >"$dir/index.json"
}

echo "publishing mirror (Release, Native AOT)..." >&2
dotnet publish "$ROOT/ImageClone.Mirror" -c Release -r linux-x64 -o "$WORK/publish" --nologo -v quiet >&2

read -r SOURCE_PID SOURCE_PORT < <(start_registry "$WORK/source")
PIDS+=("$SOURCE_PID")
SOURCE=127.0.0.1:$SOURCE_PORT

echo "seeding $SOURCE with bench/big:v1 (4 x 256 MiB) and bench/small:v1 (10 MiB)..." >&2
oci_image "$WORK/oci-big" v1 $((256 << 20)) $((256 << 20)) $((256 << 20)) $((256 << 20))
oci_image "$WORK/oci-small" v1 $((6 << 20)) $((4 << 20))
skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/oci-big:v1" "docker://$SOURCE/bench/big:v1" >&2
skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/oci-small:v1" "docker://$SOURCE/bench/small:v1" >&2
rm -rf "$WORK/oci-big" "$WORK/oci-small"

# run_once TOOL IMAGE -> appends "seconds kib" to $WORK/TOOL-IMAGE
run_once() {
    local tool=$1 image=$2 target_dir="$WORK/target-$RANDOM"
    local target_pid target_port
    read -r target_pid target_port < <(start_registry "$target_dir")
    local target=127.0.0.1:$target_port
    local out="$WORK/$tool-${image//\//_}"
    if [ "$tool" = mirror ]; then
        INSECURE_REGISTRIES="$SOURCE,$target" /usr/bin/time -f "%e %M" -a -o "$out" \
            "$WORK/publish/imageclone-mirror" --repository "$target/mirror" "$SOURCE/$image:v1" >"$WORK/stdout" 2>"$WORK/stderr" \
            || { echo "mirror failed: $(cat "$WORK/stderr")" >&2; exit 1; }
    else
        /usr/bin/time -f "%e %M" -a -o "$out" \
            skopeo copy --quiet --all --preserve-digests --src-tls-verify=false --dest-tls-verify=false \
            "docker://$SOURCE/$image:v1" "docker://$target/mirror/$image:v1" >"$WORK/stdout" 2>"$WORK/stderr" \
            || { echo "skopeo failed: $(cat "$WORK/stderr")" >&2; exit 1; }
    fi
    kill "$target_pid"; wait "$target_pid" 2>/dev/null || true
    rm -rf "$target_dir"
    echo "  $tool $image: $(tail -1 "$out")" >&2
}

for image_runs in "bench/big:$RUNS_BIG" "bench/small:$RUNS_SMALL"; do
    image=${image_runs%%:*}; runs=${image_runs##*:}
    for run in $(seq "$runs"); do
        if [ $((run % 2)) -eq 1 ]; then run_once mirror "$image"; run_once skopeo "$image"
        else run_once skopeo "$image"; run_once mirror "$image"; fi
    done
done

python3 - "$WORK" <<'EOF'
import statistics, sys
work = sys.argv[1]
def read(tool, image):
    rows = [line.split() for line in open(f"{work}/{tool}-bench_{image}") if line.strip() and line[0].isdigit()]
    return statistics.median(float(r[0]) for r in rows), max(int(r[1]) for r in rows) / 1024, len(rows)
print(f"{'image':<8}{'runs':>5}{'mirror s':>10}{'skopeo s':>10}{'ratio':>8}{'mirror peak MiB':>17}{'skopeo peak MiB':>17}")
for image in ("big", "small"):
    (ours, ours_rss, runs), (theirs, theirs_rss, _) = read("mirror", image), read("skopeo", image)
    label = "1 GiB" if image == "big" else "10 MiB"
    print(f"{label:<8}{runs:>5}{ours:>10.2f}{theirs:>10.2f}{ours / theirs:>8.2f}{ours_rss:>17.1f}{theirs_rss:>17.1f}")
EOF

#!/usr/bin/env bash
# Builds the Triage container image (infra/Dockerfile) with buildah, on a base image made here:
# a minimal Debian (mmdebstrap, from Debian's package mirror) plus this machine's Node.js and npm,
# because no container registry may be reachable. The base rootfs is cached between runs.
#
# usage: scripts/build-image.sh [TAG]          (default TAG: triage:dev)
#        scripts/build-image.sh --buildah-args  prints the global buildah options (storage) it uses,
#                                               one per line, to inspect the result with buildah
# env:   TRIAGE_BUILDAH_ROOT   buildah storage (default /var/tmp/triage-buildah), one per driver
#        TRIAGE_BUILDAH_DRIVER overlay or vfs; default: overlay where it mounts here, else vfs
#                              (slower, but needs no overlayfs). Builds use chroot isolation,
#                              which needs no user namespaces.
#        TRIAGE_IMAGE_CACHE    where the base rootfs tarball is kept (default ~/.cache/triage)
#        TRIAGE_DEBIAN_SUITE   default bookworm;  TRIAGE_DEBIAN_MIRROR  default http://deb.debian.org/debian
#        BASE_IMAGE            skip making a base and build on this image instead
# Prints the image ID on the last line. Needs root (or rootless buildah), buildah and mmdebstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:-triage:dev}
root=${TRIAGE_BUILDAH_ROOT:-/var/tmp/triage-buildah}
cache=${TRIAGE_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/triage}
suite=${TRIAGE_DEBIAN_SUITE:-bookworm}
mirror=${TRIAGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}

for tool in buildah node npm; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (apt-get install buildah)" >&2; exit 1; }
done

storage_args() { printf '%s\n' --root "$root/$1/storage" --runroot "$root/$1/run" --storage-driver "$1"; }
# overlay when this machine can mount it (a throw-away container proves it), vfs otherwise.
overlay_mounts() {
  local args ctr
  mapfile -t args < <(storage_args overlay)
  ctr=$(buildah "${args[@]}" from scratch 2>/dev/null) || return 1
  buildah "${args[@]}" mount "$ctr" >/dev/null 2>&1 && local ok=1
  buildah "${args[@]}" rm "$ctr" >/dev/null 2>&1 || true
  [ "${ok:-}" = 1 ]
}
driver=${TRIAGE_BUILDAH_DRIVER:-}
if [ -z "$driver" ]; then
  if overlay_mounts; then driver=overlay; else driver=vfs; fi
fi
mapfile -t global < <(storage_args "$driver")
bah() { buildah "${global[@]}" "$@"; }
if [ "$tag" = --buildah-args ]; then printf '%s\n' "${global[@]}"; exit 0; fi
[ -f node_modules/.package-lock.json ] || { echo "build-image: run npm ci first (the image takes node_modules from here)" >&2; exit 1; }

node_version=$(node --version)
base=${BASE_IMAGE:-}
if [ -z "$base" ]; then
  base="localhost/triage-base:$suite-node-${node_version#v}"
  if ! bah inspect --type image "$base" >/dev/null 2>&1; then
    command -v mmdebstrap >/dev/null || { echo "build-image: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
    mkdir -p "$cache"
    rootfs="$cache/debian-$suite-minbase.tar"
    if [ ! -s "$rootfs" ]; then
      echo "build-image: making a minimal Debian $suite rootfs (mmdebstrap; takes a few minutes once)" >&2
      mmdebstrap --quiet --variant=minbase --include=ca-certificates \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
        "$suite" "$rootfs.partial.tar" "$mirror"  # mmdebstrap picks the output format by extension
      mv "$rootfs.partial.tar" "$rootfs"
    fi
    # Node.js from this machine, laid out as the official node images have it (/usr/local).
    node_dir=$(mktemp -d)
    trap 'rm -rf "$node_dir"' EXIT
    npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
    mkdir -p "$node_dir/usr/local/bin" "$node_dir/usr/local/lib/node_modules"
    cp "$(readlink -f "$(command -v node)")" "$node_dir/usr/local/bin/node"
    cp -a "$npm_dir" "$node_dir/usr/local/lib/node_modules/npm"
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$node_dir/usr/local/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$node_dir/usr/local/bin/npx"
    ctr=$(bah from scratch)
    bah add "$ctr" "$rootfs" / >/dev/null
    bah add "$ctr" "$node_dir/usr/local" /usr/local >/dev/null
    bah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd node "$ctr"
    bah commit --quiet --rm "$ctr" "$base" >/dev/null
  fi
fi

echo "build-image: building $tag on $base ($driver storage)" >&2
bah build --quiet --isolation chroot --layers=false \
  --build-arg "BASE_IMAGE=$base" \
  -f infra/Dockerfile --ignorefile infra/Dockerfile.dockerignore -t "$tag" . >&2
bah inspect --type image --format '{{.FromImageID}}' "$tag"

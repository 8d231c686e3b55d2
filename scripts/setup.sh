#!/usr/bin/env bash
# Installs what the demo or the tests need, once: npm packages (npm ci) and, for the tests,
# redis-server and prometheus-alertmanager from Debian. As root it installs them with apt-get;
# otherwise it says exactly what to install and stops.
# usage: scripts/setup.sh demo|test
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-test}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Triage needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci refuses a lock file without the other platforms' optional binaries (rollup, biome,
  # esbuild), which registries that serve only this platform's cannot record; npm install then
  # installs the same locked versions.
  npm ci --no-audit --no-fund 2>/dev/null || npm install --no-audit --no-fund
fi

packages=(redis-server)
[ "$purpose" = test ] && packages+=(prometheus-alertmanager prometheus buildah mmdebstrap openssl)
missing=()
for pkg in "${packages[@]}"; do
  command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The Debian packages start system services; the tests and the demo run their own instances.
    for svc in redis-server prometheus-alertmanager prometheus; do
      systemctl disable --now "$svc" >/dev/null 2>&1 || service "$svc" stop >/dev/null 2>&1 || true
    done
  else
    echo "Missing: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if [ "$purpose" = test ] && ! command -v kubectl >/dev/null 2>&1; then
  echo "Missing: kubectl (the tests run the real kubectl against the cluster simulator)." >&2
  echo "Install it from your distribution or https://kubernetes.io/docs/tasks/tools/ and run again." >&2
  exit 1
fi

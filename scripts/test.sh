#!/usr/bin/env bash
# The whole test suite: every workspace's vitest run through turbo, one package at a time
# (2-core machines; the integration tests start real servers), then one closing summary line.
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
npx turbo run test --concurrency=1 --continue "$@"
status=$?
node scripts/test-summary.mjs
exit $status

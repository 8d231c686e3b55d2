#!/usr/bin/env bash
# Writes the package.json and tsconfig files every workspace package shares.
# usage: scripts/new-package.sh <dir> <name> [description]
set -euo pipefail
dir=$1 name=$2 desc=${3:-}
mkdir -p "$dir/src" "$dir/test"
[ -f "$dir/package.json" ] || cat > "$dir/package.json" <<JSON
{
  "name": "$name",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "description": "$desc",
  "exports": {
    ".": { "source": "./src/index.ts", "types": "./dist/index.d.ts", "default": "./dist/index.js" }
  },
  "scripts": {
    "build": "tsc -p tsconfig.build.json",
    "typecheck": "tsc --noEmit",
    "lint": "biome lint .",
    "test": "vitest run"
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{ "extends": "$(realpath --relative-to="$dir" tsconfig.base.json)", "compilerOptions": { "noEmit": true }, "include": ["src", "test"] }
JSON
cat > "$dir/tsconfig.build.json" <<JSON
{ "extends": "$(realpath --relative-to="$dir" tsconfig.base.json)", "compilerOptions": { "rootDir": "src", "outDir": "dist" }, "include": ["src"] }
JSON
cat > "$dir/vitest.config.ts" <<TS
export { default } from '$(realpath --relative-to="$dir" vitest.shared.ts )';
TS

#!/bin/sh
# Builds the site unless .next holds a production build newer than every source file
# (the e2e run leaves one behind; the scale tests and the benchmark start that build).
set -eu
cd "$(dirname "$0")/.."
if [ -f .next/BUILD_ID ] && [ -z "$(find lib pages components snippets instrumentation.ts next.config.mjs theme.config.tsx package.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  exit 0
fi
echo "build-if-needed: no up-to-date production build in .next; running next build" >&2
node --import tsx scripts/build-markdown.ts
exec node node_modules/next/dist/bin/next build

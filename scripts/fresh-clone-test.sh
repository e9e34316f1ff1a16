#!/usr/bin/env bash
# A fresh clone works as README.md and docs/cli.md say: after `npm install`, `npx kefu --help` prints the help
# before anything is built (the committed bin apps/cli/bin/kefu.js builds the command on first use) and after.
# Clones the committed HEAD into a temporary directory; the install uses the npm registry (and its cache) only.
# Usage: scripts/fresh-clone-test.sh   (exits non-zero on failure; about 3-5 minutes, most of it install and build)
set -euo pipefail
repository="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/kefu-fresh-clone-XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$SECONDS
say() { echo "[fresh-clone-test $((SECONDS - started))s] $*"; }

git clone --quiet "$repository" "$work/kefu"
cd "$work/kefu"
say "cloned $(git rev-parse --short HEAD); npm install"
npm install --no-audit --no-fund --prefer-offline >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }

if [ -e apps/cli/dist/main.js ]; then echo "apps/cli/dist/main.js exists before any build" >&2; exit 1; fi
say "npx kefu --help, before a build (builds the command first)"
npx kefu --help >"$work/help-before.txt" 2>"$work/first-run.log" || { cat "$work/first-run.log"; exit 1; }
grep -q '^Usage: kefu ' "$work/help-before.txt" || { cat "$work/help-before.txt" "$work/first-run.log"; exit 1; }
grep -q 'first run: building' "$work/first-run.log" || { echo "the first run did not say it was building" >&2; exit 1; }

say "npx kefu --help, after the build"
npx kefu --help >"$work/help-after.txt" 2>"$work/second-run.log" || { cat "$work/second-run.log"; exit 1; }
cmp "$work/help-before.txt" "$work/help-after.txt"
if [ -s "$work/second-run.log" ]; then echo "the second run wrote to stderr:" >&2; cat "$work/second-run.log" >&2; exit 1; fi
say "passed"

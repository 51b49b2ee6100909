#!/usr/bin/env bash
# Mutation checks (docs/security.md, "Mutation checks"): plants each bug listed in
# tests/mutation/mutations.ts (a versioned loop's overlap, bounds, wrap and trip-count checks,
# explicit-mode bounds checks, guard mode's dead-load keep-alive) in a private copy of the tree
# and runs the tests that must catch it. The working tree is never modified.
#
#   bash scripts/mutate.sh [NAME...] [--all] [--list] [--keep] [--timeout S] [-v]
#
# Needs wabt and binaryen (the differential tests) and the spec testsuite. Exit status 0 when
# every mutation was caught, 1 when one survived or the run proves nothing, 3 when a check
# cannot run here (a missing tool).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
exec node dist/tests/mutation/run.js "$@"

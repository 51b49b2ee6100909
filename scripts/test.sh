#!/usr/bin/env bash
# Everything CI checks: setup, then npm test (unit, end-to-end, the C runtime checks, and the
# required spec scripts of the 2.0 and 3.0 testsuites, in both bounds modes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-build # npm test builds
npm test

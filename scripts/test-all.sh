#!/usr/bin/env bash
# `npm run test:all`: the whole suite, nothing skipped. Installs the Debian packages the
# tool-dependent groups need (or says which to install and stops), builds, then runs vitest
# with ORBITRIG_TEST_ALL=1, under which a missing tool or any skipped test fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-debian-packages.sh
npm run build
ORBITRIG_TEST_ALL=1 npx vitest run "$@"

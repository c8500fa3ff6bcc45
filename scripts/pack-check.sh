#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, then install that tarball into an empty folder
# with an empty npm cache (so every dependency comes from the registry, as on a fresh
# machine), then run the installed `orbitrig` the way the README says. Uses the `node` and
# `npm` first on PATH, so .ci/run calls it once per tested Node line.
#
# Checks: the install succeeds with no EBADENGINE warning; johnny-five's own serialport 8 and
# its native @serialport/bindings are not installed (johnny-five is bundled with our
# serialport 13: npm ignores a dependency's `overrides`, so bundling is what reaches users);
# `--version`, the emulated demo (writes a recording, exits 0), `report` on it, a large
# recording read by worker threads (export --csv and report as one thread writes them), `simulate`
# with shipped rigs, a shipped lesson (list, show, run in the model with its report), and the Firmata demo (StandardFirmata, shipped in
# firmware-profiles/standard-firmata, in the emulator).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/orbitrig-pack-XXXXXX")"
[ -n "${KEEP_PACK_CHECK:-}" ] || trap 'rm -rf "$work"' EXIT
fail() { echo "pack-check: FAIL: $*" >&2; exit 1; }
step() { echo "pack-check: $*"; }

step "node $(node --version), npm $(npm --version), in $work"
cd "$root"
# npm pack runs the package's `prepare` (the TypeScript build), so dist/ is fresh.
# Every step has a time bound, so a stalled step fails CI with its name instead of hanging.
timeout 600 npm pack --pack-destination "$work" --silent >/dev/null || fail "npm pack failed or took over 10 minutes"
tarball="$(ls "$work"/orbitrig-*.tgz)"
for f in package/dist/cli/main.js package/bin/orbitrig.js package/LICENSE package/rigs/emulated.yaml \
  package/firmware-profiles/uno-ina219/uno-ina219.hex package/lessons/battery-size.yaml; do
  tar -tzf "$tarball" "$f" >/dev/null 2>&1 || fail "$f is not in $(basename "$tarball")"
done
step "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB)"

mkdir "$work/app"
cd "$work/app"
echo '{"name":"pack-check","private":true}' >package.json
if ! timeout 900 npm install --cache "$work/npm-cache" --prefer-online --no-audit --no-fund "$tarball" >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  fail "npm install of the tarball failed (or took over 15 minutes)"
fi
if grep -q EBADENGINE "$work/install.log"; then
  cat "$work/install.log" >&2
  fail "EBADENGINE on install"
fi
step "installed into an empty folder with an empty cache"

bindings="$(find node_modules -path '*/@serialport/bindings/package.json' | head -n 1)"
[ -z "$bindings" ] || fail "johnny-five's native serialport 8 binding is installed: $bindings"
while IFS= read -r pj; do
  v="$(node -p "require('./$pj').version")"
  case "$v" in 13.*) ;; *) fail "serialport $v installed at $pj (want 13 only)" ;; esac
done < <(find node_modules -path '*/serialport/package.json' -not -path '*/@serialport/*')
step "serialport: 13 only, no @serialport/bindings 8"

pkg="$work/app/node_modules/orbitrig"
orbitrig="$work/app/node_modules/.bin/orbitrig"
run() {
  step "orbitrig $*"
  local rc=0
  timeout 300 "$orbitrig" "$@" >"$work/out.log" 2>&1 </dev/null || rc=$?
  [ "$rc" -eq 0 ] || { cat "$work/out.log" >&2; fail "orbitrig $* exited $rc"; }
}

run --version
want="$(node -p "require('$pkg/package.json').version")"
grep -qx "$want" "$work/out.log" || fail "--version printed '$(cat "$work/out.log")', want $want"

run demo --headless --duration 5s --record "$work/demo.ndjson"
[ -s "$work/demo.ndjson" ] || fail "the demo wrote no recording"

run report "$work/demo.ndjson" --out "$work/report"
[ -s "$work/report/report.html" ] || fail "report wrote no report.html"

# A recording over the parallel scan's threshold (24 MiB; the demo's rows repeated): read by
# worker threads from the installed package, with the same CSV as one thread writes.
node -e '
const fs = require("fs");
const lines = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
const foot = lines.find((l) => l.includes("\"type\":\"footer\""));
const body = lines.slice(1).filter((l) => l !== foot).join("\n") + "\n";
const fd = fs.openSync(process.argv[2], "w");
fs.writeSync(fd, lines[0] + "\n");
for (let n = 0; n < 26e6; n += body.length) fs.writeSync(fd, body);
if (foot) fs.writeSync(fd, foot + "\n");
fs.closeSync(fd);' "$work/demo.ndjson" "$work/big.ndjson"
ORBITRIG_THREADS=1 run export "$work/big.ndjson" --csv "$work/one.csv"
ORBITRIG_THREADS=2 run export "$work/big.ndjson" --csv "$work/two.csv"
cmp -s "$work/one.csv" "$work/two.csv" || fail "export --csv with worker threads differs from one thread"
ORBITRIG_THREADS=2 run report "$work/big.ndjson" --out "$work/big-report"
[ -s "$work/big-report/report.html" ] || fail "report (worker threads) wrote no report.html"
ORBITRIG_THREADS=1 run report "$work/big.ndjson" --out "$work/big-report-1"
for f in report.json orbits.csv summary.md soc.svg; do
  cmp -s "$work/big-report/$f" "$work/big-report-1/$f" ||
    fail "report $f with worker threads differs from one thread"
done

# Shipped rigs by name (found inside the installed package) and by path.
run simulate --rig sim-starlink --orbits 1
run simulate --rig "$pkg/rigs/sim-geo.yaml" --orbits 1

# Shipped lessons by name: listed, shown, and one run in the model with its report.
run lesson list
grep -q "battery-size" "$work/out.log" || fail "lesson list does not name the shipped lessons"
run lesson show battery-size
run lesson run battery-size --sim --report "$work/lesson"
[ -s "$work/lesson/lesson.html" ] || fail "lesson run wrote no lesson.html"

run demo --headless --duration 5s --rig emulated-firmata --record "$work/firmata.ndjson"
[ -s "$work/firmata.ndjson" ] || fail "the Firmata demo wrote no recording"

step "ok"

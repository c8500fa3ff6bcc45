#!/usr/bin/env bash
# Rebuilds every firmware profile that has a Makefile, from an empty build directory,
# and fails when the committed hex (profile.json "hex") differs from the build of the
# committed source. Run from anywhere; needs make, gcc-avr, avr-libc, arduino-core-avr
# and arduino-mk (apt-get install gcc-avr avr-libc arduino-core-avr arduino-mk).
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"

for tool in make avr-gcc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check-hex: $tool not found; install: sudo apt-get install gcc-avr avr-libc arduino-core-avr arduino-mk make" >&2
    exit 72
  fi
done
if [ ! -f /usr/share/arduino/Arduino.mk ]; then
  echo "check-hex: /usr/share/arduino/Arduino.mk not found; install: sudo apt-get install arduino-mk arduino-core-avr" >&2
  exit 72
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
checked=0
for makefile in "$root"/*/Makefile; do
  [ -e "$makefile" ] || continue
  dir="$(dirname "$makefile")"
  name="$(basename "$dir")"
  # profile.json names the committed hex and the build target; node is there (npm ci).
  read -r hex target < <(node -e '
    const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (!p.hex || !p.build || !p.build.target) { console.error("missing hex or build.target"); process.exit(1); }
    console.log(p.hex, p.build.target);' "$dir/profile.json")
  objdir="$work/$name"
  if ! make -s -C "$dir" OBJDIR="$objdir" >"$work/$name.log" 2>&1; then
    echo "check-hex: $name: build failed; last lines of the log:" >&2
    tail -n 20 "$work/$name.log" >&2
    failed=1
    continue
  fi
  built="$objdir/$target.hex"
  if ! cmp -s "$built" "$dir/$hex"; then
    echo "check-hex: $name: committed $name/$hex differs from a clean build of the committed source." >&2
    echo "check-hex:   rebuild it (orbitrig firmware build $name, or make -C firmware-profiles/$name && cp build-uno/$target.hex $hex) and commit it." >&2
    failed=1
    continue
  fi
  echo "check-hex: $name: $hex matches a clean build ($(wc -c <"$built") bytes of hex)"
  checked=$((checked + 1))
done
if [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$checked" -eq 0 ]; then
  echo "check-hex: no profile with a Makefile under $root" >&2
  exit 1
fi

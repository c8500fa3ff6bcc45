#!/usr/bin/env bash
# Checks the hex of every firmware profile. A profile with a Makefile is rebuilt from an
# empty build directory, and the committed hex (profile.json "hex") must be the build of
# the committed source. A profile that ships a third-party hex (profile.json "prebuilt",
# no Makefile) must have the hex whose SHA-256 it names, and its licence text. Run from
# anywhere; needs make, gcc-avr, avr-libc, arduino-core-avr, arduino-mk and sha256sum
# (apt-get install gcc-avr avr-libc arduino-core-avr arduino-mk coreutils).
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"

for tool in make avr-gcc sha256sum; do
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
# Prebuilt third-party hexes: byte for byte what the profile says, with their licence.
problem() {
  echo "check-hex: $1" >&2
  failed=1
}
for profile in "$root"/*/profile.json; do
  dir="$(dirname "$profile")"
  name="$(basename "$dir")"
  [ -e "$dir/Makefile" ] && continue
  if ! read -r hex sha256 licence < <(node -e '
    const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const b = p.prebuilt;
    if (p.hex && b && b.sha256 && b.licenceFile) console.log(p.hex, b.sha256, b.licenceFile);' "$profile"); then
    problem "$name: no Makefile, and profile.json names no prebuilt hex with its SHA-256 and licence file"
  elif [ ! -f "$dir/$hex" ]; then
    problem "$name: $hex is missing"
  elif [ "$(sha256sum "$dir/$hex" | cut -d' ' -f1)" != "$sha256" ]; then
    problem "$name: $hex is not the binary profile.json and its README describe (SHA-256 differs from $sha256)"
  elif [ ! -s "$dir/$licence" ]; then
    problem "$name: licence file $licence is missing; a third-party hex ships with its licence"
  else
    echo "check-hex: $name: prebuilt $hex has the SHA-256 in profile.json, licence $licence present"
    checked=$((checked + 1))
  fi
done

if [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$checked" -eq 0 ]; then
  echo "check-hex: no firmware profile under $root" >&2
  exit 1
fi

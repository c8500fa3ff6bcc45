/**
 * `orbitrig firmware build`: the committed sketch builds with Debian's arduino-mk and
 * gives byte for byte the committed hex (the toolchain is installed by .ci/run; without
 * it this test fails with the apt-get line to run). A missing tool is one line, exit 72.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExitCode, OrbitrigError } from "../../src/core/errors.js";
import { BUILD_TOOLS, buildFirmware, loadProfile, requireTools } from "../../src/firmware/index.js";
import { needs } from "../support/requires.js";

const work = mkdtempSync(join(tmpdir(), "orbitrig-fw-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("building uno-ina219", () => {
  needs("firmware toolchain").it(
    "reproduces the committed hex from an empty build folder",
    async () => {
      const profile = loadProfile("uno-ina219");
      const outHex = join(work, "out.hex");
      const r = await buildFirmware(profile, { objDir: join(work, "obj"), outHex });
      expect(readFileSync(outHex, "utf8")).toBe(readFileSync(profile.hexPath, "utf8"));
      // The ATmega328P has 32 KB of flash (0.5 KB for Optiboot) and 2 KB of RAM; the
      // stack needs a few hundred bytes of what static data leaves.
      expect(r.programBytes).toBeGreaterThan(4000);
      expect(r.programBytes).toBeLessThan(32256);
      expect(r.dataBytes).toBeLessThan(1600);
    },
    60_000,
  );

  it("refuses a profile whose hex comes prebuilt", async () => {
    await expect(buildFirmware(loadProfile("standard-firmata"))).rejects.toThrow(
      /has no build section: its hex comes prebuilt/,
    );
  });
});

describe("a missing toolchain", () => {
  it.each([
    [["avr-gcc"], [], "building needs avr-gcc; install with: sudo apt-get install gcc-avr"],
    [
      [],
      ["/usr/share/arduino/Arduino.mk"],
      "building needs /usr/share/arduino/Arduino.mk; install with: sudo apt-get install arduino-mk",
    ],
    [
      ["make", "avr-gcc"],
      ["/usr/lib/avr/include/avr/io.h"],
      "building needs make, avr-gcc, /usr/lib/avr/include/avr/io.h; install with: sudo apt-get install make gcc-avr avr-libc",
    ],
  ])("missing programs %j and files %j: one apt-get line, exit 72", (programs, files, message) => {
    const probe = {
      onPath: (p: string) => !programs.includes(p),
      fileExists: (f: string) => !files.includes(f),
    };
    let caught: unknown;
    try {
      requireTools(BUILD_TOOLS, "building", probe);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OrbitrigError);
    const e = caught as OrbitrigError;
    expect([e.code, e.exitCode, e.message]).toEqual([
      "TOOL_MISSING",
      ExitCode.missingTool,
      message,
    ]);
  });

  it("says nothing when everything is there", () => {
    expect(() =>
      requireTools(BUILD_TOOLS, "building", { onPath: () => true, fileExists: () => true }),
    ).not.toThrow();
  });
});

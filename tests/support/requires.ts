/**
 * Gates for test groups that need a Debian tool beyond Node (socat, the AVR toolchain,
 * tmux, pandas, a font). `npm test` skips a group whose tool is missing and records why;
 * tests/support/skip-reporter.ts prints one line about it at the end of the run. With
 * ORBITRIG_TEST_ALL=1 (`npm run test:all`, .ci/run) nothing is skipped: a group whose
 * tool is missing fails, naming the Debian package. The packages themselves are listed
 * once, in scripts/debian-packages.txt (tests/support/requires.test.ts keeps the two in step).
 *
 *   needs("socat").describe("SerialBoard over a pty", () => { ... });
 *   const { describe } = needs("socat"); // every group in this file
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TOOLS, missingTools, type ToolRequirement } from "../../src/firmware/tools.js";
import { findFont } from "../../src/report/font.js";

export interface Need {
  /** Debian packages that provide it. */
  debianPackages: readonly string[];
  /** What is missing on this machine, in words ([] when everything is there). */
  missing(): string[];
}

function programsAndFiles(required: readonly ToolRequirement[]): Need {
  return {
    debianPackages: [...new Set(required.map((t) => t.debianPackage))],
    missing: () => missingTools(required).map((t) => t.program ?? basename(t.file ?? "?")),
  };
}

/** The system Python (Debian's), not whichever python3 is first on PATH: see FIELD-NOTES. */
export const SYSTEM_PYTHON = "/usr/bin/python3";

export const TOOLS = {
  /** Pseudo-terminal pairs for the serial-port tests. */
  socat: programsAndFiles([{ program: "socat", debianPackage: "socat" }]),
  /** `orbitrig firmware build`: the same list the command checks. */
  "firmware toolchain": programsAndFiles(BUILD_TOOLS),
  /** Plain avr-gcc for tiny test programs. */
  "avr-gcc": programsAndFiles([
    { program: "avr-gcc", debianPackage: "gcc-avr" },
    { program: "avr-objcopy", debianPackage: "binutils-avr" },
    { file: "/usr/lib/avr/include/avr/io.h", debianPackage: "avr-libc" },
  ]),
  /** A terminal to run the dashboard in, driven by send-keys. */
  tmux: programsAndFiles([{ program: "tmux", debianPackage: "tmux" }]),
  /** util-linux `script` gives a child a pseudo-terminal (Debian: bsdutils, essential). */
  script: programsAndFiles([{ program: "script", debianPackage: "bsdutils" }]),
  /** pandas reading our CSV, as a user's notebook would. */
  pandas: {
    debianPackages: ["python3-pandas"],
    missing: () =>
      spawnSync(SYSTEM_PYTHON, ["-c", "import pandas"], { stdio: "ignore" }).status === 0
        ? []
        : [`pandas for ${SYSTEM_PYTHON}`],
  },
  /** A real MQTT broker for the classroom's network tests (the same suite as aedes). */
  mosquitto: programsAndFiles([
    { program: "mosquitto", debianPackage: "mosquitto" },
    { program: "mosquitto_passwd", debianPackage: "mosquitto" },
  ]),
  /** A browser for the students' page, driven by playwright-core. */
  chromium: programsAndFiles([{ file: "/usr/bin/chromium", debianPackage: "chromium" }]),
  /** The report's chart font; without it resvg falls back to system fonts and says so. */
  "DejaVu Sans": {
    debianPackages: ["fonts-dejavu-core"],
    missing: () => (findFont() === null ? ["DejaVuSans.ttf"] : []),
  },
} satisfies Record<string, Need>;

export type NeedName = keyof typeof TOOLS;

/** True when the run must not skip anything (`npm run test:all`, .ci/run). */
export const TEST_ALL = process.env.ORBITRIG_TEST_ALL === "1";

/** Where skipped groups are written, one JSON line each (set in vitest.config.ts). */
export const SKIP_LOG_ENV = "ORBITRIG_SKIP_LOG";

export interface SkipRecord {
  file: string;
  group: string;
  needs: NeedName[];
  missing: string[];
  debianPackages: string[];
}

const probed = new Map<NeedName, string[]>();
function missingFor(name: NeedName): string[] {
  let m = probed.get(name);
  if (!m) {
    m = TOOLS[name].missing();
    probed.set(name, m);
  }
  return m;
}

function record(group: string, names: NeedName[], missing: string[]): void {
  const dir = process.env[SKIP_LOG_ENV];
  if (!dir) return;
  const file = (expect.getState().testPath ?? "?").replace(`${process.cwd()}/`, "");
  const entry: SkipRecord = {
    file,
    group,
    needs: names.filter((n) => missingFor(n).length > 0),
    missing,
    debianPackages: [...new Set(names.flatMap((n) => TOOLS[n].debianPackages))],
  };
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.ndjson`), `${JSON.stringify(entry)}\n`);
}

type Body = () => void | Promise<void>;

export interface Gate {
  describe(title: string, body: () => void): void;
  it(title: string, body: Body, timeoutMs?: number): void;
}

/**
 * A describe/it pair that runs only where every named tool is present. Missing tools
 * skip the group (recorded for the end-of-run line) or, with ORBITRIG_TEST_ALL=1, fail it.
 */
export function needs(...names: NeedName[]): Gate {
  const missing = names.flatMap(missingFor);
  if (missing.length === 0)
    return { describe: (t, b) => describe(t, b), it: (t, b, ms) => it(t, b, ms) };
  const packages = [...new Set(names.flatMap((n) => TOOLS[n].debianPackages))].join(" ");
  const why = `needs ${missing.join(", ")} (Debian: ${packages}), which this machine lacks`;
  if (TEST_ALL)
    return {
      describe: (t, b) =>
        describe(t, () => {
          beforeAll(() => {
            throw new Error(`ORBITRIG_TEST_ALL: '${t}' ${why}`);
          });
          b();
        }),
      it: (t, _b, ms) =>
        it(
          t,
          () => {
            throw new Error(`ORBITRIG_TEST_ALL: '${t}' ${why}`);
          },
          ms,
        ),
    };
  return {
    describe: (t, b) => {
      record(t, names, missing);
      describe.skip(t, b);
    },
    it: (t, b, ms) => {
      record(t, names, missing);
      it.skip(t, b, ms);
    },
  };
}

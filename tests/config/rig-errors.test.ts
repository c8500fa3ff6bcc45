/**
 * A rig file's mistakes, each as one line that names the file, the line where the mistake
 * is, the field and what was expected (`rig.yaml:10 orbit.altitudeKm: expected …`), exit 2.
 * YAML syntax errors point at the line of the mistake (an unterminated bracket or quote at
 * the line that opens it), not at line 1; values the board or the chips cannot take are
 * caught before any port is opened.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadRig, loadRigText, MAX_RIG_FILE_BYTES, requireStated } from "../../src/config/index.js";
import { isOrbitrigError } from "../../src/core/errors.js";
import { maxTelemetryHz } from "../../src/protocol/index.js";
import { checkRigForBoard } from "../../src/rig/validate.js";
import { emulatedRig } from "../board/emulated-rig.js";

const BASE = [
  "name: test rig", // 1
  "board:", // 2
  "  kind: emulated", // 3
  "  rateHz: 20", // 4
  "calibration:", // 5
  "  shuntOhms: 0.1", // 6
  "  maxCurrentA: 0.4", // 7
  "  fullSunBenchMw: 690", // 8
  "orbit:", // 9
  "  altitudeKm: 550", // 10
  "  timeScale: 30", // 11
  "bench:", // 12
  "  inas:", // 13
  "    - address: 0x40", // 14
  "      branch: array", // 15
  "    - address: 0x41", // 16
  "      branch: load", // 17
];

/** BASE with line n (1-based) replaced; "" removes nothing, null removes the line. */
function rigText(edits: Record<number, string | null> = {}): string {
  return `${BASE.flatMap((l, i) => {
    const e = edits[i + 1];
    return e === undefined ? [l] : e === null ? [] : [e];
  }).join("\n")}\n`;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isOrbitrigError(e), String(e)).toBe(true);
    if (isOrbitrigError(e)) {
      expect(e.exitCode).toBe(2);
      expect(e.message).not.toContain("\n");
    }
    return (e as Error).message;
  }
  throw new Error("no error");
}

const ALIAS_BOMB = [
  "name: bomb",
  "a: &a [x, x, x, x, x, x, x, x, x]",
  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
  "",
].join("\n");

describe("YAML mistakes point at their line", () => {
  it.each([
    ["an unterminated bracket", rigText({ 10: "  altitudeKm: [550" }), /^r\.yaml:10 /],
    ["an unterminated brace", rigText({ 2: "board: {kind: emulated" }), /^r\.yaml:2 /],
    ["a tab as indentation", rigText({ 4: "\trateHz: 20" }), /^r\.yaml:4 .*[Tt]ab/],
    ["a duplicate key", rigText({ 11: "  altitudeKm: 600" }), /^r\.yaml:11 .*unique/],
    ["an unterminated quote", rigText({ 3: '  kind: "emulated' }), /^r\.yaml:3 /],
    ["an alias bomb", ALIAS_BOMB, /^r\.yaml:3 YAML aliases/],
  ])("%s", (_what, text, message) => {
    expect(messageOf(() => loadRigText(text, "r.yaml"))).toMatch(message);
  });
});

describe("values the schema refuses, with their line", () => {
  it.each([
    ["an empty file", "", /^r\.yaml:1 \(top level\): the file is empty/],
    ["a file of comments only", "# nothing yet\n", /^r\.yaml:1 \(top level\): the file is empty/],
    [
      "an altitude inside the atmosphere",
      rigText({ 10: "  altitudeKm: 1" }),
      /^r\.yaml:10 orbit\.altitudeKm: expected a number >= 100/,
    ],
    [
      "two INA219s at one address",
      rigText({ 16: "    - address: 0x40" }),
      /^r\.yaml:16 bench\.inas\.1\.address: 0x40 is also the address of bench\.inas\.0/,
    ],
  ])("%s", (_what, text, message) => {
    expect(messageOf(() => loadRigText(text, "r.yaml"))).toMatch(message);
  });

  it("a rig file over the size limit", () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-rig-"));
    const path = join(dir, "big.yaml");
    writeFileSync(path, `${rigText()}# ${"x".repeat(MAX_RIG_FILE_BYTES)}\n`);
    expect(messageOf(() => loadRig(path))).toMatch(
      /big\.yaml:1 \(top level\): the file is .* KiB; a rig file may be at most 256 KiB/,
    );
  });
});

describe("what the board and its chips cannot take, before any port opens", () => {
  it("a telemetry rate over what the firmware's link carries", () => {
    const rig = loadRigText(rigText({ 4: "  rateHz: 150" }), "r.yaml");
    expect(messageOf(() => checkRigForBoard(rig))).toMatch(
      /^r\.yaml:4 board\.rateHz: expected at most 70 Hz \(uno-ina219: 2 INA219 channels at 115200 baud\), got 150$/,
    );
  });

  it("a desk rig that opens its port at another baud than its firmware talks", () => {
    const rig = loadRigText(rigText({ 3: "  kind: serial", 4: "  baud: 57600" }), "r.yaml");
    expect(messageOf(() => checkRigForBoard(rig))).toMatch(
      /^r\.yaml:4 board\.baud: expected 115200 \(the baud rate of uno-ina219's firmware, .*profile\.json\), got 57600$/,
    );
  });

  it("a calibration the INA219 cannot do", () => {
    const rig = loadRigText(rigText({ 7: "  maxCurrentA: 4" }), "r.yaml");
    expect(messageOf(() => checkRigForBoard(rig))).toMatch(
      /^r\.yaml:7 calibration\.maxCurrentA: .*exceeds the INA219's 320 mV shunt range$/,
    );
  });

  it("a rig for a real board that does not say which board", () => {
    const rig = loadRigText(rigText({ 2: null, 3: null, 4: null }), "r.yaml");
    expect(rig.config.board.kind).toBe("emulated"); // the default, for simulate and demo
    expect(
      messageOf(() => requireStated(rig, ["board", "kind"], "serial, firmata or emulated")),
    ).toBe("r.yaml:1 board.kind: missing; expected serial, firmata or emulated");
  });

  it("the shipped rigs pass", () => {
    for (const name of ["emulated", "emulated-firmata", "classroom", "desk-uno", "desk-firmata"])
      expect(() => checkRigForBoard(loadRig(name))).not.toThrow();
  });
});

describe("the telemetry limit", () => {
  it("is the firmware's own: what uno-ina219 announces in HELLO (maxhz)", async () => {
    const { board, advance } = await emulatedRig();
    let caps: Record<string, string | true> | null = null;
    void board.open().then((info) => {
      caps = info.caps;
    });
    for (let t = 0; t < 5000 && caps === null; t += 50) await advance(50);
    expect(caps).not.toBeNull();
    expect(Number(caps!.maxhz)).toBe(maxTelemetryHz(Number(caps!.baud), 2));
  });
});

describe("on the command line", () => {
  const CLI = join(import.meta.dirname, "../../bin/orbitrig.js");
  const run = promisify(execFile);
  async function orbitrig(args: string[]) {
    try {
      const r = await run(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });
      return { code: 0, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stderr: string };
      return { code: x.code, stderr: x.stderr };
    }
  }
  const file = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "orbitrig-rig-cli-")), "r.yaml");
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ["demo", rigText({ 4: "  rateHz: 150" }), /r\.yaml:4 board\.rateHz: expected at most 70 Hz/],
    ["demo", ALIAS_BOMB, /r\.yaml:3 YAML aliases expand to too many values/],
    ["demo", "", /r\.yaml:1 \(top level\): the file is empty/],
    [
      "run",
      rigText({ 2: null, 3: null, 4: null }),
      /r\.yaml:1 board\.kind: missing; expected board:/,
    ],
    [
      "doctor",
      rigText({ 2: null, 3: null, 4: null }),
      /r\.yaml:1 board\.kind: missing; expected board:/,
    ],
  ])("%s: one line, exit 2, before anything runs", async (command, text, message) => {
    // doctor takes no session options.
    const session = command === "doctor" ? [] : ["--headless", "--duration", "1s", "--no-record"];
    const r = await orbitrig([command, "--rig", file(text), ...session]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

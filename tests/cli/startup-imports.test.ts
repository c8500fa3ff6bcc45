/**
 * The CLI builds every command's options at start-up but loads a command's work only when
 * that command runs (src/cli/actions/, issue 16). Checked by what a child process of the
 * built CLI loads (a loader hook writes each module's URL: ./support/record-loads.mjs),
 * not by timing: --version and --help load none of the dashboard, chart, serial, emulator
 * or MQTT libraries, and `report` loads its charts but nothing of the others.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { writeSyntheticRecording } from "../telemetry/synthetic.js";

const run = promisify(execFile);
// The built CLI, as a user runs it (`npm test` builds first).
const CLI = join(import.meta.dirname, "../../bin/orbitrig.js");
const RECORDER = join(import.meta.dirname, "support/record-loads.mjs");

/** Libraries a command that neither runs a session nor draws charts must not load. */
const SESSION_LIBRARIES = [
  "ink",
  "react",
  "serialport",
  "@serialport/bindings-cpp",
  "avr8js",
  "johnny-five",
  "mqtt",
  "aedes",
];
const CHART_LIBRARIES = ["vega", "vega-lite", "@resvg/resvg-js"];

/** `…/node_modules/@scope/name/x.js` -> `@scope/name`; our own files -> null. */
function packageOf(url: string): string | null {
  const at = url.lastIndexOf("/node_modules/");
  if (at < 0) return null;
  const parts = url.slice(at + "/node_modules/".length).split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

interface Loaded {
  code: number;
  stdout: string;
  packages: Set<string>;
  /** Our compiled files, relative to dist/ (cli/main.js, ...). */
  ours: string[];
}

async function loadedBy(...args: string[]): Promise<Loaded> {
  const log = join(mkdtempSync(join(tmpdir(), "orbitrig-loads-")), "loads.txt");
  let code = 0;
  let stdout = "";
  try {
    const r = await run(process.execPath, ["--import", RECORDER, CLI, ...args], {
      encoding: "utf8",
      env: { ...process.env, ORBITRIG_LOAD_LOG: log },
    });
    stdout = r.stdout;
  } catch (e) {
    const x = e as { code: number; stdout: string };
    code = x.code;
    stdout = x.stdout;
  }
  const urls = readFileSync(log, "utf8").split("\n").filter(Boolean);
  const packages = new Set(urls.map(packageOf).filter((p): p is string => p !== null));
  const ours = urls
    .filter((u) => packageOf(u) === null && u.includes("/dist/"))
    .map((u) => u.slice(u.lastIndexOf("/dist/") + "/dist/".length));
  return { code, stdout, packages, ours };
}

function recording(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-startup-"));
  const path = join(dir, "rec.ndjson");
  writeSyntheticRecording(path, 600);
  return { dir, path };
}

describe("what the CLI loads before a command runs", () => {
  for (const args of [["--version"], ["--help"], ["report", "--help"], ["demo", "--help"]]) {
    it(`${args.join(" ")}: the options of every command, none of their work`, async () => {
      const r = await loadedBy(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toBe("");
      // The recorder saw the program being built (or this test would pass on an empty log).
      expect(r.ours).toContain("cli/commands/report.js");
      expect(r.packages).toContain("commander");
      expect([...r.packages].filter((p) => SESSION_LIBRARIES.includes(p))).toEqual([]);
      expect([...r.packages].filter((p) => CHART_LIBRARIES.includes(p))).toEqual([]);
      expect(r.ours.filter((f) => f.startsWith("cli/actions/"))).toEqual([]);
    });
  }

  it("report: its charts load, and nothing of a session (dashboard, serial, emulator, MQTT)", async () => {
    const { dir, path } = recording();
    const r = await loadedBy("report", path, "--out", join(dir, "report"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("report.html");
    expect(r.packages).toContain("vega");
    expect(r.ours).toContain("cli/actions/report.js");
    expect([...r.packages].filter((p) => SESSION_LIBRARIES.includes(p))).toEqual([]);
    // (emulator/faults.js is loaded: it parses --fault; avr8js, above, stays unloaded.)
    const sessionFolders = /^(ui|network|transport|board|session|rig)\//;
    expect(r.ours.filter((f) => sessionFolders.test(f))).toEqual([]);
  });
});

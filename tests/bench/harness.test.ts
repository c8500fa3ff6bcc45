/**
 * `npm run bench` in its tiny configuration: every benchmark still runs (so none rots) and
 * the --json output has every field of a figure. Nothing here judges a figure: on this
 * configuration the numbers mean nothing, only their shape and their presence do.
 * Needs socat (the serial benchmark's pty pair); pyserial, pandas and mosquitto_sub are
 * peers that a benchmark reports as missing (peer null) when they are not installed.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { needs } from "../support/requires.js";

const root = resolve(import.meta.dirname, "../..");
const { describe } = needs("socat");

const FIELDS = {
  name: "string",
  value: "number|null",
  unit: "string",
  peer: "string|null",
  peerValue: "number|null",
  ratio: "number|null",
  limit: "number|null",
  target: "string|null",
  better: "string",
  met: "boolean|null",
  rounds: "number",
  bench: "string",
  machine: "string",
  date: "string",
} as const;

const BENCHES = [
  "bench/model.ts",
  "bench/constellation.ts",
  "bench/emulator.ts",
  "bench/serial.ts",
  "bench/dashboard.ts",
  "bench/dashboard-render.tsx",
  "bench/dashboard-emulated.ts",
  "bench/replay.ts",
  "bench/parquet.ts",
  "bench/classroom.ts",
];

const typeOf = (v: unknown) => (v === null ? "null" : typeof v);

describe("npm run bench -- --tiny --json", () => {
  // Every benchmark runs to its end in the tiny configuration; the bound is generous
  // because the machine may be shared, and each benchmark bounds its own waits.
  it("runs every benchmark and prints every field of every figure", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["bench/run-all.js", "--tiny", "--json"],
      { cwd: root, maxBuffer: 16 << 20, timeout: 580_000 },
    );
    const figures = JSON.parse(stdout) as Record<string, unknown>[];
    for (const f of figures) {
      for (const [field, types] of Object.entries(FIELDS)) {
        expect(types.split("|"), `${String(f.name)}: ${field}`).toContain(typeOf(f[field]));
      }
      expect(f.value, `${String(f.name)} was measured`).not.toBeNull();
      expect(f.tiny).toBe(true);
      // A ratio is given exactly when there is a peer figure to divide by.
      expect(f.ratio === null, String(f.name)).toBe(f.peerValue === null || f.value === null);
    }
    expect([...new Set(figures.map((f) => f.bench))].sort()).toEqual([...BENCHES].sort());
    // The headline comparisons are there, each with its peer named.
    const names = figures.map((f) => String(f.name));
    expect(names.some((n) => n.startsWith("serial ingest, 2-channel"))).toBe(true);
    expect(names.some((n) => n.startsWith("orbitrig report of"))).toBe(true);
  }, 600_000);
});

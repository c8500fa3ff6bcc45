/**
 * The CSV export writes numbers and text straight into its buffer (src/telemetry/csv.ts):
 * every cell must read as formatValue's text of the recorded value at the column's
 * resolution (String() of the rounded number), for awkward numbers too (tiny, huge,
 * negative, many digits, halves), text beyond ASCII must be UTF-8, and only the columns
 * asked for may be decoded without changing what the others would say.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { NodeState } from "../../src/node/state.js";
import { decimalsFor } from "../../src/telemetry/columns.js";
import { exportCsv } from "../../src/telemetry/csv.js";
import { writeRounded } from "../../src/telemetry/csv-rows.js";
import { formatValue, roundedValue } from "../../src/telemetry/export-columns.js";
import { openRecording } from "../../src/telemetry/reader.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const dir = mkdtempSync(join(tmpdir(), "orbitrig-csv-cells-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AWKWARD = [
  1e-7,
  -2.5e-9,
  1e21,
  123456789.123,
  -0.001,
  0.1 + 0.2,
  5e-324,
  -1234.5678,
  2 ** 53,
  95.565,
  0.0045,
  -2.0005,
  1.005,
];

describe("CSV cells", () => {
  const path = join(dir, "r.ndjson");
  const frames = AWKWARD.map((x, i) => ({ ...syntheticFrame(i), busV: x, powerMw: -x }));
  const nodes = frames.map(
    (f, i) => ({ ...syntheticNode(i, f), zone: i % 2 ? 'zoné, "nord"' : "süd" }) as NodeState,
  );
  // A node column the format does not know (a newer model's): recorded and exported as text.
  const w = new RecordingWriter({ clock: new ManualClock(), sampleNode: nodes[0] });
  w.open(path, syntheticHeader());
  for (const [i, f] of frames.entries()) w.frame(f, nodes[i]);
  w.close({ endReason: "quit" });

  it("writes every number as formatValue does at its resolution, and text beyond ASCII as UTF-8", () => {
    const out = join(dir, "all.csv");
    const res = exportCsv(openRecording(path), out, {
      columns: ["bench_bus_V", "bench_power_mW", "sat_zone", "seq"],
    });
    const d = (name: string) =>
      decimalsFor(res.dictionary.find((e) => e.name === name)!.resolution);
    const rows = readFileSync(out, "utf8").trim().split("\r\n");
    expect(rows[0]).toBe("bench_bus_V,bench_power_mW,sat_zone,seq");
    expect(rows.slice(1)).toEqual(
      frames.map(
        (f, i) =>
          `${formatValue(f.busV, 1, 0, d("bench_bus_V"))},${formatValue(-f.busV, 1, 0, d("bench_power_mW"))},${i % 2 ? '"zoné, ""nord"""' : "süd"},${f.seq}`,
      ),
    );
  });

  it("gives the same cells whether a column is exported alone or with every other", () => {
    const alone = join(dir, "alone.csv");
    const every = join(dir, "every.csv");
    exportCsv(openRecording(path), alone, { columns: ["sat_soc_pct", "sat_zone"] });
    exportCsv(openRecording(path), every);
    const cols = (file: string, names: string[]) => {
      const [head, ...rows] = readFileSync(file, "utf8").trim().split("\r\n");
      const at = names.map((n) => head!.split(",").indexOf(n));
      // Fields here hold no quoted commas except zone's, which is last in `every`'s order.
      return rows.map((r) => at.map((k) => (k === -1 ? "" : r.split(",")[k])).join("|"));
    };
    expect(cols(alone, ["sat_soc_pct"])).toEqual(cols(every, ["sat_soc_pct"]));
  });
});

describe("writeRounded and roundedValue: formatValue's text without making text", () => {
  const text = (v: number, scale: number, offset: number, d: number) => {
    const buf = Buffer.alloc(128);
    return buf.toString("latin1", 0, writeRounded(buf, 0, v, scale, offset, d));
  };
  // formatValue is the definition (toFixed's text); roundedValue must be its number.
  const want = (v: number, scale: number, offset: number, d: number) => {
    const f = formatValue(v, scale, offset, d);
    const r = roundedValue(v, scale, offset, d);
    expect(Number.isNaN(r) ? "" : String(r)).toBe(f);
    return f;
  };

  it("agree with formatValue for any double, scale, offset and decimals", () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -3_000_000, max: 3_000_000 }).map((k) => k / 1000),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((k) => k / 2 ** 12),
      fc.constantFrom(...AWKWARD, 0, -0, 0.5, -0.5, 2.5, 1.5e-7, 2 ** 31, -(2 ** 31), 1e9 + 0.5),
    );
    fc.assert(
      fc.property(
        value,
        fc.constantFrom(1, 0.001, 100, 1 / 3600, 1e-3 / 3.6, 1000),
        fc.constantFrom(0, 273.15, -40),
        fc.integer({ min: 0, max: 9 }),
        (v, scale, offset, d) => {
          expect(text(v, scale, offset, d)).toBe(want(v, scale, offset, d));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("near halves and at the edges of its fast path, too", () => {
    for (const d of [0, 1, 2, 3, 6]) {
      for (let k = -2000; k <= 2000; k++) {
        const v = (k + 0.5) / 10 ** d;
        for (const x of [v, v + 1e-12, v - 1e-12, (2 ** 31 - 1 + k / 4) / 10 ** d]) {
          expect(text(x, 1, 0, d)).toBe(want(x, 1, 0, d));
        }
      }
    }
    // Recorded steps finer than the exported resolution (0.05 °C at 0.1 °C): a half in
    // decimal, a little above or below it in binary; and exact binary halves (ties).
    for (let k = -20_000; k <= 20_000; k++) {
      for (const [x, d] of [
        [k * 0.05, 1],
        [k * 0.005, 2],
        [k / 2000, 3],
        [k * 0.25, 1],
        [k * 0.125, 2],
        [k / 16, 3],
      ] as const) {
        expect(text(x, 1, 0, d)).toBe(want(x, 1, 0, d));
      }
    }
    // Large values near a half, a few units of the last place either side: there the
    // product's own rounding is larger than any fixed tolerance.
    for (let e = 0; e < 52; e++) {
      for (const d of [0, 1, 2, 3, 4, 6, 8]) {
        const half = (2 ** e + 0.5) / 10 ** d;
        for (let u = -4; u <= 4; u++) {
          const x = half * (1 + u * 2 ** -52);
          expect(roundedValue(x, 1, 0, d), `${x} at ${d}`).toBe(Number(x.toFixed(d)));
          expect(text(x, 1, 0, d)).toBe(want(x, 1, 0, d));
        }
      }
    }
  });
});

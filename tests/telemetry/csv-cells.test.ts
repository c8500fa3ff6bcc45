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
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { NodeState } from "../../src/node/state.js";
import { decimalsFor } from "../../src/telemetry/columns.js";
import { exportCsv } from "../../src/telemetry/csv.js";
import { formatValue } from "../../src/telemetry/export-columns.js";
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

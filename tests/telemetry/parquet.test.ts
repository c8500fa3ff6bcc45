/**
 * The Parquet export (src/telemetry/parquet.ts) read back with hyparquet, the matching JS
 * reader: the same column names as the CSV export, every value equal to the CSV's cell at
 * the column's resolution, a null wherever the CSV has an empty field (never 0), each
 * column's Parquet type from its definition, --columns and --from/--to as for CSV, several
 * row groups, and the column dictionary beside the file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { OrbitrigError } from "../../src/core/errors.js";
import type { NodeState } from "../../src/node/state.js";
import { exportCsv } from "../../src/telemetry/csv.js";
import { exportParquet } from "../../src/telemetry/parquet.js";
import { openRecording } from "../../src/telemetry/reader.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const dir = mkdtempSync(join(tmpdir(), "orbitrig-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 620 frames (0.1 s apart): no node state in the first 5 (node columns empty), no panel
// sensor in frame 250 (an empty bench_panel_temp_C), an eclipse (region text changes),
// and a node field this version does not describe (text, exported as sat_zone).
const N = 620;
const path = join(dir, "r.ndjson");
const frames = Array.from({ length: N }, (_, i) => syntheticFrame(i));
const nodes = frames.map((f, i) =>
  i < 5 ? null : ({ ...syntheticNode(i, f), zone: i % 2 ? "nord" : "süd" } as NodeState),
);
{
  const w = new RecordingWriter({ clock: new ManualClock(), sampleNode: nodes[5]! });
  w.open(path, syntheticHeader());
  for (const [i, f] of frames.entries()) w.frame(f, nodes[i] ?? null);
  w.close({ endReason: "quit" });
}

type Row = Record<string, unknown>;

async function readParquet(file: string) {
  const buf = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buf);
  const rows = (await parquetReadObjects({ file: buf })) as Row[];
  return { metadata, rows };
}

/** CSV text (no quoted fields in these tests) as header + rows of cells. */
function readCsv(file: string): { names: string[]; rows: string[][] } {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split("\r\n");
  return { names: head!.split(","), rows: lines.map((l) => l.split(",")) };
}

/** A Parquet value as the CSV writes it: null is an empty field. */
function asCsvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "boolean") return v ? "true" : "false";
  return String(v);
}

/** Every cell where the Parquet rows and the CSV disagree, by column name (none: equal). */
function differences(csv: { names: string[]; rows: string[][] }, rows: Row[]): string[] {
  const out: string[] = [];
  if (rows.length !== csv.rows.length) out.push(`rows ${rows.length} vs ${csv.rows.length}`);
  csv.rows.forEach((cells, r) => {
    csv.names.forEach((name, k) => {
      const got = asCsvCell(rows[r]?.[name]);
      if (got !== cells[k]) out.push(`row ${r} ${name}: parquet ${got} vs csv ${cells[k]}`);
    });
  });
  return out;
}

describe("Parquet export", () => {
  const csvFile = join(dir, "all.csv");
  const pqFile = join(dir, "all.parquet");
  const csvRes = exportCsv(openRecording(path), csvFile);
  // Row groups of 100 rows: the export must carry values across group boundaries.
  const res = exportParquet(openRecording(path), pqFile, { rowGroupRows: 100 });

  it("has the CSV's columns, in order, and a value equal to every CSV cell", async () => {
    const { metadata, rows } = await readParquet(pqFile);
    const csv = readCsv(csvFile);
    expect(res.columns).toEqual(csv.names);
    expect(metadata.schema.slice(1).map((e) => e.name)).toEqual(csv.names);
    expect(res.rows).toBe(N);
    expect(differences(csv, rows)).toEqual([]);
    expect(res.dictionary).toEqual(csvRes.dictionary);
  });

  it("cannot pass with a wrong column: two columns swapped are found", async () => {
    // The comparison above is by name and by cell: the same data with two columns of
    // like type exchanged must fail it.
    const { rows } = await readParquet(pqFile);
    const swapped = rows.map((r) => ({
      ...r,
      sat_soc_pct: r.sat_compute_level_pct,
      sat_compute_level_pct: r.sat_soc_pct,
    }));
    expect(differences(readCsv(csvFile), swapped).length).toBeGreaterThan(0);
  });

  it("holds the recorded values at the column's resolution, not only the CSV's text", async () => {
    const { rows } = await readParquet(pqFile);
    const r = rows[300]!;
    const f = frames[300]!;
    const n = nodes[300]!;
    expect(r.seq).toBe(300);
    expect(r.bench_bus_V).toBe(Number(f.busV.toFixed(3)));
    expect(r.sat_soc_pct).toBe(Number((n.socFraction * 100).toFixed(2)));
    expect(r.orbit_number).toBe(n.orbitNumber + 1);
    expect(r.orbit_region).toBe(n.region);
    expect(r.sat_zone).toBe("süd");
    expect(r.time_iso).toEqual(
      new Date(Date.parse("2026-01-01T00:00:00.000Z") + Math.round(f.hostMs)),
    );
  });

  it("writes null, never 0, where the CSV field is empty", async () => {
    const { rows } = await readParquet(pqFile);
    // No node state yet: every node column is null, the frame's columns are not.
    for (const name of ["orbit_number", "sat_soc_pct", "orbit_region", "sat_floor_violation"])
      expect(rows[0]![name], name).toBeNull();
    expect(rows[0]!.bench_bus_V).toBe(Number(frames[0]!.busV.toFixed(3)));
    // No panel sensor in frame 250.
    expect(rows[250]!.bench_panel_temp_C).toBeNull();
    expect(rows[251]!.bench_panel_temp_C).not.toBeNull();
    // The first orbit has no last orbit.
    expect(rows[10]!.sat_duty_last_orbit_pct).toBeNull();
  });

  it("types each column from its definition", async () => {
    const { metadata } = await readParquet(pqFile);
    const byName = new Map(metadata.schema.slice(1).map((e) => [e.name, e]));
    const typeOf = (name: string) => {
      const e = byName.get(name)!;
      return [e.type, e.converted_type ?? null, e.repetition_type];
    };
    expect(typeOf("time_iso")).toEqual(["INT64", "TIMESTAMP_MILLIS", "OPTIONAL"]);
    expect(byName.get("time_iso")!.logical_type).toEqual({
      type: "TIMESTAMP",
      isAdjustedToUTC: true,
      unit: "MILLIS",
    });
    expect(typeOf("time_s")).toEqual(["DOUBLE", null, "OPTIONAL"]);
    expect(typeOf("seq")).toEqual(["INT32", "UINT_32", "OPTIONAL"]);
    expect(typeOf("orbit_number")).toEqual(["INT32", null, "OPTIONAL"]);
    expect(typeOf("orbit_region")).toEqual(["BYTE_ARRAY", "UTF8", "OPTIONAL"]);
    expect(typeOf("sat_floor_violation")).toEqual(["BOOLEAN", null, "OPTIONAL"]);
    // Every column by the dictionary's type.
    const want = { num: "DOUBLE", int: "INT32", bool: "BOOLEAN", str: "BYTE_ARRAY" } as const;
    for (const e of res.dictionary) {
      if (e.name === "time_iso") continue;
      expect(byName.get(e.name)!.type, e.name).toBe(want[e.type]);
    }
  });

  it("writes row groups of the size asked for, and the dictionary beside the file", async () => {
    const { metadata } = await readParquet(pqFile);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([
      100, 100, 100, 100, 100, 100, 20,
    ]);
    expect(res.rowGroups).toBe(7);
    expect(res.dictionaryPath).toBe(join(dir, "all.columns.json"));
    const sidecar = JSON.parse(readFileSync(res.dictionaryPath!, "utf8"));
    expect(sidecar.columns).toEqual(res.dictionary);
    const kv = metadata.key_value_metadata?.find((k) => k.key === "orbitrig.columns");
    expect(JSON.parse(kv!.value!).columns).toEqual(res.dictionary);
  });

  it("honours --columns and --from/--to as the CSV export does", async () => {
    const columns = ["sat_soc_pct", "time_s", "orbit_region", "bench_panel_temp_C"];
    const window = { fromS: 20, toS: 30 };
    exportCsv(openRecording(path), join(dir, "w.csv"), { columns, window });
    const r = exportParquet(openRecording(path), join(dir, "w.parquet"), { columns, window });
    const { rows, metadata } = await readParquet(join(dir, "w.parquet"));
    const csv = readCsv(join(dir, "w.csv"));
    expect(metadata.schema.slice(1).map((e) => e.name)).toEqual(columns);
    expect(csv.rows.length).toBeGreaterThan(90);
    expect(r.rows).toBe(csv.rows.length);
    expect(differences(csv, rows)).toEqual([]);
    expect(Math.min(...rows.map((x) => x.time_s as number))).toBeGreaterThanOrEqual(20);
    expect(Math.max(...rows.map((x) => x.time_s as number))).toBeLessThanOrEqual(30);
  });

  it("writes a readable file with no rows when the window holds no frame", async () => {
    const file = join(dir, "empty.parquet");
    const r = exportParquet(openRecording(path), file, { window: { fromS: 500, toS: 600 } });
    const { rows, metadata } = await readParquet(file);
    expect([r.rows, rows.length, Number(metadata.num_rows)]).toEqual([0, 0, 0]);
    expect(metadata.schema.length).toBe(res.columns.length + 1);
  });

  it("refuses an unknown column before creating the file", () => {
    const file = join(dir, "bad.parquet");
    expect(() => exportParquet(openRecording(path), file, { columns: ["seq", "nope"] })).toThrow(
      OrbitrigError,
    );
    expect(existsSync(file)).toBe(false);
  });

  it("stops with one line and no partial file when a value does not fit its column's type", () => {
    // A hand-edited recording: the lamp's PWM (an int column, INT32) past 32 bits.
    const bad = join(dir, "bad.ndjson");
    const w = new RecordingWriter({ clock: new ManualClock() });
    w.open(bad, syntheticHeader());
    w.frame({ ...frames[0]!, lamp: 3e9 }, null);
    w.close({ endReason: "quit" });
    const file = join(dir, "bad-lamp.parquet");
    expect(() => exportParquet(openRecording(bad), file)).toThrow(
      /bad-lamp\.parquet: cannot write: the Parquet writer refused a value/,
    );
    expect(existsSync(file)).toBe(false);
  });
});

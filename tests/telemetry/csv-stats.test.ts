import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { parseDurationS } from "../../src/core/duration.js";
import { columnsMarkdown, decimalsFor } from "../../src/telemetry/columns.js";
import { exportCsv } from "../../src/telemetry/csv.js";
import { openRecording } from "../../src/telemetry/reader.js";
import { summarizeRecording } from "../../src/telemetry/summary.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { needs, SYSTEM_PYTHON } from "../support/requires.js";
import {
  type SyntheticOptions,
  syntheticFrame,
  syntheticHeader,
  syntheticNode,
} from "./synthetic.js";

function makeRecording(n: number, o: SyntheticOptions = {}) {
  const path = join(mkdtempSync(join(tmpdir(), "orbitrig-csv-")), "rec.ndjson");
  const w = new RecordingWriter({ clock: new ManualClock() });
  w.open(path, syntheticHeader(o.timeScale ?? 90));
  const frames = [];
  const nodes = [];
  for (let i = 0; i < n; i++) {
    const f = syntheticFrame(i, o);
    const node = syntheticNode(i, f, o);
    frames.push(f);
    nodes.push(node);
    w.frame(f, node);
    if (i === 100) w.event(f.hostMs, "limit", { code: "OVERTEMP", detail: "panel 61 C" });
  }
  w.close({ endReason: "quit" });
  return { path, frames, nodes };
}

/** RFC 4180 reader for the test (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

/** A number at `decimals` places, as the export writes it. */
const at = (v: number, decimals: number) => Number(v.toFixed(decimals));

/**
 * A cell that shows `v` at `decimals` places: no more places than that, and within half a
 * step (node values were rounded once already when recorded, far finer than the step).
 */
function expectAt(cell: string | undefined, v: number, decimals: number) {
  expect(cell!.split(".")[1]?.length ?? 0).toBeLessThanOrEqual(decimals);
  expect(Math.abs(Number(cell) - v)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-6);
}

describe("CSV export", () => {
  it("round-trips every frame and its node state: names with side and unit, values at their resolution", () => {
    const { path, frames, nodes } = makeRecording(3000);
    const out = join(path, "..", "out", "rec.csv");
    const res = exportCsv(openRecording(path), out);
    expect(res.rows).toBe(3000);
    const [head, ...rows] = parseCsv(readFileSync(out, "utf8"));
    for (const name of [
      "time_iso",
      "time_s",
      "bench_bus_V",
      "bench_current_mA",
      "bench_power_mW",
      "bench_panel_temp_C",
      "sat_soc_pct",
      "sat_node_temp_C",
      "sat_array_power_kW",
      "sat_compute_level_pct",
      "sat_battery_kWh",
      "sat_energy_in_kWh",
      "orbit_number",
    ]) {
      expect(head).toContain(name);
    }
    // pandas' DataFrame.flags would hide a column of that name; no unit-less power either.
    expect(head).not.toContain("flags");
    expect(head!.filter((h) => /power_W$|_J$/.test(h))).toEqual([]);
    const col = (name: string) => head!.indexOf(name);
    rows.forEach((r, i) => {
      const f = frames[i]!;
      const n = nodes[i]!;
      expect(Number(r[col("seq")])).toBe(f.seq);
      expectAt(r[col("time_s")], f.hostMs / 1000, 3);
      expect(r[col("time_iso")]).toBe(
        new Date(Date.parse("2026-01-01T00:00:00.000Z") + Math.round(f.hostMs)).toISOString(),
      );
      // INA219: bus LSB 4 mV (3 places); current LSB 0.4 A / 2^15 = 12.2 µA (2 places in
      // mA); power LSB 20 × that = 0.24 mW (1 place).
      expect(Number(r[col("bench_bus_V")])).toBe(at(f.busV, 3));
      expect(Number(r[col("bench_current_mA")])).toBe(at(f.currentMa, 2));
      expect(Number(r[col("bench_power_mW")])).toBe(at(f.powerMw, 1));
      expect(r[col("bench_panel_temp_C")]).toBe(
        f.panelTempC === null ? "" : String(at(f.panelTempC, 1)),
      );
      expect(r[col("orbit_region")]).toBe(n.region);
      expect(Number(r[col("orbit_number")])).toBe(n.orbitNumber + 1);
      expectAt(r[col("sat_soc_pct")], n.socFraction * 100, 2);
      expectAt(r[col("sat_node_temp_C")], n.nodeTempC, 2);
      expectAt(r[col("sat_array_power_kW")], n.arrayPowerW / 1000, 3);
      expectAt(r[col("sat_battery_kWh")], n.batteryWh / 1000, 3);
      expectAt(r[col("sat_energy_in_kWh")], n.energyInJ / 3.6e6, 3);
      if (n.dutyLastOrbit === null) expect(r[col("sat_duty_last_orbit_pct")]).toBe("");
      else expectAt(r[col("sat_duty_last_orbit_pct")], n.dutyLastOrbit * 100, 2);
    });
  });

  it("writes the column dictionary beside the CSV: every column with its unit, resolution and meaning", () => {
    const { path } = makeRecording(50);
    const out = join(path, "..", "d.csv");
    const res = exportCsv(openRecording(path), out);
    expect(res.dictionaryPath).toBe(join(path, "..", "d.columns.json"));
    const dict = JSON.parse(readFileSync(res.dictionaryPath!, "utf8")) as {
      format: string;
      columns: { name: string; unit: string; resolution: number; description: string }[];
    };
    expect(dict.format).toBe("orbitrig-columns");
    expect(dict.columns.map((c) => c.name)).toEqual(res.columns);
    const by = new Map(dict.columns.map((c) => [c.name, c]));
    expect(by.get("bench_bus_V")).toMatchObject({ unit: "V", resolution: 0.004 });
    expect(by.get("sat_energy_in_kWh")).toMatchObject({ unit: "kWh" });
    expect(by.get("bench_current_mA")!.resolution).toBeCloseTo(0.0122, 4);
    for (const c of dict.columns) expect(c.description.length).toBeGreaterThan(5);
  });

  it("exports a time window and chosen columns only", () => {
    const { path } = makeRecording(1000);
    const out = join(path, "..", "w.csv");
    const res = exportCsv(openRecording(path), out, {
      window: { fromS: parseDurationS("10s")!, toS: parseDurationS("0.5m")! },
      columns: ["time_s", "bench_bus_V"],
    });
    const rows = parseCsv(readFileSync(out, "utf8"));
    expect(rows[0]).toEqual(["time_s", "bench_bus_V"]);
    const times = rows.slice(1).map((r) => Number(r[0]));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...times)).toBeLessThanOrEqual(30);
    expect(res.rows).toBe(times.length);
    expect(() => exportCsv(openRecording(path), out, { columns: ["bus_mV"] })).toThrow(
      /unknown column "bus_mV"/,
    );
  });

  it("refuses --columns that names no column, or one twice (a table's names are its keys)", () => {
    const { path } = makeRecording(100);
    const out = join(path, "..", "c.csv");
    // `--columns ""` or `--columns ,`: a file of empty lines was written.
    expect(() => exportCsv(openRecording(path), out, { columns: [] })).toThrow(
      /--columns: no column named; available: time_iso,time_s,/,
    );
    expect(() =>
      exportCsv(openRecording(path), out, { columns: ["time_s", "seq", "time_s"] }),
    ).toThrow(/--columns: "time_s" is named twice/);
    expect(existsSync(out)).toBe(false);
  });

  needs("pandas").it(
    "loads in pandas (Debian python3-pandas) by the documented recipe: names, units, rounding",
    () => {
      const { path } = makeRecording(600);
      const out = join(path, "..", "p.csv");
      exportCsv(openRecording(path), out);
      // The recipe of docs/recording.md, then checks a analyst would make.
      const py = `
import json, sys, pandas as pd
df = pd.read_csv(sys.argv[1], parse_dates=["time_iso"])
cols = pd.DataFrame(json.load(open(sys.argv[2]))["columns"]).set_index("name")
assert list(df.columns) == list(cols.index), "dictionary and CSV disagree"
assert "flags" not in df.columns
assert str(df["time_iso"].dtype) == "datetime64[ns, UTC]", df["time_iso"].dtype
assert df["bench_bus_V"].dtype == "float64" and df["sat_soc_pct"].dtype == "float64"
# Every share is percent: 0..100, and more than 1 somewhere (not a fraction).
for c in [c for c in df.columns if c.endswith("_pct")]:
    v = df[c].dropna()
    assert v.between(0, 100).all(), c
assert df["sat_soc_pct"].max() > 1
# Orbit numbers count from 1; energies in kWh are small numbers, not 10^8 J.
assert df["orbit_number"].min() == 1, df["orbit_number"].min()
assert df["sat_energy_in_kWh"].abs().max() < 1e4
# No value has more decimals than its column's resolution.
for c in df.columns:
    if df[c].dtype != "float64":
        continue
    step = cols.loc[c, "resolution"]
    places = max(0, -int(__import__("math").floor(__import__("math").log10(step) + 1e-9)))
    v = df[c].dropna()
    if v.empty:
        continue
    assert ((v * 10**places).round() - v * 10**places).abs().max() < 1e-6, (c, step)
print(len(df), int(df["bench_panel_temp_C"].isna().sum()), df["orbit_region"].iloc[0], cols.loc["bench_power_mW", "unit"])
`;
      const res = execFileSync(SYSTEM_PYTHON, ["-c", py, out, join(path, "..", "p.columns.json")], {
        encoding: "utf8",
      }).trim();
      expect(res).toBe("600 1 sunlit mW");
    },
  );
});

describe("per-orbit statistics", () => {
  it("finds each orbit with its eclipse time, energies, SoC and temperature extremes", () => {
    const o = { orbitBenchS: 60, timeScale: 90, eclipseFraction: 0.35, periodMs: 100 };
    const { path, frames, nodes } = makeRecording(600 * 3 + 100, o); // three whole orbits and a bit
    const s = summarizeRecording(openRecording(path));
    // Counted from 1, as users see orbit numbers everywhere (the node counts from 0).
    expect(s.stats.orbits.map((x) => x.orbit)).toEqual([1, 2, 3, 4]);
    // The recording begins at the first orbit's start: that orbit is whole; the last is cut.
    expect(s.stats.orbits.map((x) => x.complete)).toEqual([true, true, true, false]);
    const orbitMin = (60 * 90) / 60;
    for (const x of s.stats.orbits.slice(0, 3)) {
      // 35 % of a 90-minute orbit in shadow, to one sample (0.1 s bench = 9 s orbit).
      expect(x.eclipseMin).toBeCloseTo(0.35 * orbitMin, 0);
      const inOrbit = nodes.filter((n) => n.orbitNumber + 1 === x.orbit);
      expect(x.minSocPct).toBeCloseTo(Math.min(...inOrbit.map((n) => n.socFraction * 100)), 3);
      expect(x.maxNodeTempC).toBeCloseTo(Math.max(...inOrbit.map((n) => n.nodeTempC)), 3);
      // Energy in: sunlit power (about 26 kW for 65 % of the orbit), well above eclipse-only.
      const sunlitW = inOrbit.find((n) => n.region === "sunlit")!.arrayPowerW;
      expect(x.energyInWh).toBeGreaterThan(0.6 * sunlitW * 1.5);
      expect(x.energyInWh).toBeLessThan(0.7 * sunlitW * 1.5 * 1.05);
    }
    expect(s.stats.totals.frames).toBe(frames.length);
    expect(s.events.faults).toHaveLength(1);
    expect(s.counts.footer).toBe(true);
  });

  it("a first orbit the recording (or its window) joins part-way through is partial", () => {
    const o = { orbitBenchS: 60, timeScale: 90, eclipseFraction: 0.35, periodMs: 100 };
    const { path } = makeRecording(600 * 2 + 100, o);
    const s = summarizeRecording(openRecording(path), { window: { fromS: 20, toS: Infinity } });
    expect(s.stats.orbits.map((x) => x.orbit)).toEqual([1, 2, 3]);
    expect(s.stats.orbits.map((x) => x.complete)).toEqual([false, true, false]);
  });
});

describe("column definitions", () => {
  it("docs/recording.md's column table is the one the definitions make", () => {
    const doc = readFileSync(new URL("../../docs/recording.md", import.meta.url), "utf8");
    const table = /<!-- columns:begin -->\n([\s\S]*?)\n<!-- columns:end -->/.exec(doc)?.[1];
    expect(table, "run `npx tsx scripts/columns-doc.ts`").toBe(columnsMarkdown());
  });

  it("decimal places follow the resolution", () => {
    expect([0.004, 0.0122, 0.244, 0.1, 0.01, 1, 5].map(decimalsFor)).toEqual([3, 2, 1, 1, 2, 0, 0]);
  });
});

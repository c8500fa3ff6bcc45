import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { parseDurationS } from "../../src/core/duration.js";
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

describe("CSV export", () => {
  it("round-trips every frame and its node state, units in the column names", () => {
    const { path, frames, nodes } = makeRecording(3000);
    const out = join(path, "..", "out", "rec.csv");
    const res = exportCsv(openRecording(path), out);
    expect(res.rows).toBe(3000);
    const [head, ...rows] = parseCsv(readFileSync(out, "utf8"));
    for (const name of [
      "time_iso",
      "time_s",
      "bus_V",
      "current_mA",
      "power_mW",
      "panel_temp_C",
      "soc_pct",
      "node_temp_C",
      "array_power_W",
      "compute_level",
    ]) {
      expect(head).toContain(name);
    }
    const col = (name: string) => head!.indexOf(name);
    rows.forEach((r, i) => {
      const f = frames[i]!;
      const n = nodes[i]!;
      expect(Number(r[col("seq")])).toBe(f.seq);
      expect(Number(r[col("time_s")])).toBe(f.hostMs / 1000);
      expect(r[col("time_iso")]).toBe(
        new Date(Date.parse("2026-01-01T00:00:00.000Z") + f.hostMs).toISOString(),
      );
      expect(Number(r[col("bus_V")])).toBe(f.busV);
      expect(Number(r[col("current_mA")])).toBe(f.currentMa);
      expect(Number(r[col("power_mW")])).toBe(f.powerMw);
      expect(r[col("panel_temp_C")]).toBe(f.panelTempC === null ? "" : String(f.panelTempC));
      expect(r[col("region")]).toBe(n.region);
      expect(Number(r[col("soc_pct")])).toBeCloseTo(n.socFraction * 100, 4);
      expect(Number(r[col("node_temp_C")])).toBeCloseTo(n.nodeTempC, 3);
      if (n.dutyLastOrbit === null) expect(r[col("duty_last_orbit_pct")]).toBe("");
      else expect(Number(r[col("duty_last_orbit_pct")])).toBeCloseTo(n.dutyLastOrbit * 100, 4);
    });
  });

  it("exports a time window and chosen columns only", () => {
    const { path } = makeRecording(1000);
    const out = join(path, "..", "w.csv");
    const res = exportCsv(openRecording(path), out, {
      window: { fromS: parseDurationS("10s")!, toS: parseDurationS("0.5m")! },
      columns: ["time_s", "bus_V"],
    });
    const rows = parseCsv(readFileSync(out, "utf8"));
    expect(rows[0]).toEqual(["time_s", "bus_V"]);
    const times = rows.slice(1).map((r) => Number(r[0]));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...times)).toBeLessThanOrEqual(30);
    expect(res.rows).toBe(times.length);
    expect(() => exportCsv(openRecording(path), out, { columns: ["bus_mV"] })).toThrow(
      /unknown column "bus_mV"/,
    );
  });

  needs("pandas").it(
    "opens cleanly in pandas (Debian python3-pandas) with the right dtypes",
    () => {
      const { path } = makeRecording(600);
      const out = join(path, "..", "p.csv");
      exportCsv(openRecording(path), out);
      const py = [
        "import sys, pandas as pd",
        "df = pd.read_csv(sys.argv[1], parse_dates=['time_iso'])",
        "print(len(df), df['bus_V'].dtype, df['soc_pct'].dtype, str(df['time_iso'].dtype), df['panel_temp_C'].isna().sum(), df['region'].iloc[0])",
      ].join("\n");
      const res = execFileSync(SYSTEM_PYTHON, ["-c", py, out], { encoding: "utf8" }).trim();
      expect(res).toBe("600 float64 float64 datetime64[ns, UTC] 1 sunlit");
    },
  );
});

describe("per-orbit statistics", () => {
  it("finds each orbit with its eclipse time, energies, SoC and temperature extremes", () => {
    const o = { orbitBenchS: 60, timeScale: 90, eclipseFraction: 0.35, periodMs: 100 };
    const { path, frames, nodes } = makeRecording(600 * 3 + 100, o); // three whole orbits and a bit
    const s = summarizeRecording(openRecording(path));
    expect(s.stats.orbits.map((x) => x.orbit)).toEqual([0, 1, 2, 3]);
    expect(s.stats.orbits.map((x) => x.complete)).toEqual([false, true, true, false]);
    const orbitMin = (60 * 90) / 60;
    for (const x of s.stats.orbits.slice(0, 3)) {
      // 35 % of a 90-minute orbit in shadow, to one sample (0.1 s bench = 9 s orbit).
      expect(x.eclipseMin).toBeCloseTo(0.35 * orbitMin, 0);
      const inOrbit = nodes.filter((n) => n.orbitNumber === x.orbit);
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
});

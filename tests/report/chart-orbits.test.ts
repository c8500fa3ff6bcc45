/**
 * The orbit axis of the time charts stays readable and small whatever the number of orbits:
 * every orbit's start is drawn while there are few, and past that only the labelled ones; the
 * labels are round orbit numbers and never overlap. A 10-million-frame recording has 16,667 orbits; a rule for each made a grey
 * smear and held most of the report's memory in vega's scenegraph.
 */
import { describe, expect, it } from "vitest";
import { buildCharts } from "../../src/report/charts.js";
import type { OrbitSummary } from "../../src/telemetry/stats.js";

function orbits(n: number): OrbitSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    orbit: i + 1,
    frames: 600,
    startHostMs: i * 60_000,
    benchS: 60,
    orbitS: 5400,
    eclipseMin: 35,
    benchEnergyMwh: 1,
    energyInWh: 1,
    energyOutWh: 1,
    minSocPct: 50,
    maxPanelTempC: 30,
    maxNodeTempC: 40,
    dutyPct: 60,
    meanComputePct: 60,
    workAccelS: 1,
    floorViolations: 0,
    complete: true,
  })) as OrbitSummary[];
}

/** Values of the orbit-start rule layer and of its label layer in the power chart. */
function orbitMarks(n: number): { rules: number; labels: string[]; t0: number[] } {
  const charts = buildCharts({
    buckets: [],
    orbits: orbits(n),
    limits: { floorSocPct: null, maxPanelTempC: null, maxNodeTempC: null, minNodeTempC: null },
    timeScale: 90,
    title: "t",
  });
  const found: Record<string, unknown[]> = {};
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === "object") {
      const r = o as { mark?: { type?: string; color?: string }; data?: { values?: unknown[] } };
      if (r.mark?.color === "#495057" && r.data?.values) found[r.mark.type!] = r.data.values;
      Object.values(o).forEach(walk);
    }
  };
  walk(charts.find((c) => c.name === "power")!.spec);
  const text = found.text as Array<{ label: string; t0: number }>;
  return { rules: found.rule!.length, labels: text.map((v) => v.label), t0: text.map((v) => v.t0) };
}

/**
 * Labels do not overlap: each label's width (10 px DejaVu Sans is at most 6.5 px a
 * character) fits before the next label on the 900 px axis spanning all orbits.
 */
function apart(m: { labels: string[]; t0: number[] }, n: number): boolean {
  const pxPerMin = 900 / n; // orbits(n) start a minute apart
  return m.labels.every(
    (_l, i) => i === 0 || (m.t0[i]! - m.t0[i - 1]!) * pxPerMin >= m.labels[i - 1]!.length * 6.5,
  );
}

describe("orbit axis of the time charts", () => {
  it("draws every orbit's start while there are few, and labels the round ones", () => {
    const m = orbitMarks(40);
    expect(m.rules).toBe(40);
    expect(m.labels).toEqual([
      "orbit 1",
      "orbit 5",
      "orbit 10",
      "orbit 15",
      "orbit 20",
      "orbit 25",
      "orbit 30",
      "orbit 35",
      "orbit 40",
    ]);
    expect(apart(m, 40)).toBe(true);
  });

  it("labels every orbit when they fit", () => {
    const m = orbitMarks(8);
    expect(m.labels).toHaveLength(8);
    expect(apart(m, 8)).toBe(true);
  });

  it("draws only the labelled starts of 16,667 orbits, at round numbers that do not overlap", () => {
    const m = orbitMarks(16_667);
    expect(m.rules).toBe(m.labels.length);
    expect(m.labels[0]).toBe("orbit 1");
    expect(m.labels[1]).toBe("orbit 2000");
    expect(m.labels.length).toBeGreaterThanOrEqual(6);
    expect(apart(m, 16_667)).toBe(true);
  });
});

/**
 * The orbit axis of the time charts stays readable and small whatever the number of orbits:
 * every orbit's start is drawn while there are few, and past that only the labelled ones
 * (about 24). A 10-million-frame recording has 16,667 orbits; a rule for each made a grey
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
function orbitMarks(n: number): { rules: number; labels: string[] } {
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
  const labels = (found.text as Array<{ label: string }>).map((v) => v.label);
  return { rules: found.rule!.length, labels };
}

describe("orbit axis of the time charts", () => {
  it("draws every orbit's start while there are few", () => {
    const m = orbitMarks(40);
    expect(m.rules).toBe(40);
    expect(m.labels[0]).toBe("orbit 1");
    expect(m.labels.every((l) => l !== "")).toBe(true);
  });

  it("draws only the labelled starts of 16,667 orbits", () => {
    const m = orbitMarks(16_667);
    expect(m.rules).toBe(m.labels.length);
    expect(m.labels.length).toBeLessThanOrEqual(25);
    expect(m.labels.length).toBeGreaterThanOrEqual(20);
    expect(m.labels[0]).toBe("orbit 1");
  });
});

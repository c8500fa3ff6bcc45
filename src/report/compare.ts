/**
 * Text of `orbitrig replay --headless`: the recorded run and the re-run side by side, and
 * whether the re-run reproduced the recorded node states. Pure: computes strings only.
 */
import type { RerunResult } from "../telemetry/rerun.js";
import type { RecordingStats } from "../telemetry/stats.js";

type Totals = RecordingStats["totals"];

/** The figures two runs are compared by: label, how to read it, decimals. */
export const COMPARE_ROWS: Array<
  [string, (t: Totals, s: RecordingStats) => number | null, number]
> = [
  ["orbits (started)", (t) => t.orbits, 0],
  ["eclipse, min", (t) => t.eclipseMin, 1],
  ["energy in, kWh", (t) => t.energyInWh / 1000, 2],
  ["energy out, kWh", (t) => t.energyOutWh / 1000, 2],
  ["minimum SoC, %", (t) => t.minSocPct, 2],
  ["max node temperature, °C", (t) => t.maxNodeTempC, 2],
  ["duty cycle (session), %", (t) => t.dutySessionPct, 1],
  ["mean compute level, %", (t) => t.meanComputePct, 1],
  ["work, accelerator-hours", (t) => (t.workAccelS === null ? null : t.workAccelS / 3600), 2],
  ["samples below DoD floor", (t) => t.floorViolations, 0],
  [
    "duty of the last complete orbit, %",
    (_t, s) => s.orbits.filter((o) => o.complete).at(-1)?.dutyPct ?? null,
    1,
  ],
];

export function fmt(v: number | null, d: number): string {
  return v === null || !Number.isFinite(v) ? "–" : v.toFixed(d);
}

export interface CompareLabels {
  recorded: string;
  rerun: string;
}

export function formatRerun(r: RerunResult, labels: CompareLabels): string {
  const head = ["", `recorded (${labels.recorded})`, `re-run (${labels.rerun})`, "change"];
  const rows = COMPARE_ROWS.map(([name, get, d]) => {
    const a = get(r.recorded.totals, r.recorded);
    const b = get(r.rerun.totals, r.rerun);
    const delta = a === null || b === null ? null : b - a;
    const shown = delta === null ? "–" : fmt(delta, d);
    const zero = delta !== null && Number(shown) === 0;
    return [
      name,
      fmt(a, d),
      fmt(b, d),
      zero ? "=" : delta !== null && delta > 0 ? `+${shown}` : shown,
    ];
  });
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const lines = all.map((row) =>
    row.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  "),
  );
  lines.push("");
  if (r.frames === 0)
    lines.push("node states: no frames to re-run (none in the file or in the window)");
  else if (r.compared === 0)
    lines.push("node states: the recording has none (recorded without the node model)");
  else if (r.differing === 0)
    lines.push(`node states: re-run identical to the recording in all ${r.compared} frames`);
  else {
    const worst = Object.entries(r.maxAbsDiff)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ±${Number(v.toPrecision(3))}`)
      .join(", ");
    lines.push(
      `node states: ${r.differing} of ${r.compared} frames differ from the recording (largest: ${worst})`,
    );
    if (r.firstDifference) {
      const f = r.firstDifference;
      lines.push(
        `first difference: line ${f.line}, ${f.column}: recorded ${JSON.stringify(f.recorded)}, re-run ${JSON.stringify(f.rerun)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

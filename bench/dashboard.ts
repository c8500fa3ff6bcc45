/**
 * Dashboard cost and latency while telemetry streams at 50 Hz.
 *
 *   npx tsx bench/dashboard.ts [--seconds 5] [--hz 50] [--size 100x30]
 *
 * A snapshot source publishes a new snapshot at `hz` (each with a distinct bench power, so
 * its text can be found on screen), the dashboard renders into a discarding TTY-like
 * stream of the given size. Measured side by side in one run:
 *   - CPU of the source alone (baseline), then source + dashboard: the difference over
 *     wall time is the dashboard's share of one core;
 *   - latency from a snapshot's arrival to the first write that shows its bench power.
 * The synthetic source stands in for the session so the render cost is measured alone;
 * the session's own cost (emulator, model) is not part of the dashboard's figure.
 */

import { Writable } from "node:stream";
import { startDashboard } from "../src/ui/index.js";
import type { SessionSnapshot } from "../src/ui/snapshot.js";
import { makeFrame, makeNode, makeSnapshot, PERIOD_S } from "../tests/ui/fixtures.js";
import { idleControls, silentStdin } from "./dashboard-fakes.js";
import { emit, figure, LoadRange } from "./lib/figures.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const seconds = Number(arg("seconds", "5"));
const hz = Number(arg("hz", "50"));
const [cols, rows] = arg("size", "100x30").split("x").map(Number) as [number, number];

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

class Screen extends Writable {
  isTTY = true;
  columns = cols;
  rows = rows;
  writes = 0;
  bytes = 0;
  onText: (text: string) => void = () => undefined;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void) {
    const s = chunk.toString();
    this.writes++;
    this.bytes += s.length;
    this.onText(s);
    cb();
  }
}

class Source {
  private listeners = new Set<() => void>();
  snap: SessionSnapshot = makeSnapshot();
  i = 0;
  /** Arrival time of each bench-power text, ms (performance.now). */
  arrivals = new Map<string, number>();
  // Insertion order is arrival order (values repeat only after 9000 snapshots).
  step() {
    this.i++;
    const powerMw = 100 + (this.i % 9000) / 10;
    const tS = this.i * 0.3;
    const phase = (tS % PERIOD_S) / PERIOD_S;
    const trends = this.snap.trends;
    this.snap = {
      ...this.snap,
      frame: makeFrame({ powerMw, seq: this.i, hostMs: this.i * 20 }),
      node: makeNode({
        orbitPhase: phase,
        tS,
        socFraction: 0.5 + 0.3 * Math.sin(this.i / 500),
        nodeTempC: 35 + (this.i % 100) / 10,
      }),
      nowHostMs: this.i * 20,
      link: { ...this.snap.link, lastFrameHostMs: this.i * 20, framesReceived: this.i },
      trends: { ...trends, benchPowerMw: [...trends.benchPowerMw.slice(1), powerMw] },
    };
    this.arrivals.set(`${powerMw.toFixed(1)} mW`, performance.now());
    for (const l of this.listeners) l();
  }
  getSnapshot = () => this.snap;
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}

async function run(withDashboard: boolean) {
  const source = new Source();
  const screen = new Screen();
  // Two latencies: of the value a render shows (its own arrival to the write), and of
  // every snapshot until the screen shows it or a newer one (what a person waits for).
  const latencies: number[] = [];
  const coverage: number[] = [];
  const seen = new Set<string>();
  let covered = 0;
  screen.onText = (raw) => {
    const m = /power\s+(\d+\.\d mW)/.exec(raw.replace(ANSI, ""));
    if (!m?.[1] || seen.has(m[1])) return;
    seen.add(m[1]);
    const t0 = source.arrivals.get(m[1]);
    if (t0 === undefined) return;
    const now = performance.now();
    latencies.push(now - t0);
    const times = [...source.arrivals.values()];
    for (; covered < times.length && times[covered]! <= t0; covered++)
      coverage.push(now - times[covered]!);
  };
  const h = withDashboard
    ? startDashboard({
        source,
        controls: idleControls,
        maxFps: Number(arg("fps", "15")),
        ...(process.argv.includes("--budget") ? { cpuBudget: Number(arg("budget", "")) } : {}),
        stdout: screen as unknown as NodeJS.WriteStream,
        stdin: silentStdin(),
      })
    : null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      source.step();
      if (performance.now() - t0 >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 1000 / hz);
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const renders = h?.renders() ?? 0;
  const pace = h?.pace();
  h?.unmount();
  return {
    wallMs,
    pace,
    cpuMs: (cpu.user + cpu.system) / 1000,
    snapshots: source.i,
    renders,
    writes: screen.writes,
    bytes: screen.bytes,
    latencies,
    coverage,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

// Warm up (JIT, module loading) so the first measurement is not penalised.
await run(true);
const base = await run(false);
const dash = await run(true);
const share = (r: { cpuMs: number; wallMs: number }) => (r.cpuMs / r.wallMs) * 100;
const dashShare = share(dash) - share(base);
const lines = [
  `dashboard benchmark: ${hz} Hz snapshots for ${seconds} s, ${cols}x${rows} terminal (synthetic snapshot source), NODE_ENV=${process.env.NODE_ENV ?? "(unset: React development build)"}`,
  `                      snapshots  renders  writes   KB out   CPU ms   CPU % of one core`,
  `source alone          ${String(base.snapshots).padStart(9)}  ${String(base.renders).padStart(7)}  ${String(base.writes).padStart(6)}  ${(base.bytes / 1024).toFixed(0).padStart(7)}  ${base.cpuMs.toFixed(0).padStart(7)}   ${share(base).toFixed(2)}`,
  `source + dashboard    ${String(dash.snapshots).padStart(9)}  ${String(dash.renders).padStart(7)}  ${String(dash.writes).padStart(6)}  ${(dash.bytes / 1024).toFixed(0).padStart(7)}  ${dash.cpuMs.toFixed(0).padStart(7)}   ${share(dash).toFixed(2)}`,
  `dashboard share of one core: ${dashShare.toFixed(2)} %   (target < 5 %)   renders/s ${(dash.renders / (dash.wallMs / 1000)).toFixed(1)}   CPU per render ${((dash.cpuMs - base.cpuMs) / Math.max(1, dash.renders)).toFixed(2)} ms`,
  `pace: ${dash.pace?.costMs?.toFixed(2)} ms CPU per render (dashboard's own estimate), ${dash.pace?.intervalMs.toFixed(0)} ms between renders; budget ${arg("budget", "default")}, cap ${arg("fps", "15")} fps`,
  `latency of a shown value, arrival -> write (${dash.latencies.length} renders): median ${pct(dash.latencies, 50).toFixed(1)} ms, p95 ${pct(dash.latencies, 95).toFixed(1)} ms, max ${Math.max(...dash.latencies).toFixed(1)} ms`,
  `latency of every snapshot until it or a newer one is on screen (${dash.coverage.length}): median ${pct(dash.coverage, 50).toFixed(1)} ms, p95 ${pct(dash.coverage, 95).toFixed(1)} ms, max ${Math.max(...dash.coverage).toFixed(1)} ms   (target < 200 ms)`,
];
process.stdout.write(`${lines.join("\n")}\n`);
const load = new LoadRange();
emit(
  figure({
    name: `dashboard CPU share at ${hz} Hz, ${cols}x${rows}`,
    unit: "% of one core",
    better: "lower",
    values: dashShare,
    limit: 5,
    target: "< 5 % of one core",
    load,
    note: `${seconds} s per run; synthetic snapshot source; ${dash.renders} renders`,
    bench: "bench/dashboard.ts",
  }),
);
emit(
  figure({
    name: `dashboard latency p95, snapshot to screen, ${cols}x${rows}`,
    unit: "ms",
    better: "lower",
    values: pct(dash.coverage, 95),
    limit: 200,
    target: "< 200 ms",
    load,
    note: `median ${pct(dash.coverage, 50).toFixed(1)} ms, max ${Math.max(...dash.coverage).toFixed(1)} ms over ${dash.coverage.length} snapshots`,
    bench: "bench/dashboard.ts",
  }),
);

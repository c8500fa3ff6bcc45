/**
 * What every benchmark reports: figures, each beside its peer and its target, in one shape
 * that `npm run bench` (bench/run-all.js) gathers into one table or, with --json, into one
 * JSON array (docs/performance.json is that output).
 *
 * A benchmark calls emit(figure({...})) for each figure. With BENCH_FIGURES set (the
 * runner sets it) the figure is appended to that file as one JSON line; the benchmark's
 * own lines (detail, each round) go to stdout as before.
 *
 * Benchmarks measure, they do not judge: `met` says whether the target held in this run on
 * this machine, and nothing fails on it. BENCH_TINY=1 asks for a configuration small
 * enough to run in a test (tests/bench), where only the shape of the output is checked.
 */
import { appendFileSync } from "node:fs";
import { loadavg } from "node:os";

export interface Figure {
  /** What was measured, e.g. "serial ingest, 2-channel telemetry". */
  name: string;
  /** orbitrig's figure (median of the rounds), or null when it could not be measured here. */
  value: number | null;
  unit: string;
  /** The tool a user would use instead, measured in the same run; null when there is none. */
  peer: string | null;
  peerValue: number | null;
  /** How many times better orbitrig is than the peer (>1: ahead), whichever way "better" points. */
  ratio: number | null;
  /** The bound the target puts on value (same unit); null when the target is a ratio only. */
  limit: number | null;
  /** The whole target in words ("≥ 1.5× pyserial and ≥ 300,000 frames/s"); null when none. */
  target: string | null;
  better: "higher" | "lower";
  /** The ratio the target asks for, when it asks for one. */
  ratioLimit: number | null;
  /** Did this run meet the target (limit and ratioLimit)? null when there is no target or no value. */
  met: boolean | null;
  /** Lowest and highest round; null for a single measurement. */
  spread: [number, number] | null;
  peerSpread: [number, number] | null;
  rounds: number;
  /** 1-minute load average, lowest and highest seen while measuring (2 cores here: above 2 the rounds waited for a core). */
  loadAvg: [number, number];
  /** What else a reader needs: what could not be measured and why, the CPU-time figure, ... */
  note: string | null;
  /** The benchmark file that produced it. */
  bench: string;
}

export interface FigureInput {
  name: string;
  unit: string;
  better?: "higher" | "lower";
  /** One value per round (the median is reported), or a single value. */
  values: number[] | number | null;
  peer?: string | null;
  peerValues?: number[] | number | null;
  limit?: number | null;
  ratioLimit?: number | null;
  target?: string | null;
  load: LoadRange;
  note?: string | null;
  bench: string;
}

const list = (v: number[] | number | null | undefined): number[] =>
  v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function spreadOf(xs: readonly number[]): [number, number] | null {
  return xs.length > 1 ? [Math.min(...xs), Math.max(...xs)] : null;
}

export function figure(f: FigureInput): Figure {
  const better = f.better ?? "higher";
  const vs = list(f.values).filter(Number.isFinite);
  const ps = list(f.peerValues).filter(Number.isFinite);
  const value = vs.length ? median(vs) : null;
  const peerValue = ps.length ? median(ps) : null;
  const ratio =
    value !== null && peerValue !== null && value > 0 && peerValue > 0
      ? better === "higher"
        ? value / peerValue
        : peerValue / value
      : null;
  const limit = f.limit ?? null;
  const ratioLimit = f.ratioLimit ?? null;
  let met: boolean | null = null;
  if (value !== null && (limit !== null || ratioLimit !== null)) {
    const limitOk = limit === null || (better === "higher" ? value >= limit : value <= limit);
    const ratioOk = ratioLimit === null || (ratio !== null && ratio >= ratioLimit);
    met = limitOk && ratioOk;
  }
  return {
    name: f.name,
    value,
    unit: f.unit,
    peer: f.peer ?? null,
    peerValue,
    ratio,
    limit,
    target: f.target ?? null,
    better,
    ratioLimit,
    met,
    spread: spreadOf(vs),
    peerSpread: spreadOf(ps),
    rounds: Math.max(vs.length, ps.length, 1),
    loadAvg: f.load.range(),
    note: f.note ?? null,
    bench: f.bench,
  };
}

/** Hands a figure to the runner (BENCH_FIGURES) and prints it as one line. */
export function emit(f: Figure): void {
  const file = process.env.BENCH_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify(f)}\n`);
  const peer = f.peer ? `  vs ${f.peer} ${fmt(f.peerValue)}: ${fmt(f.ratio, 2)}x` : "";
  const met = f.met === null ? "" : f.met ? "  (target met)" : "  (target NOT met)";
  console.log(`>> ${f.name}: ${fmt(f.value)} ${f.unit}${peer}${met}`);
}

/** A readable number: 3 significant digits at least, thousands separated. */
export function fmt(x: number | null | undefined, digits?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "-";
  const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  return x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
}

/** BENCH_TINY=1: the smallest configuration that still runs every path (for tests/bench). */
export const tiny = process.env.BENCH_TINY === "1";

/** The 1-minute load average over a measurement: sample() at each round. */
export class LoadRange {
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  constructor() {
    this.sample();
  }
  sample(): number {
    const l = loadavg()[0] ?? 0;
    this.lo = Math.min(this.lo, l);
    this.hi = Math.max(this.hi, l);
    return l;
  }
  range(): [number, number] {
    this.sample();
    return [round2(this.lo), round2(this.hi)];
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Waits (up to BENCH_MAX_WAIT_S, default 600 s) while the 1-minute load average is above
 * BENCH_MAX_LOAD, when that is set: the machine is shared, and a round measured while other
 * work holds the cores says more about that work. Returns the load it went on with.
 */
export async function quietEnough(load: LoadRange): Promise<number> {
  const max = Number(process.env.BENCH_MAX_LOAD ?? Number.POSITIVE_INFINITY);
  const waitS = Number(process.env.BENCH_MAX_WAIT_S ?? 600);
  const t0 = Date.now();
  while ((loadavg()[0] ?? 0) > max && Date.now() - t0 < waitS * 1000) {
    await new Promise((r) => setTimeout(r, 5000));
  }
  return load.sample();
}

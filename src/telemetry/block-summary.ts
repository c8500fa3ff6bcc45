/**
 * The summary of a recording (per-orbit statistics and, for a report, the chart series),
 * reduced block by block: each block of the file (SCAN_BLOCK_BYTES of lines, counted from the
 * first line after the header) is reduced on its own, in a worker thread when the scan has
 * them, and the blocks' results are merged in file order on the main thread. The one-thread
 * scan cuts the same blocks, so a summary does not depend on how many threads read it: only
 * the order of floating-point additions differs from one pass over all samples, and it is
 * the same whatever the thread count (tests/telemetry/block-summary.test.ts).
 *
 * This keeps the per-row work off the main thread: what crosses threads is a few orbit
 * records and chart buckets per block, not the rows (docs/performance.md).
 */
import type { RowLayout } from "./decode.js";
import type { RowSlots } from "./row-slots.js";
import { type Bucket, Downsampler, SERIES, type SeriesSlice } from "./series.js";
import { type RecordingStats, SampleFiller, StatsAccumulator, type StatsState } from "./stats.js";

/** What to reduce: the time window and, for a report, the chart series. */
export interface SummaryPlan {
  fromMs: number;
  toMs: number;
  /** Chart series: buckets per chart and the time of bucket 0; null: no series. */
  series: { buckets: number; originMs: number } | null;
}

/** One block's reduction (plain data: it crosses threads). */
export interface BlockSummaryState {
  stats: StatsState;
  frames: number;
  firstMs: number | null;
  lastMs: number | null;
  /** The block's last frame's dutySession (NaN when it has none). */
  dutySession: number;
  series: SeriesSlice | null;
}

// Series positions in Downsampler.values (constants: the row loop reads no table).
const BENCH = SERIES.indexOf("benchPowerMw");
const ARRAY = SERIES.indexOf("arrayPowerKw");
const SOC = SERIES.indexOf("socPct");
const PANEL = SERIES.indexOf("panelTempC");
const NODE_T = SERIES.indexOf("nodeTempC");
const COMPUTE = SERIES.indexOf("computeLevel");
const ECLIPSE = SERIES.indexOf("eclipse");

/** Reduces the frame rows of one block at a time (reset by take()). */
export class BlockSummary {
  private readonly stats = new StatsAccumulator();
  private readonly filler: SampleFiller;
  private readonly ds: Downsampler | null;
  // Row elements of the chart series (-1: the recording has no such column).
  private readonly arrayAt: number;
  private readonly socAt: number;
  private readonly nodeAt: number;
  private readonly computeAt: number;
  private readonly regionAt: number;
  private frames = 0;
  private firstMs: number | null = null;
  private lastMs: number | null = null;
  private dutySession = Number.NaN;

  constructor(
    private readonly layout: RowLayout,
    private readonly plan: SummaryPlan,
  ) {
    this.filler = new SampleFiller(layout);
    const p = plan.series;
    this.ds = p ? new Downsampler(p.buckets, 100, p.originMs) : null;
    const at = (name: string) => layout.node[name] ?? -1;
    this.arrayAt = at("arrayPowerW");
    this.socAt = at("socFraction");
    this.nodeAt = at("nodeTempC");
    this.computeAt = at("computeLevel");
    this.regionAt = at("region");
  }

  /** Row elements row() reads (for RowParser.only). */
  columns(): number[] {
    const extra = this.ds
      ? [this.arrayAt, this.socAt, this.nodeAt, this.computeAt, this.regionAt].filter((i) => i >= 0)
      : [];
    return [...new Set([...this.filler.columns(), ...extra])];
  }

  /** True when take() would hand over something. */
  get any(): boolean {
    return this.frames > 0;
  }

  row(p: RowSlots): void {
    const x = p.values;
    const L = this.layout;
    const t = x[L.frame.hostMs]!;
    if (t < this.plan.fromMs || t > this.plan.toMs) return;
    this.frames++;
    if (this.firstMs === null) this.firstMs = t;
    this.lastMs = t;
    const s = this.stats.sample();
    this.dutySession = this.filler.fill(s, p);
    this.stats.add(s);
    const ds = this.ds;
    if (!ds) return;
    const v = ds.values;
    v[BENCH] = x[L.frame.powerMw]!;
    v[PANEL] = x[L.frame.panelTempC]!;
    // fill() said whether the row's node state is usable (every value it needs finite).
    const node = s.hasNode;
    const a = this.arrayAt;
    const soc = this.socAt;
    const nt = this.nodeAt;
    const c = this.computeAt;
    const r = this.regionAt;
    v[ARRAY] = node && a >= 0 ? x[a]! / 1000 : Number.NaN;
    v[SOC] = node && soc >= 0 ? x[soc]! * 100 : Number.NaN;
    v[NODE_T] = node && nt >= 0 ? x[nt]! : Number.NaN;
    v[COMPUTE] = node && c >= 0 ? x[c]! : Number.NaN;
    v[ECLIPSE] = node && r >= 0 ? (p.strings[r] === "sunlit" ? 0 : 1) : Number.NaN;
    ds.add(t);
  }

  /** The block's reduction; the reducer is empty again for the next block. */
  take(): BlockSummaryState {
    const out: BlockSummaryState = {
      stats: this.stats.state(),
      frames: this.frames,
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      dutySession: this.dutySession,
      series: this.ds ? this.ds.slice() : null,
    };
    this.stats.reset();
    this.ds?.reset();
    this.frames = 0;
    this.firstMs = null;
    this.lastMs = null;
    this.dutySession = Number.NaN;
    return out;
  }
}

/** The blocks' reductions merged in file order: the recording's summary. */
export class SummaryTotal {
  private readonly stats = new StatsAccumulator();
  private readonly ds: Downsampler | null;
  frames = 0;
  firstMs: number | null = null;
  lastMs: number | null = null;
  private dutySession = Number.NaN;

  constructor(plan: SummaryPlan) {
    const p = plan.series;
    this.ds = p ? new Downsampler(p.buckets, 100, p.originMs) : null;
  }

  merge(b: BlockSummaryState): void {
    if (b.frames === 0) return;
    this.stats.merge(b.stats);
    if (b.series) this.ds?.mergeSlice(b.series);
    this.frames += b.frames;
    if (this.firstMs === null) this.firstMs = b.firstMs;
    this.lastMs = b.lastMs;
    this.dutySession = b.dutySession;
  }

  finishStats(): RecordingStats {
    this.stats.setDutySession(Number.isNaN(this.dutySession) ? null : this.dutySession);
    return this.stats.finish();
  }

  buckets(): Bucket[] | null {
    return this.ds ? this.ds.buckets() : null;
  }
}

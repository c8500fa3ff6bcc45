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
import { type RowLayout, rowHasNode } from "./decode.js";
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

const SERIES_AT = Object.fromEntries(SERIES.map((s, i) => [s, i])) as Record<
  (typeof SERIES)[number],
  number
>;

/** Reduces the frame rows of one block at a time (reset by take()). */
export class BlockSummary {
  private readonly stats = new StatsAccumulator();
  private readonly filler: SampleFiller;
  private readonly ds: Downsampler | null;
  private readonly idx: Record<string, number>;
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
    this.idx = {
      array: at("arrayPowerW"),
      soc: at("socFraction"),
      node: at("nodeTempC"),
      compute: at("computeLevel"),
      region: at("region"),
    };
  }

  /** Row elements row() reads (for RowParser.only). */
  columns(): number[] {
    const extra = this.ds ? Object.values(this.idx).filter((i) => i >= 0) : [];
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
    const idx = this.idx;
    v[SERIES_AT.benchPowerMw] = x[L.frame.powerMw]!;
    v[SERIES_AT.panelTempC] = x[L.frame.panelTempC]!;
    const hasNode = rowHasNode(p, L);
    v[SERIES_AT.arrayPowerKw] = hasNode && idx.array! >= 0 ? x[idx.array!]! / 1000 : Number.NaN;
    v[SERIES_AT.socPct] = hasNode && idx.soc! >= 0 ? x[idx.soc!]! * 100 : Number.NaN;
    v[SERIES_AT.nodeTempC] = hasNode && idx.node! >= 0 ? x[idx.node!]! : Number.NaN;
    v[SERIES_AT.computeLevel] = hasNode && idx.compute! >= 0 ? x[idx.compute!]! : Number.NaN;
    v[SERIES_AT.eclipse] =
      hasNode && idx.region! >= 0 ? (p.strings[idx.region!] === "sunlit" ? 0 : 1) : Number.NaN;
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

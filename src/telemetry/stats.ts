/**
 * Per-orbit statistics of a recording, computed streaming (one small record per orbit).
 *
 * Integration rule (documented in docs/recording.md so other tools can reproduce it): each
 * sample holds until the next one, i.e. sample i contributes value_i × (t_{i+1} − t_i) to the
 * orbit of sample i; the last sample contributes nothing. Orbit time (node tS) for satellite
 * quantities, from node state to node state (a frame without one joins the orbit in progress),
 * bench time (hostMs) for bench energy. Orbits are the node's orbitNumber.
 */
import { type RowLayout, rowHasNode } from "./decode.js";
import type { RowSlots } from "./row-slots.js";

/** One sample as the statistics need it (a reused object: fill it, then add it). */
export interface StatSample {
  hostMs: number;
  benchPowerMw: number;
  /** NaN when absent. */
  panelTempC: number;
  hasNode: boolean;
  tS: number;
  orbitNumber: number;
  /** Orbit seconds since this orbit began (NaN when the recording does not say). */
  orbitElapsedS: number;
  sunlit: boolean;
  arrayPowerW: number;
  /** Compute plus avionics draw. */
  loadPowerW: number;
  socFraction: number;
  nodeTempC: number;
  computeLevel: number;
  dutyThisOrbit: number;
  workAccelS: number;
  floorViolation: boolean;
}

export interface OrbitSummary {
  /**
   * The orbit, counted from 1 as users see it everywhere (the node's orbitNumber + 1); null
   * for a recording without node states.
   */
  orbit: number | null;
  frames: number;
  startHostMs: number;
  benchS: number;
  /** Orbit seconds covered by the samples of this orbit. */
  orbitS: number;
  eclipseMin: number;
  benchEnergyMwh: number;
  energyInWh: number;
  energyOutWh: number;
  minSocPct: number | null;
  maxPanelTempC: number | null;
  maxNodeTempC: number | null;
  /** The node's own duty figure at the orbit's last sample (time at full compute / orbit). */
  dutyPct: number | null;
  /** Mean compute level over orbit time. */
  meanComputePct: number | null;
  /** Accelerator-seconds delivered during this orbit. */
  workAccelS: number | null;
  floorViolations: number;
  /** True when the recording covers the orbit from start to end. */
  complete: boolean;
}

export interface RecordingStats {
  orbits: OrbitSummary[];
  totals: Omit<OrbitSummary, "orbit" | "complete" | "dutyPct"> & {
    orbits: number;
    dutySessionPct: number | null;
  };
}

/**
 * An orbit being accumulated: its summary and what later samples, or a merge with the next
 * block's accumulator, still need. finish() hands out the summary fields only.
 */
interface OrbitAcc extends OrbitSummary {
  /** Σ computeLevel × dt over the orbit (meanComputePct's numerator). */
  computeLevelS: number;
  /** workAccelS when the orbit began (of the sample before it, when that had a node state). */
  workAtStart: number;
  /** workAccelS of the orbit's last sample with a node state; null: none yet. */
  lastWork: number | null;
  /** An interval between two node samples was integrated (meanComputePct is defined). */
  nodeIntegrated: boolean;
}

/**
 * An accumulator's state, plain data (it crosses threads): one block's part of a recording,
 * or the recording so far. See StatsAccumulator.merge.
 */
export interface StatsState {
  done: OrbitAcc[];
  cur: OrbitAcc | null;
  /** Copies of the first and the last sample added. */
  first: StatSample | null;
  last: StatSample | null;
  /** Copies of the first and the last sample added that had a node state. */
  firstNode: StatSample | null;
  lastNode: StatSample | null;
  /** The first orbit's orbitElapsedS at its first sample, until its second sample decides. */
  firstStartElapsedS: number | null;
}

function newOrbit(orbit: number | null, s: StatSample): OrbitAcc {
  return {
    orbit,
    frames: 0,
    startHostMs: s.hostMs,
    benchS: 0,
    orbitS: 0,
    eclipseMin: 0,
    benchEnergyMwh: 0,
    energyInWh: 0,
    energyOutWh: 0,
    minSocPct: null,
    maxPanelTempC: null,
    maxNodeTempC: null,
    dutyPct: null,
    meanComputePct: null,
    workAccelS: null,
    floorViolations: 0,
    complete: false,
    computeLevelS: 0,
    workAtStart: 0,
    lastWork: null,
    nodeIntegrated: false,
  };
}

/**
 * Per-orbit statistics, one sample at a time, in recording order. Accumulators of
 * consecutive parts of a recording (blocks read by worker threads) combine with merge(),
 * in order: counts, minima, maxima, last values and the completeness of each orbit come out
 * exactly as from one accumulator over the whole; the sums (time, energy) differ only by the
 * order of floating-point additions (tests/telemetry/block-summary.test.ts).
 */
export class StatsAccumulator {
  private done: OrbitAcc[] = [];
  private cur: OrbitAcc | null = null;
  private prev: StatSample | null = null;
  private first: StatSample | null = null;
  private spare: StatSample = emptySample();
  private dutySession: number | null = null;
  private firstStartElapsedS: number | null = null;
  /** A copy of the last sample with a node state, once a sample without one follows it. */
  private held: StatSample | null = null;
  /** A copy of the first sample with a node state. */
  private firstNode: StatSample | null = null;

  /** A fresh sample object to fill and pass to add() (recycled between calls). */
  sample(): StatSample {
    return this.spare;
  }

  add(s: StatSample): void {
    const p = this.prev;
    if (p) integrateBench(this.cur!, p, s);
    else this.first = { ...s };
    // The last sample with a node state before s: satellite quantities are integrated from
    // node state to node state, over any frames without one between them.
    const np = p?.hasNode ? p : this.held;
    if (p?.hasNode && !s.hasNode) this.held = { ...p };
    if (s.hasNode) {
      if (np) integrateNode(this.cur!, np, s);
      else this.firstNode = { ...s };
    }
    // A frame without a node state belongs to the orbit in progress (before the first node
    // state, to a part of the recording without orbits).
    const orbit = s.hasNode ? s.orbitNumber + 1 : (this.cur?.orbit ?? null);
    if (!this.cur || this.cur.orbit !== orbit) this.startOrbit(orbit, s, p, np);
    else if (np && s.hasNode && this.firstStartElapsedS !== null) {
      // The recording's first orbit is whole when it began no later than one step into
      // the orbit: its first sample then stands for the orbit's start.
      this.cur.complete = this.firstStartElapsedS <= s.tS - np.tS + 1e-6;
      this.firstStartElapsedS = null;
    }
    const o = this.cur!;
    o.frames++;
    if (!Number.isNaN(s.panelTempC)) o.maxPanelTempC = max(o.maxPanelTempC, s.panelTempC);
    if (s.hasNode) {
      o.minSocPct = min(o.minSocPct, s.socFraction * 100);
      o.maxNodeTempC = max(o.maxNodeTempC, s.nodeTempC);
      o.dutyPct = s.dutyThisOrbit * 100;
      o.lastWork = s.workAccelS;
      o.workAccelS = s.workAccelS - o.workAtStart;
      if (s.floorViolation) o.floorViolations++;
    }
    // Swap: keep this sample as prev, hand out the old prev object for the next fill.
    this.spare = p ?? emptySample();
    this.prev = s;
  }

  private startOrbit(
    orbit: number | null,
    s: StatSample,
    p: StatSample | null,
    np: StatSample | null,
  ): void {
    if (this.cur) this.done.push(this.cur);
    const o = newOrbit(orbit, s);
    // An orbit is complete when the recording covers its start (it began after another
    // orbit in this recording, or the recording began at its start: decided at its second
    // sample) and its end (fixed up in finish()).
    o.complete = p !== null;
    o.workAtStart = np ? np.workAccelS : s.workAccelS;
    this.cur = o;
    this.firstStartElapsedS =
      !p && s.hasNode && Number.isFinite(s.orbitElapsedS) ? s.orbitElapsedS : null;
  }

  /** The last sample added that had a node state (null: none yet). */
  private lastNode(): StatSample | null {
    return this.prev?.hasNode ? this.prev : this.held;
  }

  /** This accumulator's state, for merge() into the accumulator of what came before. */
  state(): StatsState {
    const ln = this.lastNode();
    return {
      done: this.done,
      cur: this.cur,
      first: this.first,
      last: this.prev && { ...this.prev },
      firstNode: this.firstNode,
      lastNode: ln && { ...ln },
      firstStartElapsedS: this.firstStartElapsedS,
    };
  }

  /** Empty again (a worker's accumulator, block after block). */
  reset(): void {
    this.done = [];
    this.cur = null;
    this.prev = null;
    this.first = null;
    this.held = null;
    this.firstNode = null;
    this.firstStartElapsedS = null;
  }

  /**
   * Adds the state of an accumulator that took the samples right after this one's: the
   * interval from this one's last sample to its first is integrated here (and, for the
   * satellite quantities, from this one's last node state to its first), and its first
   * orbit continues this one's last orbit when they are the same orbit. Its samples before
   * its first node state join this one's last orbit, as add() would have joined them.
   */
  merge(b: StatsState): void {
    if (!b.first || !b.cur) return;
    const P = this.prev;
    if (!P) {
      this.done = b.done;
      this.cur = b.cur;
      this.first = b.first;
      this.prev = b.last;
      this.held = b.last?.hasNode ? null : b.lastNode;
      this.firstNode = b.firstNode;
      this.spare = emptySample();
      this.firstStartElapsedS = b.firstStartElapsedS;
      return;
    }
    const S0 = b.first;
    const parts = [...b.done, b.cur];
    const C = this.cur!;
    const Pn = this.lastNode();
    const N0 = b.firstNode;
    integrateBench(C, P, S0);
    if (Pn && N0) integrateNode(C, Pn, N0);
    let i = 0;
    if (parts[0]!.orbit === null && C.orbit !== null) absorb(C, parts[i++]!);
    const o0 = parts[i];
    if (o0 && o0.orbit === C.orbit) {
      if (this.firstStartElapsedS !== null && Pn && N0) {
        C.complete = this.firstStartElapsedS <= N0.tS - Pn.tS + 1e-6;
        this.firstStartElapsedS = null;
      }
      absorb(C, o0);
      i++;
    } else if (o0) {
      this.done.push(C);
      o0.complete = true;
      if (Pn) o0.workAtStart = Pn.workAccelS;
      if (o0.lastWork !== null) o0.workAccelS = o0.lastWork - o0.workAtStart;
      this.cur = o0;
      this.firstStartElapsedS = null;
      i++;
    }
    for (; i < parts.length; i++) {
      this.done.push(this.cur!);
      this.cur = parts[i]!;
    }
    // The merged state's last sample is this accumulator's previous sample from now on;
    // it must not be the object add() hands out for filling.
    if (!this.firstNode) this.firstNode = N0;
    this.held = b.last?.hasNode ? null : (b.lastNode ?? (Pn && { ...Pn }));
    this.prev = b.last;
    this.spare = emptySample();
  }

  /** Records the node's dutySession figure (read from the last sample by the scanner). */
  setDutySession(v: number | null): void {
    this.dutySession = v;
  }

  finish(): RecordingStats {
    const orbits: OrbitSummary[] = this.done.map(summaryOf);
    if (this.cur) orbits.push({ ...summaryOf(this.cur), complete: false });
    const t = {
      orbits: orbits.length,
      frames: 0,
      startHostMs: orbits[0]?.startHostMs ?? 0,
      benchS: 0,
      orbitS: 0,
      eclipseMin: 0,
      benchEnergyMwh: 0,
      energyInWh: 0,
      energyOutWh: 0,
      minSocPct: null as number | null,
      maxPanelTempC: null as number | null,
      maxNodeTempC: null as number | null,
      meanComputePct: null as number | null,
      workAccelS: null as number | null,
      floorViolations: 0,
      dutySessionPct: this.dutySession === null ? null : this.dutySession * 100,
    };
    let computeWeighted = 0;
    for (const o of orbits) {
      addOrbit(t, o);
      if (o.meanComputePct !== null) computeWeighted += o.meanComputePct * o.orbitS;
      if (o.workAccelS !== null) t.workAccelS = (t.workAccelS ?? 0) + o.workAccelS;
    }
    if (t.orbitS > 0) t.meanComputePct = computeWeighted / t.orbitS;
    return { orbits, totals: t };
  }
}

/** The bench interval from sample p to the next sample s, into p's orbit o. */
function integrateBench(o: OrbitAcc, p: StatSample, s: StatSample): void {
  const dtBenchS = (s.hostMs - p.hostMs) / 1000;
  o.benchS += dtBenchS;
  o.benchEnergyMwh += (p.benchPowerMw * dtBenchS) / 3600;
}

/** The orbit interval from node state p to the next node state s, into the orbit o in progress. */
function integrateNode(o: OrbitAcc, p: StatSample, s: StatSample): void {
  const dtS = s.tS - p.tS;
  o.orbitS += dtS;
  if (!p.sunlit) o.eclipseMin += dtS / 60;
  o.energyInWh += (p.arrayPowerW * dtS) / 3600;
  o.energyOutWh += (p.loadPowerW * dtS) / 3600;
  o.computeLevelS += p.computeLevel * dtS;
  o.nodeIntegrated = true;
  o.meanComputePct = o.orbitS > 0 ? (100 * o.computeLevelS) / o.orbitS : null;
}

/** What an orbit adds to a total of orbits, or a later part of an orbit to the orbit. */
type Additive = Pick<
  OrbitSummary,
  | "frames"
  | "benchS"
  | "orbitS"
  | "eclipseMin"
  | "benchEnergyMwh"
  | "energyInWh"
  | "energyOutWh"
  | "floorViolations"
  | "minSocPct"
  | "maxPanelTempC"
  | "maxNodeTempC"
>;

/** Adds o's counts and sums to c and takes the extremes of both. */
function addOrbit(c: Additive, o: Additive): void {
  c.frames += o.frames;
  c.benchS += o.benchS;
  c.orbitS += o.orbitS;
  c.eclipseMin += o.eclipseMin;
  c.benchEnergyMwh += o.benchEnergyMwh;
  c.energyInWh += o.energyInWh;
  c.energyOutWh += o.energyOutWh;
  c.floorViolations += o.floorViolations;
  if (o.minSocPct !== null) c.minSocPct = min(c.minSocPct, o.minSocPct);
  if (o.maxPanelTempC !== null) c.maxPanelTempC = max(c.maxPanelTempC, o.maxPanelTempC);
  if (o.maxNodeTempC !== null) c.maxNodeTempC = max(c.maxNodeTempC, o.maxNodeTempC);
}

/** Orbit o's samples from a later accumulator, o continuing c. */
function absorb(c: OrbitAcc, o: OrbitAcc): void {
  addOrbit(c, o);
  c.computeLevelS += o.computeLevelS;
  if (o.nodeIntegrated) {
    c.nodeIntegrated = true;
    c.meanComputePct = c.orbitS > 0 ? (100 * c.computeLevelS) / c.orbitS : null;
  }
  if (o.lastWork !== null) {
    c.dutyPct = o.dutyPct;
    c.lastWork = o.lastWork;
    c.workAccelS = o.lastWork - c.workAtStart;
  }
}

function summaryOf(o: OrbitAcc): OrbitSummary {
  const { computeLevelS: _c, workAtStart: _w, lastWork: _l, nodeIntegrated: _n, ...summary } = o;
  return summary;
}

function emptySample(): StatSample {
  return {
    hostMs: 0,
    benchPowerMw: 0,
    panelTempC: Number.NaN,
    hasNode: false,
    tS: 0,
    orbitNumber: 0,
    orbitElapsedS: Number.NaN,
    sunlit: true,
    arrayPowerW: 0,
    loadPowerW: 0,
    socFraction: 0,
    nodeTempC: 0,
    computeLevel: 0,
    dutyThisOrbit: 0,
    workAccelS: 0,
    floorViolation: false,
  };
}

function min(a: number | null, b: number): number {
  return a === null || b < a ? b : a;
}
function max(a: number | null, b: number): number {
  return a === null || b > a ? b : a;
}

/** Fills samples from parsed row slots (the fast path), column indices looked up once. */
export class SampleFiller {
  private readonly idx: Record<string, number>;
  constructor(private readonly L: RowLayout) {
    const n = L.node;
    const at = (name: string) => n[name] ?? -1;
    this.idx = {
      tS: at("tS"),
      orbitNumber: at("orbitNumber"),
      orbitElapsedS: at("orbitElapsedS"),
      region: at("region"),
      arrayPowerW: at("arrayPowerW"),
      computePowerW: at("computePowerW"),
      avionicsPowerW: at("avionicsPowerW"),
      socFraction: at("socFraction"),
      nodeTempC: at("nodeTempC"),
      computeLevel: at("computeLevel"),
      dutyThisOrbit: at("dutyThisOrbit"),
      dutySession: at("dutySession"),
      workAccelS: at("workAccelS"),
      floorViolation: at("floorViolation"),
    };
  }

  /** Row elements fill() reads (for RowParser.only). */
  columns(): number[] {
    const F = this.L.frame;
    return [F.hostMs, F.powerMw, F.panelTempC, ...Object.values(this.idx).filter((i) => i >= 0)];
  }

  /** Fills s from the parser's current row; returns the row's dutySession (NaN if none). */
  fill(s: StatSample, p: RowSlots): number {
    const v = p.values;
    const L = this.L;
    s.hostMs = v[L.frame.hostMs]!;
    s.benchPowerMw = v[L.frame.powerMw]!;
    s.panelTempC = v[L.frame.panelTempC]!;
    s.hasNode = rowHasNode(p, L);
    if (!s.hasNode) return Number.NaN;
    const x = this.idx;
    s.tS = get(v, x.tS);
    s.orbitNumber = get(v, x.orbitNumber);
    s.orbitElapsedS =
      x.orbitElapsedS === undefined || x.orbitElapsedS < 0 ? Number.NaN : v[x.orbitElapsedS]!;
    s.sunlit = x.region === undefined || x.region < 0 ? true : p.strings[x.region] === "sunlit";
    s.arrayPowerW = get(v, x.arrayPowerW);
    s.loadPowerW = get(v, x.computePowerW) + get(v, x.avionicsPowerW);
    s.socFraction = get(v, x.socFraction);
    s.nodeTempC = get(v, x.nodeTempC);
    s.computeLevel = get(v, x.computeLevel);
    s.dutyThisOrbit = get(v, x.dutyThisOrbit);
    s.workAccelS = get(v, x.workAccelS);
    s.floorViolation = get(v, x.floorViolation) === 1;
    // A node state missing a value the statistics use (null, or a value no reader takes:
    // decode.ts nodeValuesAsRead) is not used: the frame counts as one without node state.
    if (
      !(s.orbitNumber >= 0 && Number.isInteger(s.orbitNumber)) ||
      !(
        Number.isFinite(s.tS) &&
        Number.isFinite(s.arrayPowerW) &&
        Number.isFinite(s.loadPowerW) &&
        Number.isFinite(s.socFraction) &&
        Number.isFinite(s.nodeTempC) &&
        Number.isFinite(s.computeLevel) &&
        Number.isFinite(s.dutyThisOrbit) &&
        Number.isFinite(s.workAccelS)
      )
    ) {
      s.hasNode = false;
      return Number.NaN;
    }
    return x.dutySession === undefined || x.dutySession < 0 ? Number.NaN : v[x.dutySession]!;
  }
}

/** A column's value, 0 when the recording does not have that column (index -1). */
function get(v: Float64Array, i: number | undefined): number {
  return i === undefined || i < 0 ? 0 : v[i]!;
}

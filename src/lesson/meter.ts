/**
 * What a lesson's `run` step collects: one accumulator per run, fed a sample per model step
 * (in --sim) or per frame (on a rig). "Dark" is the array below half its full-sun output: on
 * a rig that is the measured cell current against the full-sun current, in the model the
 * array power against the full-sun power. Half is where a lamp's rise and fall take equally
 * long, so a slow lamp shifts the edges but not the length.
 */
import type { NodeState } from "../node/state.js";
import type { OrbitGeometry } from "../orbit/geometry.js";

export const DARK_BELOW_FRACTION = 0.5;

export interface Sample {
  /** Orbit time at the start of the step and its length, s. */
  tS: number;
  dtS: number;
  state: NodeState;
  /**
   * Array output as a fraction of full sun (the cell current on a rig); null: not known (a
   * frame after a gap in the stream, whose time the rig did not see).
   */
  arrayFraction: number | null;
  /** The geometry of the orbit this step is in (for the prediction). */
  geometry: OrbitGeometry;
}

export interface RunStats {
  startS: number;
  timeS: number;
  periodS: number;
  darkS: number;
  /** Steps whose array fraction was known. */
  seenS: number;
  fullS: number;
  levelS: number;
  minSoc: number;
  maxTempC: number;
  /** Energy from the array, to the load, and not served, J. */
  inJ: number;
  loadJ: number;
  unservedJ: number;
  /** Largest fall of the battery's stored energy from a peak, Wh. */
  maxDropWh: number;
  /** Predicted dark time: the seen steps whose orbit phase the geometry puts in the dark, s. */
  predictedDarkS: number;
  /** Longest predicted dark stretch of any orbit seen, s. */
  longestDarkS: number;
  /** Mean illumination the geometry predicts over the run. */
  predictedMeanIllum: number;
  /** Compute level the policy ran at on average while dark. */
  darkLevelS: number;
}

/** Seconds of one orbit (or ground day) whose illumination is below the dark threshold. */
export function darkSecondsOf(g: OrbitGeometry): number {
  const f = (ph: number) => g.illuminationAtPhase(ph) < DARK_BELOW_FRACTION;
  if (!f(0.5)) return 0;
  if (f(0)) return g.periodS;
  // The shadow is centred on phase 0.5 and illumination falls monotonically towards it.
  let lo = 0;
  let hi = 0.5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid)) hi = mid;
    else lo = mid;
  }
  return (1 - 2 * hi) * g.periodS;
}

/** Mean illumination of one orbit's pattern (midpoint rule, fine enough for a forecast). */
function meanIllumOf(g: OrbitGeometry): number {
  const n = 2000;
  let s = 0;
  for (let i = 0; i < n; i++) s += g.illuminationAtPhase((i + 0.5) / n);
  return s / n;
}

export class Meter {
  private readonly s: RunStats;
  private peakWh: number | null = null;
  private readonly cache = new Map<OrbitGeometry, { darkS: number; meanIllum: number }>();
  private illumS = 0;

  constructor(startS: number, periodS: number) {
    this.s = {
      startS,
      timeS: 0,
      periodS,
      darkS: 0,
      seenS: 0,
      fullS: 0,
      levelS: 0,
      minSoc: Number.POSITIVE_INFINITY,
      maxTempC: Number.NEGATIVE_INFINITY,
      inJ: 0,
      loadJ: 0,
      unservedJ: 0,
      maxDropWh: 0,
      predictedDarkS: 0,
      longestDarkS: 0,
      predictedMeanIllum: 0,
      darkLevelS: 0,
    };
  }

  add(x: Sample): void {
    const s = this.s;
    const st = x.state;
    const dt = x.dtS;
    s.timeS += dt;
    if (x.arrayFraction !== null) {
      s.seenS += dt;
      if (x.arrayFraction < DARK_BELOW_FRACTION) {
        s.darkS += dt;
        s.darkLevelS += st.computeLevel * dt;
      }
    }
    if (st.computeLevel >= 1 - 1e-9) s.fullS += dt;
    s.levelS += st.computeLevel * dt;
    s.minSoc = Math.min(s.minSoc, st.socFraction);
    s.maxTempC = Math.max(s.maxTempC, st.nodeTempC);
    s.inJ += st.arrayPowerW * dt;
    s.loadJ += (st.computePowerW + st.avionicsPowerW) * dt;
    s.unservedJ += st.unservedPowerW * dt;
    this.peakWh = Math.max(this.peakWh ?? st.batteryWh, st.batteryWh);
    s.maxDropWh = Math.max(s.maxDropWh, this.peakWh - st.batteryWh);
    let g = this.cache.get(x.geometry);
    if (!g) {
      g = { darkS: darkSecondsOf(x.geometry), meanIllum: meanIllumOf(x.geometry) };
      this.cache.set(x.geometry, g);
    }
    // Dark by the geometry where this step is in its orbit: the band of half-width
    // darkS / 2 around mid-eclipse (phase 0.5), so a run that is not a whole number of
    // orbits is predicted over the same phases it measured.
    // Only over the steps that were seen, so frames lost on a rig leave both sides alike.
    if (
      x.arrayFraction !== null &&
      Math.abs(st.orbitPhase - 0.5) < g.darkS / x.geometry.periodS / 2
    )
      s.predictedDarkS += dt;
    s.longestDarkS = Math.max(s.longestDarkS, g.darkS);
    this.illumS += g.meanIllum * dt;
    s.predictedMeanIllum = this.illumS / s.timeS;
    s.periodS = x.geometry.periodS;
  }

  get stats(): RunStats {
    return { ...this.s };
  }
}

/**
 * EclipseSchedule: what the session asks of the orbit, fast, at any orbit time tS (seconds
 * since session start). Immutable: "force eclipse now" returns a new schedule whose time
 * offset puts tS at the next eclipse entry, so orbit time itself never jumps.
 *
 * Orbit counting: absolute phase = startPhase + (tS + offsetS) / periodS; the orbit number
 * is its integer part (orbits change at orbit noon), the phase its fraction.
 */

import type { OrbitGeometry } from "./geometry.js";
import { groundGeometry } from "./ground.js";
import { betaAtS, type ResolvedOrbit } from "./presets.js";
import { orbitShadowGeometry } from "./shadow.js";
import type { OrbitSegment, SunRegion } from "./types.js";

export interface OrbitPosition {
  orbitNumber: number;
  phase: number;
}

export interface Transition {
  kind: "eclipse-entry" | "eclipse-exit";
  inS: number;
}

export interface EclipseWindow {
  /** Seconds from tS to the loss of full sun (0 when already in shadow). */
  entryInS: number;
  /** Seconds from tS to the return of full sun. */
  exitInS: number;
}

/** How many orbits ahead to look for the next eclipse (GEO outside its seasons has none for months). */
const LOOKAHEAD_ORBITS = 3;

export class EclipseSchedule {
  readonly periodS: number;
  private readonly fixed: OrbitGeometry | null;
  private cacheK = Number.NaN;
  private cacheG: OrbitGeometry | null = null;
  private cacheK2 = Number.NaN;
  private cacheG2: OrbitGeometry | null = null;

  constructor(
    readonly orbit: ResolvedOrbit,
    /** Orbit seconds added to tS before the geometry is consulted (set by forceEclipse). */
    readonly offsetS = 0,
  ) {
    this.periodS = orbit.periodS;
    this.fixed = orbit.fixedBetaDeg !== null ? this.build(0) : null;
  }

  get timeScale(): number {
    return this.orbit.timeScale;
  }

  private build(k: number): OrbitGeometry {
    // Beta (or declination) at the middle of orbit k, where its eclipse is.
    const midS = (k + 0.5 - this.orbit.startPhase) * this.periodS;
    const beta = betaAtS(this.orbit, Math.max(0, midS));
    return this.orbit.kind === "ground"
      ? groundGeometry(this.orbit.latitudeDeg, beta)
      : orbitShadowGeometry(this.orbit.altitudeKm, beta, this.orbit.shadow);
  }

  /** Geometry of orbit number k (cached: the current and the next orbit are asked most). */
  geometryOfOrbit(k: number): OrbitGeometry {
    if (this.fixed) return this.fixed;
    if (k === this.cacheK) return this.cacheG!;
    if (k === this.cacheK2) return this.cacheG2!;
    const g = this.build(k);
    this.cacheK2 = this.cacheK;
    this.cacheG2 = this.cacheG;
    this.cacheK = k;
    this.cacheG = g;
    return g;
  }

  absolutePhase(tS: number): number {
    return this.orbit.startPhase + (tS + this.offsetS) / this.periodS;
  }

  orbitNumber(tS: number): number {
    return Math.floor(this.absolutePhase(tS));
  }

  position(tS: number): OrbitPosition {
    const a = this.absolutePhase(tS);
    const k = Math.floor(a);
    return { orbitNumber: k, phase: a - k };
  }

  geometryAt(tS: number): OrbitGeometry {
    return this.geometryOfOrbit(this.orbitNumber(tS));
  }

  /** Fraction of full sunlight, 0..1 (see OrbitGeometry.illuminationAtPhase). */
  illumination(tS: number): number {
    const a = this.absolutePhase(tS);
    const k = Math.floor(a);
    return this.geometryOfOrbit(k).illuminationAtPhase(a - k);
  }

  region(tS: number): SunRegion {
    const { orbitNumber, phase } = this.position(tS);
    const g = this.geometryOfOrbit(orbitNumber);
    if (phase < g.penumbraEntryPhase || phase >= g.penumbraExitPhase) return "sunlit";
    if (phase >= g.umbraEntryPhase && phase < g.umbraExitPhase) return "umbra";
    return "penumbra";
  }

  /** Regions of the current orbit, phase 0..1. */
  segments(tS: number): OrbitSegment[] {
    return this.geometryAt(tS).segments;
  }

  /** The next eclipse (or the current one), or null when none comes within a few orbits. */
  nextEclipse(tS: number): EclipseWindow | null {
    const { orbitNumber: k0, phase } = this.position(tS);
    for (let j = 0; j <= LOOKAHEAD_ORBITS; j++) {
      const g = this.geometryOfOrbit(k0 + j);
      if (g.shadowS <= 0) continue;
      const entry = (j + g.penumbraEntryPhase - phase) * this.periodS;
      const exit = (j + g.penumbraExitPhase - phase) * this.periodS;
      if (exit <= 0) continue;
      return { entryInS: Math.max(0, entry), exitInS: exit };
    }
    return null;
  }

  /** Next sunlit <-> shadow change, or null when none comes within a few orbits. */
  nextTransition(tS: number): Transition | null {
    const w = this.nextEclipse(tS);
    if (!w) return null;
    return w.entryInS > 0
      ? { kind: "eclipse-entry", inS: w.entryInS }
      : { kind: "eclipse-exit", inS: w.exitInS };
  }

  /** The same orbit with extra time offset. */
  withOffset(extraS: number): EclipseSchedule {
    return new EclipseSchedule(this.orbit, this.offsetS + extraS);
  }

  /**
   * "Force eclipse now": a schedule in which tS is an eclipse entry, or this same schedule
   * when no eclipse comes within a few orbits (high beta) or one is under way. The eclipse
   * forced is the current orbit's: before it, the schedule jumps ahead to it; after it, the
   * schedule steps back to it, so the orbit is lengthened by a second eclipse rather than
   * cut short (a cut-short orbit would count as complete, its truncated duty as "last
   * orbit"). Only when this orbit has no eclipse of its own is the next one brought forward.
   */
  forceEclipse(tS: number): EclipseSchedule {
    const { orbitNumber, phase } = this.position(tS);
    const g = this.geometryOfOrbit(orbitNumber);
    if (g.shadowS > 0) {
      if (phase >= g.penumbraEntryPhase && phase < g.penumbraExitPhase) return this;
      return this.withOffset((g.penumbraEntryPhase - phase) * this.periodS);
    }
    const w = this.nextEclipse(tS);
    if (!w || w.entryInS <= 0) return this;
    return this.withOffset(w.entryInS);
  }

  /** What SessionSnapshot.orbit wants. */
  snapshot(tS: number): { periodS: number; segments: OrbitSegment[]; next: Transition | null } {
    return { periodS: this.periodS, segments: this.segments(tS), next: this.nextTransition(tS) };
  }
}

/** Bench seconds to orbit seconds. */
export function benchToOrbitS(benchS: number, timeScale: number): number {
  return benchS * timeScale;
}

/** Orbit seconds to bench seconds. */
export function orbitToBenchS(orbitS: number, timeScale: number): number {
  return orbitS / timeScale;
}

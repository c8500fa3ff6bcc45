/**
 * A lesson in the model alone (`lesson run --sim`): the rig's satellite model
 * (SatelliteNodeModel, the class every session uses) stepped at full speed with no board,
 * the array modelled. Keeps a thinned series of the run for the report's charts.
 */
import { loadRig, parseRig } from "../config/load.js";
import type { PolicyName } from "../config/schema/scheduler.js";
import type { FaultSpec } from "../emulator/index.js";
import { SatelliteNodeModel } from "../rig/satellite.js";
import { applyOverrides } from "../telemetry/rerun.js";
import type { Meter } from "./meter.js";
import type { LessonTarget } from "./runner.js";

export interface SeriesPoint {
  tS: number;
  socPct: number;
  tempC: number;
  computePct: number;
  arrayKw: number;
}

export interface SimTargetOptions {
  /** The rig the model is built from (a shipped rig's name or a path). */
  rig: string;
  policy?: PolicyName;
  /** The lesson's `start:` parameters, applied to the rig before the model is built. */
  start?: Readonly<Record<string, unknown>>;
  /** Model step, orbit s. Default 5. */
  dtS?: number;
  /** Orbit seconds between points kept for the charts. Default 60. */
  seriesEveryS?: number;
}

/** A rig config with a lesson's `start:` parameters applied (JSON values are YAML). */
export function withStart(config: unknown, start: Readonly<Record<string, unknown>> = {}) {
  return applyOverrides(
    config,
    Object.entries(start).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
  );
}

export class SimTarget implements LessonTarget {
  readonly mode = "sim" as const;
  readonly model: SatelliteNodeModel;
  readonly series: SeriesPoint[] = [];
  private t = 0;
  private nextPointS = 0;
  private readonly dtS: number;
  private readonly everyS: number;

  constructor(opts: SimTargetOptions) {
    const loaded = loadRig(opts.rig);
    const c = loaded.config;
    const config = parseRig(
      withStart(
        { ...c, node: { ...c.node, array: { ...c.node.array, source: "model" } } },
        opts.start,
      ),
      `${loaded.path}${opts.start && Object.keys(opts.start).length > 0 ? " + the lesson's start:" : ""}`,
    );
    this.model = SatelliteNodeModel.fromRig(config, {
      where: loaded.path,
      ...(opts.policy ? { policy: opts.policy } : {}),
    });
    this.dtS = opts.dtS ?? 5;
    this.everyS = opts.seriesEveryS ?? 60;
  }

  nowS(): number {
    return this.t;
  }

  async advanceTo(endS: number, meter: Meter): Promise<void> {
    const m = this.model;
    while (this.t < endS - 1e-9) {
      const dt = Math.min(this.dtS, endS - this.t);
      const t = this.t;
      const s = m.step(t, dt, null);
      const p = m.params;
      const full = p.arrayFullSunW * Math.exp(p.arrayDecayPerS * t);
      meter.add({
        tS: t,
        dtS: dt,
        state: s,
        arrayFraction: s.arrayPowerW / full,
        geometry: m.geometryAt(t),
      });
      if (t >= this.nextPointS) {
        this.series.push({
          tS: t,
          socPct: 100 * s.socFraction,
          tempC: s.nodeTempC,
          computePct: 100 * s.computeLevel,
          arrayKw: s.arrayPowerW / 1000,
        });
        this.nextPointS = t + this.everyS;
      }
      this.t = t + dt;
    }
  }

  fault(_spec: FaultSpec): string | null {
    return "the model runs no firmware; run this step on an emulated or desk rig";
  }

  bench(): null {
    return null;
  }

  async hold(): Promise<void> {}
}

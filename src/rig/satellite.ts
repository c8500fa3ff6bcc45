/**
 * The satellite side of a session, frame by frame: the eclipse schedule (src/orbit), the
 * scheduler's policy and thermal guard (src/scheduler) and the node's step function
 * (src/node), behind the SatelliteModel seam. The same class serves live sessions and
 * re-runs of recordings, so a replay with nothing changed reproduces the recorded states.
 */
import type { RigConfig } from "../config/rig.js";
import type { PolicyName, SchedulerConfig } from "../config/schema/scheduler.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { initialNodeState, type NodeParams, nodeParams, stepNode } from "../node/index.js";
import type { NodeState } from "../node/state.js";
import { EclipseSchedule, type ResolvedOrbit, resolveOrbit } from "../orbit/index.js";
import type { OrbitSegment } from "../orbit/types.js";
import {
  INITIAL_MEMORY,
  policyContext,
  Scheduler,
  type SchedulerMemory,
  type SchedulerObservation,
} from "../scheduler/index.js";
import type { SatelliteModel, SunAt } from "../session/ports.js";

export class SatelliteNodeModel implements SatelliteModel {
  private schedule: EclipseSchedule;
  private state: NodeState;
  private memory: SchedulerMemory = INITIAL_MEMORY;
  private readonly scheduler: Scheduler;
  private readonly obs: SchedulerObservation;

  constructor(
    readonly orbit: ResolvedOrbit,
    readonly params: NodeParams,
    schedulerConfig: SchedulerConfig,
    policy?: PolicyName,
  ) {
    this.schedule = new EclipseSchedule(orbit);
    this.scheduler = new Scheduler(
      schedulerConfig,
      policyContext(params),
      policy ?? schedulerConfig.policy,
    );
    const pos = this.schedule.position(0);
    this.state = initialNodeState(params, 0, pos.orbitNumber, pos.phase);
    this.state = { ...this.state, ...this.sunFields(0) };
    this.obs = {
      tS: 0,
      socFraction: 0,
      batteryJ: 0,
      nodeTempC: 0,
      illumination: 1,
      eclipseEntryInS: Number.POSITIVE_INFINITY,
      eclipseExitInS: Number.POSITIVE_INFINITY,
      arrayFullSunW: params.arrayFullSunW,
    };
  }

  /** Builds the model a rig file describes. Throws OrbitrigError for a rig that cannot run. */
  static fromRig(
    rig: RigConfig,
    overrides: { policy?: PolicyName; where?: string } = {},
  ): SatelliteNodeModel {
    const params = nodeParams(rig.node, rig.calibration);
    if (
      params.arraySource === "bench" &&
      !(params.benchFullSunMw !== null && params.benchFullSunMw > 0)
    ) {
      throw new OrbitrigError(
        "RIG_INVALID",
        `${overrides.where ? `${overrides.where} ` : ""}calibration.fullSunBenchMw: not measured yet; run \`orbitrig doctor --rig ${overrides.where ?? "FILE"}\` to measure it, or set node.array.source: model`,
        ExitCode.usage,
      );
    }
    return new SatelliteNodeModel(resolveOrbit(rig.orbit), params, rig.scheduler, overrides.policy);
  }

  get periodS(): number {
    return this.schedule.periodS;
  }

  get timeScale(): number {
    return this.orbit.timeScale;
  }

  get policyName(): string {
    return this.scheduler.policy.name;
  }

  private sunFields(tS: number): Pick<NodeState, "illumination" | "region"> {
    return { illumination: this.schedule.illumination(tS), region: this.schedule.region(tS) };
  }

  sunAt(orbitTimeS: number): SunAt {
    const pos = this.schedule.position(orbitTimeS);
    return {
      illumination: this.schedule.illumination(orbitTimeS),
      region: this.schedule.region(orbitTimeS),
      orbitNumber: pos.orbitNumber,
      phase: pos.phase,
    };
  }

  segments(orbitTimeS: number): OrbitSegment[] {
    return this.schedule.segments(orbitTimeS);
  }

  nextTransition(
    orbitTimeS: number,
  ): { kind: "eclipse-entry" | "eclipse-exit"; inS: number } | null {
    return this.schedule.nextTransition(orbitTimeS);
  }

  forceEclipse(orbitTimeS: number): void {
    this.schedule = this.schedule.forceEclipse(orbitTimeS);
  }

  initial(): NodeState {
    return this.state;
  }

  step(orbitTimeS: number, dtS: number, benchPowerMw: number | null): NodeState {
    if (!(dtS > 0)) return this.state;
    const t = orbitTimeS;
    const illumination = this.schedule.illumination(t);
    const window = this.schedule.nextEclipse(t);
    const o = this.obs;
    o.tS = t;
    o.socFraction = this.state.socFraction;
    o.batteryJ = this.state.batteryWh * 3600;
    o.nodeTempC = this.state.nodeTempC;
    o.illumination = illumination;
    o.eclipseEntryInS = window ? window.entryInS : Number.POSITIVE_INFINITY;
    o.eclipseExitInS = window ? window.exitInS : Number.POSITIVE_INFINITY;
    o.arrayFullSunW = this.params.arrayFullSunW * Math.exp(this.params.arrayDecayPerS * t);
    const decision = this.scheduler.decide(o, this.memory);
    this.memory = decision.memory;
    const pos = this.schedule.position(t);
    this.state = stepNode(this.params, this.state, dtS, {
      illumination,
      region: this.schedule.region(t),
      benchPowerMw: this.params.arraySource === "bench" ? benchPowerMw : null,
      computeLevel: decision.level,
      orbitNumber: pos.orbitNumber,
      orbitPhase: pos.phase,
    });
    return this.state;
  }
}

/**
 * The satellite side of a session, frame by frame: the eclipse schedule (src/orbit), the
 * scheduler's policy and thermal guard (src/scheduler) and the node's step function
 * (src/node), behind the SatelliteModel seam. The same class serves live sessions and
 * re-runs of recordings, so a replay with nothing changed reproduces the recorded states.
 */
import type { RigConfig } from "../config/rig.js";
import {
  POLICY_NAMES,
  type PolicyName,
  type SchedulerConfig,
  schedulerSchema,
} from "../config/schema/scheduler.js";
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
  private scheduler: Scheduler;
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

  /** A new policy from now on; the scheduler's memory (hysteresis, thermal cap) carries over. */
  setPolicy(name: string): void {
    const policy = POLICY_NAMES.find((p) => p === name);
    if (!policy) throw new Error(`unknown policy "${name}" (one of ${POLICY_NAMES.join(", ")})`);
    this.scheduler = new Scheduler(this.scheduler.config, this.scheduler.context, policy);
  }

  /**
   * One scheduler parameter (`scheduler.socLowFraction`, `scheduler.thermalGuard.offAboveC`),
   * validated as the rig file's would be. Node and orbit parameters shape the state already
   * computed, so they are refused: a re-run of the recording (`replay --set`) changes them.
   */
  setParameter(key: string, value: unknown): void {
    const path = key.split(".");
    if (path[0] !== "scheduler" || path.length < 2)
      throw new Error(
        `${key} cannot change during a session: only scheduler.* parameters can (replay --set re-runs a recording with others)`,
      );
    if (path[1] === "policy") {
      this.setPolicy(String(value));
      return;
    }
    const config = structuredClone(this.scheduler.config) as Record<string, unknown>;
    let at: Record<string, unknown> = config;
    for (const k of path.slice(1, -1)) {
      const next = at[k];
      if (typeof next !== "object" || next === null) throw new Error(`${key}: no such parameter`);
      at = next as Record<string, unknown>;
    }
    const last = path.at(-1)!;
    if (!(last in at)) throw new Error(`${key}: no such parameter`);
    at[last] = value;
    const parsed = schedulerSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${key}: ${issue.message.replace(/^Invalid input: /, "")}`);
    }
    this.scheduler = new Scheduler(parsed.data, this.scheduler.context, this.scheduler.policy.name);
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

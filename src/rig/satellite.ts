/**
 * The satellite side of a session, frame by frame: the eclipse schedule (src/orbit), the
 * scheduler's policy and thermal guard (src/scheduler) and the node's step function
 * (src/node), behind the SatelliteModel seam. The same class serves live sessions, re-runs
 * of recordings and lessons run in the model alone, so a replay with nothing changed
 * reproduces the recorded states. Its parameters can change while it runs (a teacher's
 * command, a lesson's `set` step): scheduler, node and orbit alike (./live-change.ts).
 */
import { changedSection, ParameterError, splitKey } from "../config/parameter.js";
import type { RigConfig } from "../config/rig.js";
import type { CalibrationConfig } from "../config/schema/board.js";
import { type NodeConfig, nodeSchema } from "../config/schema/node.js";
import { type OrbitConfig, orbitSchema } from "../config/schema/orbit.js";
import {
  POLICY_NAMES,
  type PolicyName,
  type SchedulerConfig,
  schedulerSchema,
} from "../config/schema/scheduler.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { initialNodeState, type NodeParams, nodeParams, stepNode } from "../node/index.js";
import type { NodeState } from "../node/state.js";
import type { OrbitGeometry } from "../orbit/geometry.js";
import {
  EclipseSchedule,
  type EclipseWindow,
  type ResolvedOrbit,
  resolveOrbit,
} from "../orbit/index.js";
import type { OrbitSegment } from "../orbit/types.js";
import {
  INITIAL_MEMORY,
  policyContext,
  Scheduler,
  type SchedulerMemory,
  type SchedulerObservation,
} from "../scheduler/index.js";
import type { SatelliteModel, SunAt } from "../session/ports.js";
import { carryNodeState, FIXED_WHILE_RUNNING, rebasedSchedule } from "./live-change.js";

/** The rig sections a model was built from: what node and orbit changes edit and re-validate. */
export interface ModelSource {
  orbit: OrbitConfig;
  node: NodeConfig;
  calibration?: Pick<CalibrationConfig, "fullSunBenchMw">;
}

interface ModelCheckpoint {
  schedule: EclipseSchedule;
  state: NodeState;
  memory: SchedulerMemory;
  scheduler: Scheduler;
  computeCap: number | null;
  ownLevel: number;
  orbit: ResolvedOrbit;
  params: NodeParams;
  lastT: number;
  source: ModelSource | null;
}

export class SatelliteNodeModel implements SatelliteModel {
  private schedule: EclipseSchedule;
  private state: NodeState;
  private memory: SchedulerMemory = INITIAL_MEMORY;
  private scheduler: Scheduler;
  private readonly obs: SchedulerObservation;
  /** A cap on the compute level from outside (a desk constellation's coordinator); null: none. */
  private computeCap: number | null = null;
  /** The level the node's own scheduler allowed at the last step, before the cap. */
  private ownLevel = 0;
  private orbit_: ResolvedOrbit;
  private params_: NodeParams;
  /** Orbit time of the last step: where a live orbit change rebases the schedule. */
  private lastT = 0;

  constructor(
    orbit: ResolvedOrbit,
    params: NodeParams,
    schedulerConfig: SchedulerConfig,
    policy?: PolicyName,
    /** Without it, only scheduler parameters can change while the model runs. */
    private source: ModelSource | null = null,
  ) {
    this.orbit_ = orbit;
    this.params_ = params;
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
    overrides: {
      policy?: PolicyName;
      /** The rig file, for messages. */
      where?: string;
      /** Its line of calibration.fullSunBenchMw (or the nearest part written), for messages. */
      calibrationLine?: number;
    } = {},
  ): SatelliteNodeModel {
    const params = nodeParams(rig.node, rig.calibration);
    if (
      params.arraySource === "bench" &&
      !(params.benchFullSunMw !== null && params.benchFullSunMw > 0)
    ) {
      throw new OrbitrigError(
        "RIG_INVALID",
        `${overrides.where ? `${overrides.where}${overrides.calibrationLine ? `:${overrides.calibrationLine}` : ""} ` : ""}calibration.fullSunBenchMw: not measured yet; run \`orbitrig doctor --rig ${overrides.where ?? "FILE"}\` to measure it, or set node.array.source: model`,
        ExitCode.usage,
      );
    }
    return new SatelliteNodeModel(
      resolveOrbit(rig.orbit),
      params,
      rig.scheduler,
      overrides.policy,
      { orbit: rig.orbit, node: rig.node, calibration: rig.calibration },
    );
  }

  /** The orbit as it is now (live orbit changes replace it). */
  get orbit(): ResolvedOrbit {
    return this.orbit_;
  }

  /** The node's parameters as they are now. */
  get params(): NodeParams {
    return this.params_;
  }

  /** The rig sections as they are now, with every live change applied; null if not known. */
  get config(): (ModelSource & { scheduler: SchedulerConfig }) | null {
    return this.source ? { ...this.source, scheduler: this.scheduler.config } : null;
  }

  get periodS(): number {
    return this.schedule.periodS;
  }

  get timeScale(): number {
    return this.orbit_.timeScale;
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

  /** The next (or current) eclipse seen from orbitTimeS, or null when none comes soon. */
  nextEclipse(orbitTimeS: number): EclipseWindow | null {
    return this.schedule.nextEclipse(orbitTimeS);
  }

  /** The light pattern of the orbit under way at orbitTimeS (a lesson's prediction reads it). */
  geometryAt(orbitTimeS: number): OrbitGeometry {
    return this.schedule.geometryAt(orbitTimeS);
  }

  forceEclipse(orbitTimeS: number): void {
    this.schedule = this.schedule.forceEclipse(orbitTimeS);
  }

  initial(): NodeState {
    return this.state;
  }

  /** Every field is an immutable value (or replaced whole on a change): a checkpoint is references. */
  checkpoint(): unknown {
    return {
      schedule: this.schedule,
      state: this.state,
      memory: this.memory,
      scheduler: this.scheduler,
      computeCap: this.computeCap,
      ownLevel: this.ownLevel,
      orbit: this.orbit_,
      params: this.params_,
      lastT: this.lastT,
      source: this.source,
    } satisfies ModelCheckpoint;
  }

  restore(checkpoint: unknown): void {
    const c = checkpoint as ModelCheckpoint;
    this.schedule = c.schedule;
    this.state = c.state;
    this.memory = c.memory;
    this.scheduler = c.scheduler;
    this.computeCap = c.computeCap;
    this.ownLevel = c.ownLevel;
    this.orbit_ = c.orbit;
    this.params_ = c.params;
    this.lastT = c.lastT;
    this.source = c.source;
  }

  /** A new policy from now on; the scheduler's memory (hysteresis, thermal cap) carries over. */
  setPolicy(name: string): void {
    const policy = POLICY_NAMES.find((p) => p === name);
    if (!policy) throw new Error(`unknown policy "${name}" (one of ${POLICY_NAMES.join(", ")})`);
    this.scheduler = new Scheduler(this.scheduler.config, this.scheduler.context, policy);
  }

  /**
   * One parameter by dotted key, validated as the rig file's would be: `scheduler.*` (a new
   * scheduler from now on, its memory kept), `node.*` and `orbit.*` (the state carries over
   * as ./live-change.ts says). Throws an Error whose message names the key and the reason.
   */
  setParameter(key: string, value: unknown): void {
    const k = splitKey(key);
    const fixed = FIXED_WHILE_RUNNING[key];
    if (fixed) throw new ParameterError(`${key} ${fixed}`);
    if (k?.section === "scheduler") {
      if (k.path.length === 1 && k.path[0] === "policy") {
        this.setPolicy(String(value));
        return;
      }
      const config = changedSection(schedulerSchema, this.scheduler.config, k.path, value, key);
      this.scheduler = new Scheduler(config, this.scheduler.context, this.scheduler.policy.name);
      return;
    }
    if (k?.section !== "node" && k?.section !== "orbit")
      throw new ParameterError(
        `${key}: only orbit.*, node.* and scheduler.* parameters can change while the model runs`,
      );
    const source = this.source;
    if (!source)
      throw new ParameterError(
        `${key}: this model was built without its rig file, so only scheduler.* parameters can change`,
      );
    if (k.section === "node") {
      const node = changedSection(nodeSchema, source.node, k.path, value, key);
      const params = nodeParams(node, source.calibration);
      if (
        params.arraySource === "bench" &&
        !(params.benchFullSunMw !== null && params.benchFullSunMw > 0)
      )
        throw new ParameterError(
          `${key}: node.array.source bench needs calibration.fullSunBenchMw`,
        );
      this.state = carryNodeState(params, this.state);
      this.params_ = params;
      this.source = { ...source, node };
      this.scheduler = new Scheduler(
        this.scheduler.config,
        policyContext(params),
        this.scheduler.policy.name,
      );
      return;
    }
    const orbitConfig = changedSection(orbitSchema, source.orbit, k.path, value, key);
    const orbit = resolveOrbit(orbitConfig);
    this.schedule = rebasedSchedule(this.schedule, orbit, this.lastT);
    this.orbit_ = orbit;
    this.source = { ...source, orbit: orbitConfig };
  }

  /**
   * What the node's own scheduler (policy and thermal guard) allowed at the last step, 0..1,
   * before any cap from outside: what a constellation's coordinator plans with.
   */
  get ownComputeLevel(): number {
    return this.ownLevel;
  }

  /**
   * Caps the compute level from now on (null lifts the cap): the node runs the lower of the
   * cap and its own scheduler's level, so its battery floor and thermal guard stay in force.
   */
  setComputeCap(level: number | null): void {
    if (level !== null && !(level >= 0 && level <= 1))
      throw new Error(`compute cap ${level}: expected a level from 0 to 1`);
    this.computeCap = level;
  }

  /**
   * Shifts the eclipse schedule so that orbitTimeS falls at `phase` of its orbit (0 = orbit
   * noon): a rig taking its slot in a constellation. The shorter way round, unless that would
   * take the orbit count below zero (in the first orbit: then forwards). Orbit time itself
   * does not jump; the lamp does.
   */
  alignPhase(orbitTimeS: number, phase: number): void {
    if (!(phase >= 0 && phase < 1)) throw new Error(`phase ${phase}: expected 0 <= phase < 1`);
    const now = this.schedule.absolutePhase(orbitTimeS);
    let d = phase - (now - Math.floor(now));
    d -= Math.round(d);
    if (now + d < 0) d += 1;
    this.schedule = this.schedule.withOffset(d * this.schedule.periodS);
  }

  step(orbitTimeS: number, dtS: number, benchPowerMw: number | null): NodeState {
    this.lastT = orbitTimeS;
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
    const p = this.params_;
    o.arrayFullSunW = p.arrayFullSunW * Math.exp(p.arrayDecayPerS * t);
    const decision = this.scheduler.decide(o, this.memory);
    this.memory = decision.memory;
    this.ownLevel = decision.level;
    const pos = this.schedule.position(t);
    this.state = stepNode(p, this.state, dtS, {
      illumination,
      region: this.schedule.region(t),
      benchPowerMw: p.arraySource === "bench" ? benchPowerMw : null,
      computeLevel:
        this.computeCap === null ? decision.level : Math.min(decision.level, this.computeCap),
      orbitNumber: pos.orbitNumber,
      orbitPhase: pos.phase,
    });
    return this.state;
  }
}

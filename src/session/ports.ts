/**
 * The seams of a session: what it needs from the orbit/node model, the recorder and the
 * alarm evaluator. src/rig binds them to src/orbit + src/node + src/scheduler
 * (satellite.ts) and src/telemetry (recorder.ts), ./alarms.ts is the alarm evaluator;
 * tests bind them to fakes.
 */
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import type { OrbitSegment, SunRegion } from "../orbit/types.js";
import type { Alarm, SessionSink } from "./types.js";

export interface SunAt {
  illumination: number;
  region: SunRegion;
  orbitNumber: number;
  phase: number;
}

/** The satellite side: eclipse schedule + node model + scheduler, behind one face. */
export interface SatelliteModel {
  readonly periodS: number;
  /** Orbit seconds per bench second. */
  readonly timeScale: number;
  /** The scheduler policy that sets the compute level. */
  readonly policyName: string;
  sunAt(orbitTimeS: number): SunAt;
  segments(orbitTimeS: number): OrbitSegment[];
  nextTransition(
    orbitTimeS: number,
  ): { kind: "eclipse-entry" | "eclipse-exit"; inS: number } | null;
  /** Shifts the schedule so the next eclipse entry happens at orbitTimeS. */
  forceEclipse(orbitTimeS: number): void;
  /**
   * Advances the node by dtS orbit seconds ending at orbitTimeS, fed the bench array power
   * of the frame that ends the step (null: no measurement, model from the orbit alone).
   */
  step(orbitTimeS: number, dtS: number, benchPowerMw: number | null): NodeState;
  /** The state before any step. */
  initial(): NodeState;
  /**
   * Changes the scheduler while the session runs (a teacher's command): its policy, or one
   * of its parameters by dotted key (`scheduler.socLowFraction`). Throws an Error whose
   * message is the reason when the change is not allowed. Optional: a model without it
   * refuses every live change.
   */
  setPolicy?(name: string): void;
  setParameter?(key: string, value: unknown): void;
}

/** The recording: a sink whose file and size the session's status reports. */
export interface SessionRecorder extends SessionSink {
  readonly path: string;
  /** Bytes written so far. */
  bytes(): number;
}

export interface AlarmEvaluatorPort {
  /** Feeds one sample; returns alarms that changed state (to log as events). */
  update(sample: { frame: Frame | null; node: NodeState | null; hostMs: number }): {
    raised: Alarm[];
    cleared: Alarm[];
  };
  alarms(): Alarm[];
  acknowledgeAll(): void;
}

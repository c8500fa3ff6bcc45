/**
 * The seams of a session: what it needs from the orbit/node model, the recorder and the
 * alarm evaluator. Adapters in ./adapters.ts bind these to src/orbit + src/node +
 * src/scheduler, src/telemetry and ./alarms.ts; tests bind them to fakes.
 */
import type { BoardInfo } from "../core/board.js";
import type { SessionEventKind } from "../core/events.js";
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import type { OrbitSegment, SunRegion } from "../orbit/types.js";
import type { Alarm } from "./types.js";

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
}

export interface SessionRecorder {
  readonly path: string;
  /** Called once, when the board has answered the handshake, before any other call. */
  begin(info: BoardInfo): void;
  /** Bytes written so far. */
  bytes(): number;
  frame(frame: Frame, node: NodeState): void;
  event(hostMs: number, kind: SessionEventKind, data: Record<string, unknown>): void;
  close(footer: Record<string, unknown>): Promise<void>;
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

/**
 * Payloads from a session: the hello from the rig and its model, the state from the
 * session's status (what every view reads), events from the session's events. Pure.
 */
import type { BoardInfo } from "../core/board.js";
import { packageVersion } from "../core/version.js";
import type { NodeParams } from "../node/params.js";
import type { ResolvedOrbit } from "../orbit/presets.js";
import type { ChangeResult, SessionEvent, SessionMode, SessionStatus } from "../session/types.js";
import type { EventPayload, HelloPayload, StatePayload } from "./payloads.js";

/** What the hello says that the status does not: the rig and its model. */
export interface RigFacts {
  /** The rig file's name. */
  name: string;
  mode: SessionMode;
  orbit: Pick<ResolvedOrbit, "periodS" | "timeScale" | "altitudeKm" | "fixedBetaDeg" | "kind">;
  params: Pick<NodeParams, "capacityJ" | "floorJ" | "arrayFullSunW" | "accelerators">;
}

/** Rounds to a few significant digits: a screen shows four, and JSON stays short. */
export function r4(x: number): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  return Number(x.toPrecision(5));
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function helloPayload(
  rig: string,
  instance: string,
  facts: RigFacts,
  board: BoardInfo | null,
  policy: string,
  stateHz: number,
  wallMs: number,
): HelloPayload {
  const p = facts.params;
  return {
    v: 1,
    rig,
    name: facts.name.slice(0, 120),
    instance,
    orbitrig: packageVersion(),
    mode: facts.mode,
    board: board
      ? { kind: board.kind, profile: board.profile, firmwareVersion: board.firmwareVersion }
      : null,
    orbit: {
      periodS: r4(facts.orbit.periodS),
      timeScale: r4(facts.orbit.timeScale),
      altitudeKm: facts.orbit.kind === "ground" ? null : r4(facts.orbit.altitudeKm),
      betaDeg: facts.orbit.fixedBetaDeg,
    },
    node: {
      policy,
      batteryCapacityWh: r4(p.capacityJ / 3600),
      floorSocFraction: p.capacityJ > 0 ? r3(p.floorJ / p.capacityJ) : 0,
      arrayFullSunW: r4(p.arrayFullSunW),
      accelerators: p.accelerators,
    },
    stateHz,
    wallMs,
  };
}

export function statePayload(
  s: SessionStatus,
  seq: number,
  instance: string,
  wallMs: number,
  net: { queued: number; dropped: number },
): StatePayload {
  const f = s.frame;
  const node = s.node;
  return {
    v: 1,
    seq,
    wallMs,
    instance,
    benchS: r3(s.benchElapsedS),
    orbitS: r3(s.orbitElapsedS),
    link: s.link.link,
    frameAgeS: f ? r3(Math.max(0, (s.nowHostMs - f.hostMs) / 1000)) : null,
    bench: f
      ? {
          powerMw: r4(f.powerMw),
          busV: r4(f.busV),
          currentMa: r4(f.currentMa),
          panelTempC: f.panelTempC === null ? null : r4(f.panelTempC),
          lamp: f.lamp,
          load: f.load,
        }
      : null,
    node: node
      ? {
          orbitNumber: node.orbitNumber,
          orbitPhase: r4(node.orbitPhase),
          region: node.region,
          socFraction: r4(node.socFraction),
          arrayPowerW: r4(node.arrayPowerW),
          batteryPowerW: r4(node.batteryPowerW),
          computeLevel: r4(node.computeLevel),
          nodeTempC: r4(node.nodeTempC),
          dutyThisOrbit: r4(node.dutyThisOrbit),
          dutyLastOrbit: node.dutyLastOrbit === null ? null : r4(node.dutyLastOrbit),
          workAccelS: r4(node.workAccelS),
          floorViolationS: r4(node.floorViolationS),
          minSocFraction: r4(node.sessionMinSocFraction),
        }
      : null,
    orbit: {
      periodS: r4(s.orbit.periodS),
      timeScale: r4(s.timeScale),
      segments: s.orbit.segments
        .slice(0, 16)
        .map(
          (x) => [r4(x.fromPhase), r4(x.toPhase), x.region] as [number, number, typeof x.region],
        ),
      next: s.orbit.next ? { kind: s.orbit.next.kind, inS: r3(s.orbit.next.inS) } : null,
    },
    policy: s.policy,
    lampMode: s.lampMode,
    paused: s.paused,
    speed: s.speed,
    alarms: s.alarms
      .slice(0, 32)
      .map((a) => ({ field: a.field, severity: a.severity, active: a.active })),
    net,
  };
}

/** A session event a person reads (one with text), or null for recording-only events. */
export function eventPayload(e: SessionEvent, wallMs: number): EventPayload | null {
  if (e.text === undefined) return null;
  return { v: 1, kind: e.kind, wallMs, hostMs: Math.round(e.hostMs), text: e.text.slice(0, 500) };
}

/** A rig's answer to a command: what it did, or why it refused. */
export function ackPayload(
  id: string,
  action: string,
  r: ChangeResult,
  wallMs: number,
): EventPayload {
  return { v: 1, kind: "ack", wallMs, id, action, ok: r.ok, text: r.ok ? r.text : r.reason };
}

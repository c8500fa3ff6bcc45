/**
 * Synthetic frames and node states for tests and benchmarks of the recording code. They are
 * NOT rig recordings: a square-wave lamp over a fixed orbit and a toy energy balance, enough
 * to exercise every column, eclipses, orbit boundaries and per-orbit statistics.
 */
import type { BoardInfo } from "../../src/core/board.js";
import { ManualClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import type { NodeState } from "../../src/node/state.js";
import type { HeaderInput } from "../../src/telemetry/format.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";

export interface SyntheticOptions {
  /** Bench ms between frames. */
  periodMs?: number;
  /** Bench seconds per orbit. */
  orbitBenchS?: number;
  /** Orbit seconds per bench second. */
  timeScale?: number;
  eclipseFraction?: number;
}

export const syntheticBoard: BoardInfo = {
  kind: "emulated",
  port: "synthetic",
  profile: "uno-ina219",
  protocolVersion: 1,
  firmwareVersion: "synthetic-0",
  boardId: "SYNTH",
  caps: { lamp: "pwm", panel: "tmp36" },
  channels: [{ address: 0x40, role: "array" }],
};

export function syntheticHeader(timeScale = 90): HeaderInput {
  return {
    orbitrigVersion: "0.0.0-test",
    startedAt: "2026-01-01T00:00:00.000Z",
    rig: { path: "rigs/synthetic.yaml", text: "name: synthetic\n", config: { name: "synthetic" } },
    board: syntheticBoard,
    calibration: { shuntOhms: 0.1, fullSunBenchMw: 500 },
    timeScale,
    session: { mode: "synthetic" },
  };
}

/** Frame i of a synthetic session: deterministic, protocol-quantized numbers. */
export function syntheticFrame(i: number, o: SyntheticOptions = {}): Frame {
  const periodMs = o.periodMs ?? 100;
  const orbitMs = (o.orbitBenchS ?? 60) * 1000;
  const ecl = o.eclipseFraction ?? 0.35;
  const hostMs = i * periodMs + (i % 7) * 0.125;
  const phase = ((i * periodMs) % orbitMs) / orbitMs;
  const sunlit = phase < 1 - ecl;
  const busMv = sunlit ? 4800 + (i % 13) * 7 : 120 + (i % 5);
  const currentUa = sunlit ? 95_000 + (i % 17) * 113 : 150 + (i % 3);
  const powerUw = Math.round((busMv * currentUa) / 1000);
  const panelC100 = 2500 + Math.round(1500 * Math.sin(phase * Math.PI));
  const flags = 0x301 | (i % 1000 === 999 ? 1 << 13 : 0);
  return {
    seq: i,
    boardMs: i * periodMs,
    hostMs,
    busV: busMv / 1000,
    currentMa: currentUa / 1000,
    powerMw: powerUw / 1000,
    panelTempC: i % 500 === 250 ? null : panelC100 / 100,
    boardTempC: 31.5,
    lamp: sunlit ? 255 : 0,
    load: sunlit ? 200 : 40,
    flags,
    status: {
      panelTempPresent: i % 500 !== 250,
      watchdogTripped: false,
      overTempCut: false,
      safeMode: false,
      txOverrun: (flags & (1 << 13)) !== 0,
    },
    channels: [
      {
        role: "array",
        address: 0x40,
        present: true,
        overflow: false,
        busV: busMv / 1000,
        shuntMv: currentUa / 10_000,
        currentMa: currentUa / 1000,
        powerMw: powerUw / 1000,
      },
    ],
  };
}

/** A toy node state for frame i (not the node model): consistent enough for statistics. */
export function syntheticNode(i: number, frame: Frame, o: SyntheticOptions = {}): NodeState {
  const periodMs = o.periodMs ?? 100;
  const orbitBenchS = o.orbitBenchS ?? 60;
  const timeScale = o.timeScale ?? 90;
  const benchS = (i * periodMs) / 1000;
  const orbitNumber = Math.floor(benchS / orbitBenchS);
  const orbitPhase = (benchS % orbitBenchS) / orbitBenchS;
  const sunlit = frame.lamp > 0;
  const arrayPowerW = (frame.powerMw / 500) * 26_000;
  const computeLevel = sunlit ? 1 : 0.25;
  const soc = 0.6 + 0.25 * Math.cos(orbitPhase * 2 * Math.PI);
  const orbitS = (benchS % orbitBenchS) * timeScale;
  const sessionS = benchS * timeScale;
  return {
    tS: benchS * timeScale,
    orbitNumber,
    orbitPhase,
    region: sunlit ? "sunlit" : "umbra",
    illumination: sunlit ? 1 : 0,
    arrayPowerW,
    socFraction: soc,
    batteryWh: soc * 40_000,
    batteryPowerW: sunlit ? 4000 : -9000,
    curtailedPowerW: 0,
    computeLevel,
    computePowerW: computeLevel * 12_000,
    avionicsPowerW: 500,
    nodeTempC: 20 + 15 * orbitPhase,
    radiatorPowerW: 11_000 + 100 * orbitPhase,
    dutyThisOrbit: sunlit ? orbitPhase : 0.65,
    dutyLastOrbit: orbitNumber > 0 ? 0.65 : null,
    dutySession: 0.65,
    workDutyThisOrbit: 0.7,
    workDutySession: 0.7,
    workAccelS: benchS * timeScale * 0.7 * 8,
    floorViolation: soc < 0.36,
    unservedPowerW: 0,
    computeLevelRequested: computeLevel,
    batteryOcvV: 3.5 + soc * 0.6,
    batteryLossW: sunlit ? 200 : 450,
    absorbedPowerW: sunlit ? 3000 : 600,
    thermalLimitExceeded: false,
    orbitElapsedS: orbitS,
    orbitFullComputeS: orbitS * 0.65,
    orbitWorkLevelS: orbitS * 0.7,
    sessionElapsedS: sessionS,
    sessionFullComputeS: sessionS * 0.65,
    sessionWorkLevelS: sessionS * 0.7,
    workDutyLastOrbit: orbitNumber > 0 ? 0.7 : null,
    energyInJ: sessionS * 17_000,
    energyToLoadJ: sessionS * 12_000,
    energyStoredJ: sessionS * 4000,
    energyLossesJ: sessionS * 300,
    energyCurtailedJ: 0,
    energyUnservedJ: 0,
    floorViolationS: 0,
    sessionMinSocFraction: 0.35,
    sessionMaxNodeTempC: 35,
  };
}

/** A closed recording at `path` of `frames` synthetic frames with node states (the real writer). */
export function writeSyntheticRecording(path: string, frames: number): void {
  const w = new RecordingWriter({ clock: new ManualClock() });
  w.open(path, syntheticHeader());
  for (let i = 0; i < frames; i++) {
    const f = syntheticFrame(i);
    w.frame(f, syntheticNode(i, f));
  }
  w.close({ endReason: "quit" });
}

/**
 * Builds a session from a rig file: the board its `board:` section names (emulated,
 * serial, Firmata), the satellite model, the recorder and the alarm evaluator. The CLI's
 * demo, run and doctor commands all come through here, so they share one data path.
 */
import { join } from "node:path";
import type { FirmataBoard as FirmataBoardT } from "../board/firmata-board.js";
import { EmulatedBoard, SerialBoard } from "../board/index.js";
import type { LoadedRig } from "../config/load.js";
import type { BoardDriver, SpeedControl } from "../core/board.js";
import { type Clock, RealClock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import {
  Emulator,
  type Emulator as EmulatorT,
  type FaultSpec,
  loadHexFile,
  Pacer,
} from "../emulator/index.js";
import { type FirmwareProfile, loadProfile } from "../firmware/index.js";
import type { LampCheckConfig } from "../session/lamp-check.js";
import type { LampGuardConfig } from "../session/lamp-guard.js";
import { resolvePort, SerialportTransport, type Transport } from "../transport/index.js";
import { checkRigForBoard } from "./validate.js";

export interface BoardBuildOptions {
  /** Overrides board.port. */
  port?: string;
  /** Emulator speed (emulated ms per wall ms) or "max". Default 1. */
  speed?: number | "max";
  faults?: FaultSpec[];
  /** Where firmware profiles live (tests). */
  profilesDir?: string;
  /** Told which port --port auto chose, and why. */
  onInfo?: (text: string) => void;
}

export interface BuiltBoard {
  board: BoardDriver;
  /** Starts pacing (emulated boards); no-op otherwise. */
  start(): void;
  /** Stops pacing after the session has closed the board. */
  stop(): void;
  /** The emulator, when the board is emulated (tests and fault injection). */
  emulator: EmulatorT | null;
}

/** The options every SerialBoard of a rig shares. */
function serialOptions(rig: LoadedRig) {
  const c = rig.config;
  return {
    handshakeTimeoutMs: c.board.handshakeTimeoutMs,
    rateHz: c.board.rateHz,
    watchdogMs: c.safety.watchdogMs,
    overTempC: c.safety.maxPanelTempC,
    calibration: [
      {
        channel: "array" as const,
        shuntOhms: c.calibration.shuntOhms,
        maxCurrentA: c.calibration.maxCurrentA,
      },
    ],
  };
}

/**
 * The emulator's pace as the board's SpeedControl, so the dashboard's +/- keys (through the
 * session) change it. A Pacer has a fixed speed: a change replaces it.
 */
class EmulatorPace implements SpeedControl {
  private pacer: Pacer;
  constructor(
    private readonly emu: EmulatorT,
    private speed_: number | "max",
  ) {
    this.pacer = new Pacer(emu, { speed: speed_ });
  }
  get speed(): number | "max" {
    return this.speed_;
  }
  start(): void {
    this.pacer.start();
  }
  stop(): void {
    this.pacer.stop();
  }
  setSpeed(speed: number): void {
    const running = this.pacer.status.running;
    this.pacer.stop();
    this.speed_ = speed;
    this.pacer = new Pacer(this.emu, { speed });
    if (running) this.pacer.start();
  }
}

/** "D9" -> 9, "A0" -> 0 (analog channel). */
function pinNumber(name: string): number {
  return Number.parseInt(name.slice(1), 10);
}

/**
 * FirmataBoard options from the profile (pins, INA219 addresses and roles) and the rig
 * (calibration, rate). johnny-five is loaded only when a Firmata board is asked for.
 */
async function firmataBoard(
  rig: LoadedRig,
  profile: FirmwareProfile,
  transport: Transport,
  clock: Clock,
): Promise<FirmataBoardT> {
  const { FirmataBoard } = await import("../board/firmata-board.js");
  const c = rig.config;
  return new FirmataBoard(transport, clock, {
    lampPin: pinNumber(profile.pins.lamp),
    loadPin: pinNumber(profile.pins.load),
    panelTempChannel:
      profile.sensors.panelTemp === "tmp36" ? pinNumber(profile.pins.panelTemp) : null,
    rateHz: c.board.rateHz,
    profile: profile.name,
    inas: profile.sensors.ina219.map((ch) => ({
      address: ch.address,
      role: ch.role,
      shuntOhms: c.calibration.shuntOhms,
      maxCurrentA: c.calibration.maxCurrentA,
    })),
  });
}

export async function buildBoard(
  rig: LoadedRig,
  opts: BoardBuildOptions = {},
): Promise<BuiltBoard> {
  const c = rig.config;
  // What the board and its chips would refuse is refused here, with its line in the file.
  checkRigForBoard(rig, opts.profilesDir);
  switch (c.board.kind) {
    case "emulated": {
      const profile = loadProfile(c.board.profile, opts.profilesDir);
      const firmware = await loadHexFile(profile.hexPath);
      const emulator = new Emulator({
        firmware,
        bench: c.bench,
        ...(opts.faults ? { faults: opts.faults } : {}),
        // A firmware built for another clock would talk garbage on a real Uno.
        firmwareClock: { fCpuHz: profile.fCpuHz, baud: profile.baud, source: profile.file },
        onWarning: (text) => opts.onInfo?.(`warning: ${text}`),
      });
      const board =
        profile.kind === "firmata"
          ? // StandardFirmata in the emulator: the johnny-five path without hardware.
            await firmataBoard(rig, profile, emulator.transport, emulator.clock)
          : new EmulatedBoard(emulator, serialOptions(rig));
      const pace = new EmulatorPace(emulator, opts.speed ?? 1);
      board.speedControl = pace;
      return { board, emulator, start: () => pace.start(), stop: () => pace.stop() };
    }
    case "serial": {
      const { path, reason } = await resolvePort(opts.port ?? c.board.port);
      opts.onInfo?.(reason);
      const transport = new SerialportTransport({ path, baudRate: c.board.baud });
      const board = new SerialBoard(transport, realClock(), serialOptions(rig));
      return { board, emulator: null, start: () => undefined, stop: () => undefined };
    }
    case "firmata": {
      const profile = loadProfile(c.board.profile, opts.profilesDir);
      if (profile.kind !== "firmata") {
        throw new OrbitrigError(
          "RIG_INVALID",
          `${rig.path} board.profile: '${profile.name}' is not a Firmata profile (board.kind is firmata)`,
          ExitCode.usage,
        );
      }
      const { path, reason } = await resolvePort(opts.port ?? c.board.port);
      opts.onInfo?.(reason);
      const transport = new SerialportTransport({ path, baudRate: c.board.baud });
      const board = await firmataBoard(rig, profile, transport, realClock());
      return { board, emulator: null, start: () => undefined, stop: () => undefined };
    }
  }
}

function realClock() {
  return new RealClock();
}

export function lampConfig(rig: LoadedRig): LampGuardConfig {
  const c = rig.config;
  return {
    driver: c.board.lampDriver,
    fullLevel: c.board.lampFullLevel,
    maxPanelTempC: c.safety.maxPanelTempC,
    hysteresisC: 5,
    maxLampOnS: c.safety.maxLampOnS,
    cooldownS: Math.min(120, c.safety.maxLampOnS / 4),
  };
}

/** The lamp check of a rig: its measured full-sun power and its lamp-response rule. */
export function lampCheckConfig(rig: LoadedRig): LampCheckConfig {
  const c = rig.config;
  return {
    fullSunBenchMw: c.calibration.fullSunBenchMw,
    responseFactor: c.calibration.lampResponseFactor,
    responseMs: c.calibration.lampResponseMs,
    fullLevel: c.board.lampFullLevel,
  };
}

/** Default recording path: recordings/<rig>-<UTC timestamp>.ndjson under the rig's recording.dir. */
export function defaultRecordingPath(rig: LoadedRig, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:]/g, "").replace(/\..*$/, "Z");
  const slug =
    rig.config.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "rig";
  return join(rig.config.recording.dir, `${slug}-${stamp}.ndjson`);
}

/**
 * The control path's outputs: what the board is told (lamp from the schedule through the
 * lamp guard, load from the node's compute level) and whether it obeys. Levels are sent
 * when they change, one command at a time; outputs the board reset behind the host's back
 * (a watchdog trip, a reset, a reconnect) are sent again and the event says why; the lamp
 * check compares the light the cell measures with the lamp commanded.
 */
import type { BoardDriver } from "../core/board.js";
import type { SessionEventKind } from "../core/events.js";
import type { Frame } from "../core/frame.js";
import type { SunRegion } from "../orbit/types.js";
import {
  initialLampCheck,
  type LampCheckConfig,
  type LampCheckState,
  type LampVerdict,
  litReferenceMw,
  stepLampCheck,
} from "./lamp-check.js";
import {
  initialLampGuard,
  type LampGuardConfig,
  type LampGuardEvent,
  type LampGuardState,
  type LampMode,
  nextLampMode,
  stepLampGuard,
} from "./lamp-guard.js";
import type { Alarm } from "./types.js";

/** What the outputs need of their session. */
export interface OutputsHost {
  readonly board: BoardDriver;
  /** True once the session is stopping: nothing more is sent. */
  stopped(): boolean;
  /** The node's region now (for the lamp event). */
  region(): SunRegion;
  log(kind: SessionEventKind, data: Record<string, unknown>, text: string): void;
  record(kind: SessionEventKind, data: Record<string, unknown>): void;
}

const LOAD_FULL_LEVEL = 255;
/** Reported outputs apart from the sent ones for this long were reset by the board. */
const OUTPUTS_APART_MS = 1000;
/** The same command failure again within this time is counted, not logged again. */
const FAILURE_REPEAT_MS = 5000;

export class Outputs {
  private lamp: LampGuardState = initialLampGuard();
  private lampCheck: LampCheckState = initialLampCheck();
  /** The lamp check's alarm, listed with the limit alarms (null while the lamp agrees). */
  private lampAlarm_: Alarm | null = null;
  private sentLamp: number | null = null;
  private sentLoad: number | null = null;
  private commandInFlight = false;
  /** The last command failure logged, and how often it recurred since. */
  private failure: { text: string; loggedMs: number; repeats: number } | null = null;
  /** Since when (session ms) the board's reported outputs differ from what was sent. */
  private outputsApartSinceMs: number | null = null;

  constructor(
    private readonly host: OutputsHost,
    private readonly lampCfg: LampGuardConfig,
    private readonly checkCfg: LampCheckConfig | null,
  ) {}

  get lampMode(): LampMode {
    return this.lamp.mode;
  }

  /** The lamp check's verdict now ("ok" without a check). */
  get lampVerdict(): LampVerdict {
    return this.lampCheck.verdict;
  }

  /**
   * Bench power above which the cell is lit with the lamp off, or null while nothing says
   * what lit looks like (no measured full-sun power, the lamp not yet seen fully on).
   */
  darkLimitMw(): number | null {
    if (!this.checkCfg) return null;
    const ref = litReferenceMw(this.lampCheck, this.checkCfg);
    return ref === null ? null : ref / this.checkCfg.responseFactor;
  }

  get lampAlarm(): Alarm | null {
    return this.lampAlarm_;
  }

  cycleLampMode(): LampMode {
    this.lamp = { ...this.lamp, mode: nextLampMode(this.lamp.mode) };
    return this.lamp.mode;
  }

  acknowledge(): void {
    const a = this.lampAlarm_;
    if (a) this.lampAlarm_ = a.active ? { ...a, acknowledged: true } : null;
  }

  /** The link went down: whatever was sent must be sent again once it is back. */
  forget(): void {
    this.sentLamp = null;
    this.sentLoad = null;
  }

  /** SAFE was sent: the board's outputs are off. */
  safed(): void {
    this.sentLamp = 0;
    this.sentLoad = 0;
  }

  /**
   * One control tick: the lamp guard's level for the Sun's illumination now and the load
   * for the node's compute level, sent if they changed.
   */
  tick(input: {
    nowS: number;
    illumination: number;
    panelTempC: number | null;
    computeLevel: number;
  }): void {
    const { state, events } = stepLampGuard(this.lamp, this.lampCfg, input);
    this.lamp = state;
    for (const ev of events) this.logLampEvent(ev);
    const loadLevel = Math.round(Math.min(1, Math.max(0, input.computeLevel)) * LOAD_FULL_LEVEL);
    void this.apply(state.level, loadLevel);
  }

  /** One frame (session time): the lamp check, then the reported outputs. */
  frame(frame: Frame): void {
    this.checkLamp(frame);
    this.checkOutputs(frame);
  }

  /**
   * The board's outputs may not be what the host last sent (a watchdog trip, a reset, a
   * reconnect): forget what was sent, so the next control tick sends lamp and load again,
   * and say so.
   */
  reapply(cause: string): void {
    if (!this.host.board.commandable || (this.sentLamp === null && this.sentLoad === null)) return;
    this.sentLamp = null;
    this.sentLoad = null;
    this.host.log("reapply", { cause }, `lamp and load re-applied: ${cause}`);
  }

  /**
   * The board reports the levels it applies: one that stays apart from what was sent (for
   * longer than a command takes) was reset behind the host's back. The lamp is left alone
   * while the firmware holds it off for over-temperature, which is its right.
   */
  private checkOutputs(frame: Frame): void {
    if (!this.host.board.commandable || this.commandInFlight || this.host.stopped()) return;
    const lampApart =
      this.sentLamp !== null && frame.lamp !== this.sentLamp && !frame.status.overTempCut;
    const loadApart = this.sentLoad !== null && frame.load !== this.sentLoad;
    const nowMs = frame.hostMs;
    if (!lampApart && !loadApart) {
      this.outputsApartSinceMs = null;
      return;
    }
    this.outputsApartSinceMs ??= nowMs;
    if (nowMs - this.outputsApartSinceMs >= OUTPUTS_APART_MS) {
      this.outputsApartSinceMs = null;
      this.reapply(
        `the board applied lamp ${frame.lamp} and load ${frame.load}, not ${this.sentLamp} and ${this.sentLoad}`,
      );
    }
  }

  private checkLamp(frame: Frame): void {
    const cfg = this.checkCfg;
    if (!cfg) return;
    const before = this.lampCheck.verdict;
    this.lampCheck = stepLampCheck(this.lampCheck, cfg, {
      nowS: frame.hostMs / 1000,
      level: frame.lamp,
      benchPowerMw: frame.powerMw,
    });
    const verdict = this.lampCheck.verdict;
    if (verdict === before) {
      if (this.lampAlarm_?.active && verdict !== "ok") {
        const worse =
          verdict === "stuck-on"
            ? Math.max(this.lampAlarm_.value, frame.powerMw)
            : Math.min(this.lampAlarm_.value, frame.powerMw);
        this.lampAlarm_ = { ...this.lampAlarm_, value: worse };
      }
      return;
    }
    const refMw = litReferenceMw(this.lampCheck, cfg) ?? 0;
    const thresholdMw = refMw / cfg.responseFactor;
    const data = {
      verdict,
      lamp: frame.lamp,
      benchPowerMw: frame.powerMw,
      thresholdMw: round3(thresholdMw),
    };
    if (verdict === "ok") {
      if (this.lampAlarm_)
        this.lampAlarm_ = { ...this.lampAlarm_, active: false, sinceHostMs: frame.hostMs };
      this.host.log("lamp-fault", data, "lamp and cell agree again");
      return;
    }
    this.lampAlarm_ = {
      field: verdict === "stuck-on" ? "lamp.stuckOn" : "lamp.noLight",
      severity: verdict === "stuck-on" ? "red" : "yellow",
      value: frame.powerMw,
      limit: round3(thresholdMw),
      direction: verdict === "stuck-on" ? "above" : "below",
      sinceHostMs: frame.hostMs,
      active: true,
      acknowledged: false,
    };
    this.host.log(
      "lamp-fault",
      data,
      verdict === "stuck-on"
        ? `LAMP STUCK ON: the cell reads ${frame.powerMw.toFixed(0)} mW with the lamp off (switch it off at the mains); the node follows the orbit alone`
        : `lamp gives no light: the cell reads ${frame.powerMw.toFixed(0)} mW at full lamp (bulb, relay or wiring); the node follows the orbit alone`,
    );
  }

  /** Sends lamp and load levels that changed; one command in flight at a time. */
  private async apply(lampLevel: number, loadLevel: number): Promise<void> {
    if (this.commandInFlight) return;
    // While the link is down or reconnecting a command can only fail (the link events say
    // why); the levels are sent on the first tick after the board is back.
    if (this.host.board.stats().link !== "up") return;
    this.commandInFlight = true;
    try {
      if (lampLevel !== this.sentLamp) {
        const from = this.sentLamp;
        await this.host.board.setLamp(lampLevel);
        this.sentLamp = lampLevel;
        this.host.record("command", { command: "LAMP", level: lampLevel, from });
        if (((from ?? 0) === 0) !== (lampLevel === 0)) {
          this.host.log(
            "lamp",
            { on: lampLevel > 0, level: lampLevel, region: this.host.region() },
            lampLevel > 0 ? "lamp on" : "lamp off",
          );
        }
      }
      if (loadLevel !== this.sentLoad) {
        await this.host.board.setLoad(loadLevel);
        this.sentLoad = loadLevel;
        this.host.record("command", { command: "LOAD", level: loadLevel });
      }
    } catch (e) {
      this.commandFailed("LAMP/LOAD", e);
    } finally {
      this.commandInFlight = false;
    }
  }

  commandFailed(command: string, e: unknown): void {
    const error = String((e as Error)?.message ?? e);
    const text = `${command} failed: ${error}`;
    const now = this.host.board.clock.nowMs();
    const r = this.failure;
    // A failure that repeats every control tick would flood the event list and the
    // recording: the same one within FAILURE_REPEAT_MS is counted, and the count goes
    // with the next time it is logged.
    if (r && r.text === text && now - r.loggedMs < FAILURE_REPEAT_MS) {
      r.repeats++;
      return;
    }
    const repeats = r && r.text === text ? r.repeats : 0;
    this.failure = { text, loggedMs: now, repeats: 0 };
    this.host.log(
      "command-failed",
      { command, error, ...(repeats ? { repeatsSinceLast: repeats } : {}) },
      repeats ? `${text} (×${repeats + 1} since last shown)` : text,
    );
  }

  private logLampEvent(ev: LampGuardEvent): void {
    const text =
      ev.kind === "over-temp-cut"
        ? `lamp cut: panel ${ev.panelTempC.toFixed(1)} °C above ${ev.limitC} °C`
        : ev.kind === "over-temp-clear"
          ? `panel cooled to ${ev.panelTempC.toFixed(1)} °C: lamp back on schedule`
          : ev.kind === "max-on-time-cut"
            ? `lamp cut: on for ${ev.onForS.toFixed(0)} s, limit ${ev.limitS} s`
            : "lamp on-time cool-down over";
    this.host.log("limit", { ...ev }, text);
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Board settings from the rig file, resolved against the board's HELLO: which INA219
 * channel gets which calibration (by index, or by the role the firmware lists).
 */
import {
  type Ina219Calibration,
  type Ina219CalibrationInput,
  ina219Calibration,
} from "../chips/ina219-calibration.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { ChannelRole } from "../core/frame.js";
import type { HelloChannel } from "../protocol/messages.js";
import type { CommandSpec } from "./commands.js";

/** A calibration (src/chips/ina219-calibration.ts) and the channel it is for. */
export interface ChannelCalibration extends Ina219CalibrationInput {
  /** Channel index (0..3) or the role the firmware lists for it in HELLO. Default "array". */
  channel?: number | ChannelRole;
}

export interface ResolvedCalibration extends Ina219Calibration {
  channel: number;
  shuntOhms: number;
  maxCurrentA: number;
}

/**
 * Computes every calibration (throws RIG_INVALID for impossible ones). Channels given by
 * role are matched against `channels` from HELLO; a role the board does not list is
 * skipped, and with no HELLO yet (channels empty) only the arithmetic is checked.
 */
export function resolveCalibrations(
  specs: readonly ChannelCalibration[],
  channels: readonly HelloChannel[],
): ResolvedCalibration[] {
  const out: ResolvedCalibration[] = [];
  for (const spec of specs) {
    const cal = ina219Calibration(spec);
    const want = spec.channel ?? "array";
    let channel: number;
    if (typeof want === "number") {
      if (!Number.isInteger(want) || want < 0 || want > 3) {
        throw new OrbitrigError(
          "RIG_INVALID",
          `calibration channel ${want}: expected 0..3 or a role`,
          ExitCode.usage,
        );
      }
      channel = want;
    } else {
      channel = channels.findIndex((c) => c.role === want);
      if (channel < 0) continue;
    }
    out.push({ ...cal, channel, shuntOhms: spec.shuntOhms, maxCurrentA: spec.maxCurrentA });
  }
  return out;
}

export interface BoardSettings {
  watchdogMs?: number | undefined;
  overTempC?: number | undefined;
  calibrations: readonly ResolvedCalibration[];
  rateHz: number | null;
  /** Last levels asked for; null when never set (the firmware boots with them off). */
  lamp: number | null;
  load: number | null;
}

/** The commands that bring a freshly booted board to these settings, in order: safety first, levels last. */
export function settingsCommands(s: BoardSettings): CommandSpec[] {
  const specs: CommandSpec[] = [];
  if (s.watchdogMs !== undefined) specs.push({ type: "WDT", ms: s.watchdogMs });
  if (s.overTempC !== undefined) specs.push({ type: "OTL", c100: Math.round(s.overTempC * 100) });
  for (const c of s.calibrations) {
    specs.push({
      type: "CAL",
      channel: c.channel,
      cal: c.cal,
      config: c.config,
      currentLsbNa: c.currentLsbNa,
    });
  }
  if (s.rateHz !== null) specs.push({ type: "RATE", hz: s.rateHz });
  if (s.lamp !== null) specs.push({ type: "LAMP", level: s.lamp });
  if (s.load !== null) specs.push({ type: "LOAD", level: s.load });
  return specs;
}

/**
 * What a rig file says that only the board, its firmware profile and its chips can judge:
 * checked before any port is opened or emulator started, each refusal with the file, the
 * line, the field and what was expected (exit 2), as the schema's own checks are.
 */
import { ina219Calibration } from "../chips/ina219-calibration.js";
import { type LoadedRig, rigFieldError } from "../config/load.js";
import { isOrbitrigError } from "../core/errors.js";
import { loadProfile } from "../firmware/index.js";
import { maxTelemetryHz } from "../protocol/index.js";

/** Throws a rig file error (RIG_INVALID, exit 2) for a value the board would refuse. */
export function checkRigForBoard(rig: LoadedRig, profilesDir?: string): void {
  const c = rig.config;
  try {
    ina219Calibration({
      shuntOhms: c.calibration.shuntOhms,
      maxCurrentA: c.calibration.maxCurrentA,
    });
  } catch (e) {
    if (!isOrbitrigError(e)) throw e;
    // The chips' message names both fields; the line is the one a user would change.
    const field = /too coarse/.test(e.message) ? "shuntOhms" : "maxCurrentA";
    throw rigFieldError(rig, ["calibration", field], e.message.replace(/^calibration: /, ""));
  }
  const profile = loadProfile(c.board.profile, profilesDir);
  // A real board talks at its firmware's baud rate; the host must open the port at it.
  if (c.board.kind !== "emulated" && c.board.baud !== profile.baud) {
    throw rigFieldError(
      rig,
      ["board", "baud"],
      `expected ${profile.baud} (the baud rate of ${profile.name}'s firmware, ${profile.file}), got ${c.board.baud}`,
    );
  }
  if (profile.kind === "orbitrig") {
    const channels = profile.sensors.ina219.length;
    const max = maxTelemetryHz(profile.baud, channels);
    if (c.board.rateHz > max) {
      throw rigFieldError(
        rig,
        ["board", "rateHz"],
        `expected at most ${max} Hz (${profile.name}: ${channels} INA219 channels at ${profile.baud} baud), got ${c.board.rateHz}`,
      );
    }
  }
}

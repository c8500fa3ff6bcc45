/**
 * Checks of caller-given levels and rates (protocol v1 limits), and the refusal of a command
 * while the link is down: shared by the board drivers.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { Limits } from "../protocol/constants.js";

export function checkLevel(what: string, level: number): void {
  if (!Number.isInteger(level) || level < Limits.level.min || level > Limits.level.max) {
    throw new OrbitrigError(
      "USAGE",
      `${what} level ${level}: expected an integer ${Limits.level.min}..${Limits.level.max}`,
      ExitCode.usage,
    );
  }
}

export function checkRateHz(hz: number): void {
  if (!Number.isInteger(hz) || hz < Limits.rateHz.min || hz > Limits.rateHz.max) {
    throw new OrbitrigError(
      "USAGE",
      `rate ${hz} Hz: expected an integer ${Limits.rateHz.min}..${Limits.rateHz.max}`,
      ExitCode.usage,
    );
  }
}

/** A command refused while the link is not up; the level is kept and applied on reconnect. */
export function notSentWhileDown(what: string, link: string): OrbitrigError {
  return new OrbitrigError(
    "LINK_LOST",
    `${what} not sent: link is ${link}; it will be applied when the board is back`,
    ExitCode.io,
  );
}

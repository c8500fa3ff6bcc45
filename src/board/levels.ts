/** Checks of caller-given levels and rates, shared by the board drivers. Protocol v1 limits. */
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

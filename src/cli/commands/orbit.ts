/**
 * `orbitrig orbit`: period, eclipse durations (cylindrical, umbra, penumbra), sunlit fraction
 * and critical beta of a circular orbit, as a table or JSON. The computation and
 * the table are in ../actions/orbit.ts.
 */
import type { Command } from "commander";
import { MAX_ALTITUDE_KM, MIN_ALTITUDE_KM, ORBIT_PRESETS } from "../../config/schema/orbit.js";
import type { OrbitOptions } from "../actions/orbit.js";
import { numberIn, type OptionParser, oneOf, option, usageError } from "../options.js";
import type { RegisterCommand } from "./types.js";

/** A date Date.parse reads, checked here so the message names --date (not the rig's epoch). */
const isoDate: OptionParser<string> = (name, text) => {
  if (!Number.isFinite(Date.parse(text)))
    throw usageError(
      `${name}: expected an ISO 8601 date such as 2026-03-20T12:00:00Z, got "${text}"`,
    );
  return text;
};

export const register: RegisterCommand = (program: Command) => {
  program
    .command("orbit")
    .description(
      "Period, eclipse durations (cylindrical, umbra, penumbra), sunlit fraction and critical beta of a circular orbit",
    )
    .addOption(
      option(
        "--altitude-km <km>",
        "orbit altitude, km (default: the preset's)",
        // The rig file's range, so the flag is named (not orbit.altitudeKm) when it is off.
        numberIn({ min: MIN_ALTITUDE_KM, max: MAX_ALTITUDE_KM }),
      ),
    )
    .addOption(
      option(
        "--beta-deg <deg>",
        "beta angle, degrees (default: from the preset's plane and --date)",
        numberIn({ min: -90, max: 90 }),
      ),
    )
    .addOption(
      option("--preset <name>", `one of ${ORBIT_PRESETS.join(", ")}`, oneOf(ORBIT_PRESETS)),
    )
    .addOption(
      option(
        "--date <iso>",
        "UTC date that places the Sun when beta is not given (default 2026-03-20T14:46:00Z)",
        isoDate,
      ),
    )
    .option("--json", "print JSON instead of a table")
    .action(async (o: OrbitOptions) => {
      const { orbit } = await import("../actions/orbit.js");
      orbit(o);
    });
};

/**
 * `orbitrig orbit`: period, eclipse durations (cylindrical, umbra, penumbra), sunlit fraction
 * and critical beta of a circular orbit, as a table or JSON. The computation and
 * the table are in ../actions/orbit.ts.
 */
import type { Command } from "commander";
import { ORBIT_PRESETS } from "../../config/schema/orbit.js";
import type { OrbitOptions } from "../actions/orbit.js";
import { numberIn, oneOf, option } from "../options.js";
import type { RegisterCommand } from "./types.js";

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
        numberIn({ min: 0, aboveMin: true, max: 400_000 }),
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
    .option(
      "--date <iso>",
      "UTC date that places the Sun when beta is not given (default 2026-03-20T14:46:00Z)",
    )
    .option("--json", "print JSON instead of a table")
    .action(async (o: OrbitOptions) => {
      const { orbit } = await import("../actions/orbit.js");
      orbit(o);
    });
};

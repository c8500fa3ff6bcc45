/**
 * `orbitrig doctor`: checks a rig's board and measures its full-sun bench power (the work:
 * ../actions/doctor.ts).
 */
import type { DoctorOptions } from "../actions/doctor.js";
import { option, portPath, RIG_HELP } from "../options.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program, setExitCode) => {
  program
    .command("doctor")
    .description(
      "check a rig (handshake, sensors, lamp response) and measure its full-sun bench power",
    )
    .requiredOption("--rig <file|name>", RIG_HELP)
    .addOption(option("--port <path>", "serial port, or auto (overrides board.port)", portPath))
    .option("--no-write", "do not store the measured full-sun power in the rig file")
    .action(async (o: DoctorOptions) => {
      const { doctor } = await import("../actions/doctor.js");
      setExitCode(await doctor(o));
    });
};

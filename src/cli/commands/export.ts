import { ExitCode, OrbitrigError } from "../../core/errors.js";
import type { RegisterCommand } from "./types.js";

// Placeholder until its issue lands: the command exists so --help lists it, and says so.
export const register: RegisterCommand = (program) => {
  program
    .command("export")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      throw new OrbitrigError("USAGE", "'export' is not implemented yet", ExitCode.software);
    });
};

/**
 * `orbitrig ports`: lists serial ports and marks the likely Arduino-class boards, and
 * says which one `--port auto` would choose. On Linux without udevadm the list comes
 * from sysfs (src/transport/discovery.ts). Computing (listPorts, chooseAutoPort) is apart
 * from printing (formatPorts, in ../actions/ports.ts).
 */
import { Option } from "commander";
import type { PortsOptions } from "../actions/ports.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program) => {
  program
    .command("ports")
    .description("list serial ports and mark the likely Arduino-class boards")
    .option("--json", "print JSON instead of a table")
    .addOption(new Option("--sysfs-root <dir>", "read this sysfs tree (for tests)").hideHelp())
    .addOption(new Option("--sysfs-only", "skip serialport's lister").hideHelp())
    .action(async (opts: PortsOptions) => {
      // serialport loads only to list the ports.
      const { ports } = await import("../actions/ports.js");
      await ports(opts);
    });
};

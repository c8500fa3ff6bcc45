/**
 * `orbitrig firmware list | build PROFILE | flash PROFILE [--port P|auto] [--dry-run]`:
 * the firmware profiles under firmware-profiles/, built with Debian's arduino-mk and
 * written with avrdude (which verifies after writing).
 */
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program) => {
  const firmware = program
    .command("firmware")
    .description("list, build and flash the board firmware profiles (firmware-profiles/)");

  firmware
    .command("list")
    .description("list the firmware profiles")
    .action(async () => {
      const { listFirmware } = await import("../actions/firmware.js");
      listFirmware();
    });

  firmware
    .command("build")
    .argument("<profile>", "profile name, e.g. uno-ina219")
    .description("build the profile's sketch with arduino-mk and update its committed hex")
    .action(async (name: string) => {
      const { buildProfile } = await import("../actions/firmware.js");
      await buildProfile(name);
    });

  firmware
    .command("flash")
    .argument("<profile>", "profile name, e.g. uno-ina219")
    .option(
      "--port <path>",
      "serial port of the board, e.g. /dev/ttyACM0, or auto (found as `run` finds it)",
      "auto",
    )
    .option("--dry-run", "print the avrdude command and do nothing else (no board needed)")
    .description("write the profile's hex to the board with avrdude (write, then verify)")
    .action(async (name: string, opts: { port: string; dryRun?: boolean }) => {
      const { flashProfile } = await import("../actions/firmware.js");
      await flashProfile(name, opts);
    });
};

/**
 * Building and flashing a profile. Build: the profile's Makefile (Debian arduino-mk)
 * into a build folder, then the hex is copied to the profile's committed path.
 * Flash: avrdude with the profile's programmer, baud and part, write + verify.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { avrdudeArgs, formatCommand } from "./avrdude.js";
import type { FirmwareProfile } from "./profiles.js";
import { type Runner, spawnRunner } from "./run.js";
import { BUILD_TOOLS, FLASH_TOOLS, requireTools, systemProbe, type ToolProbe } from "./tools.js";

export interface BuildOptions {
  /** Build folder (default: build-uno inside the profile, ignored by git). */
  objDir?: string;
  /** Where the hex goes (default: the profile's committed hex path). */
  outHex?: string;
  run?: Runner;
  probe?: ToolProbe;
}

export interface BuildResult {
  hexPath: string;
  /** Flash and RAM use as avr-size reported them, when it did. */
  programBytes: number | null;
  dataBytes: number | null;
  log: string;
}

function sizeFrom(log: string, label: "Program" | "Data"): number | null {
  const m = new RegExp(`${label}:\\s+(\\d+) bytes`).exec(log);
  return m ? Number(m[1]) : null;
}

export async function buildFirmware(
  profile: FirmwareProfile,
  options: BuildOptions = {},
): Promise<BuildResult> {
  if (!profile.build) {
    throw new OrbitrigError(
      "FIRMWARE_PROFILE",
      `${profile.file}: profile '${profile.name}' has no build section: its hex comes prebuilt (${profile.hex})`,
      ExitCode.usage,
    );
  }
  requireTools(BUILD_TOOLS, `building '${profile.name}'`, options.probe ?? systemProbe);
  const objDir = options.objDir ?? join(profile.dir, "build-uno");
  mkdirSync(objDir, { recursive: true });
  const run = options.run ?? spawnRunner;
  const result = await run("make", ["-C", profile.dir, `OBJDIR=${objDir}`], {});
  if (result.code !== 0) {
    const tail = result.output.trim().split("\n").slice(-12).join("\n");
    throw new OrbitrigError(
      "COMMAND_FAILED",
      `make failed for '${profile.name}' (exit ${result.code}):\n${tail}`,
      ExitCode.software,
    );
  }
  const built = join(objDir, `${profile.build.target}.hex`);
  if (!existsSync(built)) {
    throw new OrbitrigError(
      "COMMAND_FAILED",
      `make succeeded but ${built} is missing: is build.target right in ${profile.file}?`,
      ExitCode.software,
    );
  }
  const hexPath = options.outHex ?? profile.hexPath;
  copyFileSync(built, hexPath);
  // make prints avr-size only when it links; ask it directly so a no-op build reports too.
  const size = await run(
    "avr-size",
    ["--format=avr", `--mcu=${profile.mcu}`, join(objDir, `${profile.build.target}.elf`)],
    {},
  );
  const sizeLog = size.code === 0 ? size.output : result.output;
  return {
    hexPath,
    programBytes: sizeFrom(sizeLog, "Program"),
    dataBytes: sizeFrom(sizeLog, "Data"),
    log: result.output,
  };
}

export interface FlashOptions {
  port: string;
  dryRun?: boolean;
  run?: Runner;
  probe?: ToolProbe;
  /** Prints the command before running it (the dry run prints only this). */
  print: (line: string) => void;
}

export function flashCommand(profile: FirmwareProfile, port: string): string {
  return formatCommand("avrdude", avrdudeArgs(profile, port));
}

export async function flashFirmware(
  profile: FirmwareProfile,
  options: FlashOptions,
): Promise<void> {
  if (profile.hexPath.includes(":")) {
    throw new OrbitrigError(
      "FIRMWARE_PROFILE",
      `hex path ${profile.hexPath} contains ':', which avrdude's -U option cannot take`,
      ExitCode.usage,
    );
  }
  if (!existsSync(profile.hexPath) || statSync(profile.hexPath).size === 0) {
    const fix = profile.build
      ? `run \`orbitrig firmware build ${profile.name}\``
      : "run `npm install` (it ships in a dependency)";
    throw new OrbitrigError(
      "HEX_INVALID",
      `${profile.hexPath} is missing or empty; ${fix}`,
      ExitCode.unavailable,
    );
  }
  const command = flashCommand(profile, options.port);
  if (options.dryRun) {
    options.print(command);
    return;
  }
  requireTools(FLASH_TOOLS, "flashing", options.probe ?? systemProbe);
  if (!existsSync(options.port)) {
    throw new OrbitrigError(
      "PORT_NOT_FOUND",
      `serial port ${options.port} does not exist (try \`orbitrig ports\`)`,
      ExitCode.unavailable,
    );
  }
  options.print(command);
  const run = options.run ?? spawnRunner;
  const result = await run("avrdude", avrdudeArgs(profile, options.port), { inherit: true });
  if (result.code !== 0) {
    throw new OrbitrigError(
      "COMMAND_FAILED",
      `avrdude failed (exit ${result.code}) writing ${profile.name} to ${options.port}: check the port, that nothing else holds it open, and the bootloader baud (${profile.avrdude.baud})`,
      ExitCode.unavailable,
    );
  }
  // avrdude reads the flash back and compares after writing (no -V): exit 0 means verified.
  options.print(`wrote and verified ${profile.name} (${profile.hex}) on ${options.port}`);
}

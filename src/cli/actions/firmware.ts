/** What `orbitrig firmware list | build | flash` do (their options: ../commands/firmware.ts). */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { OrbitrigError } from "../../core/errors.js";
import {
  buildFirmware,
  type FirmwareProfile,
  flashFirmware,
  listProfileNames,
  loadProfile,
  packageRoot,
} from "../../firmware/index.js";
import { resolvePort } from "../../transport/discovery.js";

/** What `--dry-run` prints for the port when `auto` finds no board (nothing is written). */
export const PORT_PLACEHOLDER = "<port>";

/**
 * The port `firmware flash` writes to: a path as given, or `auto` resolved as `run` resolves
 * it (an Arduino before a USB-serial bridge). A dry run never needs a board: when `auto`
 * finds none it shows PORT_PLACEHOLDER and says why.
 */
export async function flashPort(
  port: string,
  dryRun: boolean,
  info: (line: string) => void,
  resolve: typeof resolvePort = resolvePort,
): Promise<string> {
  if (port !== "auto") return port;
  try {
    const r = await resolve("auto");
    info(r.reason);
    return r.path;
  } catch (e) {
    if (!dryRun || !(e instanceof OrbitrigError)) throw e;
    info(`${e.message.split(";")[0]}; the command would use the port found then`);
    return PORT_PLACEHOLDER;
  }
}

/** One line per profile; computing it is apart from printing it. */
export function describeProfile(p: FirmwareProfile): string {
  const channels = p.sensors.ina219.map((c) => `0x${c.address.toString(16)}:${c.role}`).join(",");
  const protocol = p.protocolVersion === null ? "firmata" : `protocol v${p.protocolVersion}`;
  const hex = existsSync(p.hexPath)
    ? relative(packageRoot, p.hexPath)
    : `${relative(packageRoot, p.hexPath)} (missing)`;
  const buildable = p.build ? "buildable" : "prebuilt";
  return `${p.name.padEnd(18)} ${p.board}; ${p.mcu} @ ${p.baud} baud; ${protocol}; INA219 ${channels}; ${buildable}; hex ${hex}`;
}

export function listFirmware(): void {
  for (const name of listProfileNames()) {
    process.stdout.write(`${describeProfile(loadProfile(name))}\n`);
  }
}

export async function buildProfile(name: string): Promise<void> {
  const profile = loadProfile(name);
  const r = await buildFirmware(profile);
  const size =
    r.programBytes !== null && r.dataBytes !== null
      ? ` (flash ${r.programBytes} bytes, static RAM ${r.dataBytes} bytes)`
      : "";
  process.stdout.write(`built ${profile.name}: ${relative(process.cwd(), r.hexPath)}${size}\n`);
}

export async function flashProfile(
  name: string,
  opts: { port: string; dryRun?: boolean },
): Promise<void> {
  const profile = loadProfile(name);
  const port = await flashPort(opts.port, opts.dryRun === true, (line) =>
    process.stderr.write(`orbitrig: ${line}\n`),
  );
  await flashFirmware(profile, {
    port,
    dryRun: opts.dryRun === true,
    print: (line) => process.stdout.write(`${line}\n`),
  });
}

/**
 * The avrdude command that writes a profile's hex. avrdude verifies what it wrote by
 * reading the flash back after writing unless told not to (-V), so the command below
 * writes and verifies (avrdude manual, option -V "Disable automatic verify check").
 */
import type { FirmwareProfile } from "./profiles.js";

/** Programmers that talk to a bootloader, which erases each page as it writes it. */
const BOOTLOADER_PROGRAMMERS = new Set(["arduino", "wiring", "avr109", "butterfly"]);

export function avrdudeArgs(
  profile: FirmwareProfile,
  port: string,
  hexPath = profile.hexPath,
): string[] {
  const { programmer, baud, partno } = profile.avrdude;
  const args = ["-p", partno, "-c", programmer, "-P", port, "-b", String(baud)];
  // Through a bootloader a chip erase is neither possible nor needed (the Arduino IDE
  // passes -D too); through an ISP programmer the erase must happen.
  if (BOOTLOADER_PROGRAMMERS.has(programmer)) args.push("-D");
  // ':' separates the fields of -U; flashFirmware refuses a hex path containing one.
  args.push("-U", `flash:w:${hexPath}:i`);
  return args;
}

/** POSIX shell quoting, so a dry run can be pasted into a terminal as is. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(program: string, args: readonly string[]): string {
  return [program, ...args].map(shellQuote).join(" ");
}

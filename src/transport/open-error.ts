/**
 * One line for a user whose port would not open, with what usually fixes it. serialport's
 * messages look like "Error: No such file or directory, cannot open /dev/ttyACM0". Pure (kept
 * apart from serialport.ts so the board drivers need not load the native binding).
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { Transport } from "./types.js";
export function describeOpenError(path: string, err: unknown): string {
  const raw = String((err as Error)?.message ?? err)
    .replace(/^Error: /, "")
    .replace(/, cannot open \S+$/, "");
  let hint = "";
  if (/No such file|ENOENT/i.test(raw))
    hint = "; is the board plugged in? `orbitrig ports` lists what is there";
  else if (/Permission denied|EACCES/i.test(raw))
    hint =
      "; on Linux, add yourself to the dialout group (sudo usermod -aG dialout $USER) and log in again";
  else if (/busy|EBUSY|Resource temporarily unavailable|lock/i.test(raw))
    hint = "; another program (serial monitor, another orbitrig) has it open";
  else if (/Inappropriate ioctl|ENOTTY/i.test(raw)) hint = "; that path is not a serial port";
  return `cannot open ${path}: ${raw}${hint}`;
}

/** Opens a transport; a failure becomes OrbitrigError PORT_OPEN_FAILED with describeOpenError's line. */
export async function openOrExplain(transport: Transport): Promise<void> {
  try {
    await transport.open();
  } catch (e) {
    throw new OrbitrigError(
      "PORT_OPEN_FAILED",
      describeOpenError(transport.path, e),
      ExitCode.unavailable,
      {
        cause: e,
      },
    );
  }
}

/**
 * Typed errors. Everything a user can cause (a bad rig file, a missing port, a
 * firmware with another protocol version) is an OrbitrigError with a code; the CLI's
 * one entry point (src/cli/main.ts) prints its message on one line and exits with
 * its exitCode. Anything else is a bug and gets a stack trace.
 */

/** Exit codes, following sysexits.h where one fits. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  /** Bad command line or bad rig file. */
  usage: 2,
  /** The board, port or firmware is not what was expected. */
  unavailable: 69,
  software: 70,
  /** A required tool (avr-gcc, avrdude, socat) is missing. */
  missingTool: 72,
  io: 74,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
} as const;

export type ErrorCode =
  | "RIG_INVALID"
  | "RIG_NOT_FOUND"
  | "LESSON_INVALID"
  | "LESSON_NOT_FOUND"
  | "LESSON_STOPPED"
  | "USAGE"
  | "PORT_NOT_FOUND"
  | "PORT_OPEN_FAILED"
  | "HANDSHAKE_TIMEOUT"
  | "PROTOCOL_VERSION"
  | "COMMAND_FAILED"
  | "LINK_LOST"
  | "HEX_INVALID"
  | "FIRMWARE_PROFILE"
  | "TOOL_MISSING"
  | "RECORDING_INVALID"
  | "IO"
  /** A second Ctrl-C or SIGTERM while a rig was starting: left without waiting for it. */
  | "INTERRUPTED";

export class OrbitrigError extends Error {
  override readonly name = "OrbitrigError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly exitCode: number = ExitCode.failure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isOrbitrigError(e: unknown): e is OrbitrigError {
  return e instanceof OrbitrigError;
}

/** What an errno means to a user, in a few words. */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "ENOSPC":
      return "the disk is full (ENOSPC)";
    case "EDQUOT":
      return "the disk quota is used up (EDQUOT)";
    case "EFBIG":
      return "the file is larger than the file system allows (EFBIG)";
    case "EACCES":
    case "EPERM":
      return `permission denied (${err.code})`;
    case "EROFS":
      return "the file system is read-only (EROFS)";
    case "EISDIR":
      return "it is a folder (EISDIR)";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder (ENOTDIR)";
    case "ENOENT":
      return "no such file or folder (ENOENT)";
    case "EIO":
      return "input/output error (EIO)";
    default:
      return err?.code ? `${err.message}` : String(e);
  }
}

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
  | "IO";

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

/** `orbitrig run`: a session on the rig a rig file describes (serial, Firmata or emulated). */
import { option, portPath, RIG_HELP } from "../options.js";
import { addSessionOptions, type SessionFlags, sessionRunOptions } from "../session-flags.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program, setExitCode) => {
  const cmd = program
    .command("run")
    .description(
      "run a session on the rig a rig file describes (a desk rig over USB serial or Firmata, or the emulated one)",
    )
    .requiredOption("--rig <file|name>", RIG_HELP)
    .addOption(option("--port <path>", "serial port, or auto (overrides board.port)", portPath));
  addSessionOptions(cmd).action(async (o: SessionFlags & { port?: string }) => {
    // The session (the board, the dashboard, the network) loads when it runs.
    const { runSession } = await import("../session-runner.js");
    const code = await runSession({
      ...sessionRunOptions(o),
      ...(o.port ? { port: o.port } : {}),
      requireBoardKind: true,
    });
    setExitCode(code);
  });
};

import { runSession } from "../session-runner.js";
import { parseDurationOption, parsePolicy } from "./demo.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program, setExitCode) => {
  program
    .command("run")
    .description(
      "run a session on the rig a rig file describes (a desk rig over USB serial or Firmata, or the emulated one)",
    )
    .requiredOption("--rig <file>", "rig file (see rigs/)")
    .option("--port <path>", "serial port, or auto (overrides board.port)")
    .option("--headless", "no dashboard: a status line every few seconds, then a summary")
    .option("--duration <time>", "stop after this much bench time (e.g. 60s, 5m)")
    .option("--record <file>", "recording path (default: recordings/<rig>-<time>.ndjson)")
    .option("--no-record", "do not record")
    .option("--policy <name>", "duty-cycle policy (overrides the rig file)")
    .option("--json", "print the summary as JSON")
    .action(
      async (o: {
        rig: string;
        port?: string;
        headless?: boolean;
        duration?: string;
        record?: string | boolean;
        policy?: string;
        json?: boolean;
      }) => {
        const policy = parsePolicy(o.policy);
        const code = await runSession({
          rigPath: o.rig,
          ...(o.port ? { port: o.port } : {}),
          headless: o.headless === true,
          durationS: parseDurationOption(o.duration),
          record: o.record === false ? null : typeof o.record === "string" ? o.record : undefined,
          ...(policy ? { policy } : {}),
          json: o.json === true,
        });
        setExitCode(code);
      },
    );
};

/** Runs an external program: the one place src/firmware spawns processes. */
import { spawn } from "node:child_process";

export interface RunResult {
  code: number;
  /** stdout and stderr interleaved, when captured. */
  output: string;
}

export type Runner = (
  program: string,
  args: readonly string[],
  options: { cwd?: string; inherit?: boolean },
) => Promise<RunResult>;

export const spawnRunner: Runner = (program, args, options) =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      stdio: options.inherit ? "inherit" : ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C" },
    });
    let output = "";
    child.stdout?.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.stderr?.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolvePromise({ code: code ?? (signal ? 128 : 1), output }),
    );
  });

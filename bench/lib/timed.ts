/**
 * A child process timed from outside, for the benchmarks that run the built CLI: wall time,
 * and (with RSS_HOOK imported into a Node child) its peak RSS and CPU time.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

/**
 * `--import` this into a Node child: it prints the process's peak RSS and CPU time as it
 * exits (the machine is shared: CPU time says what the work costs, wall time what a user
 * waits).
 */
export const RSS_HOOK = `data:text/javascript,process.on("exit",()=>{const r=process.resourceUsage();process.stderr.write("\\nMAXRSS_KB "+r.maxRSS+" CPU_US "+(r.userCPUTime+r.systemCPUTime)+"\\n")})`;

export interface Timed {
  s: number;
  stdout: string;
  stderr: string;
  rssMb: number | null;
  cpuS: number | null;
}

/** Runs cmd to its end; throws with its stderr when it fails. */
export function timed(cmd: string, argv: string[], input?: string, env?: NodeJS.ProcessEnv): Timed {
  // Written data (a recording, the last export) goes to disk before the clock starts: its
  // write-back must not run during the next measurement.
  spawnSync("sync");
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, {
    encoding: "utf8",
    input,
    maxBuffer: 64 << 20,
    env: env ? { ...process.env, ...env } : process.env,
  });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (${r.status}): ${r.stderr}`);
  // The hook also runs in worker threads, which exit first: the last line is the process's.
  const m = [...r.stderr.matchAll(/MAXRSS_KB (\d+) CPU_US (\d+)/g)].at(-1);
  return {
    s,
    stdout: r.stdout,
    stderr: r.stderr,
    rssMb: m ? Number(m[1]) / 1024 : null,
    cpuS: m ? Number(m[2]) / 1e6 : null,
  };
}

/** The built CLI (dist/cli/main.js): the benchmarks measure the shipped code. */
const CLI = join(resolve(import.meta.dirname, "../.."), "dist/cli/main.js");

/** `orbitrig ARGS` from dist/ in a child with RSS_HOOK: wall time, peak RSS and CPU time. */
export function timedCli(args: string[], env?: NodeJS.ProcessEnv): Timed {
  return timed(process.execPath, ["--import", RSS_HOOK, CLI, ...args], undefined, env);
}

/**
 * Starts a worker thread from a module next to the caller, built (dist/*.js) or from source
 * (src/*.ts, as the tests and `tsx` run it). Node cannot load TypeScript in a worker by
 * itself, so from source the worker first loads tsx's ESM API (a devDependency, present
 * wherever the sources run) and imports the module through it.
 */
import { availableParallelism } from "node:os";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { ExitCode, OrbitrigError } from "./errors.js";

/** `name` is the module's file name without extension, beside `callerUrl` (import.meta.url). */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (callerUrl.endsWith(".ts")) {
    const target = new URL(`./${name}.ts`, callerUrl).href;
    const api = import.meta.resolve("tsx/esm/api");
    const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}))`;
    return new Worker(code, { ...options, eval: true });
  }
  return new Worker(new URL(`./${name}.js`, callerUrl), options);
}

/**
 * Threads a parallel job may use: ORBITRIG_THREADS when set (0 or 1: none besides the main
 * thread), otherwise the machine's available parallelism, at most `max`.
 */
export function threadBudget(max: number): number {
  const env = process.env.ORBITRIG_THREADS?.trim();
  if (env === undefined || env === "") return Math.min(availableParallelism(), max);
  // A value that is not a count is a mistake to say, not to pass over: the user set it to
  // change something (ORBITRIG_THREADS=one, =2.5).
  if (!/^\d+$/.test(env))
    throw new OrbitrigError(
      "USAGE",
      `ORBITRIG_THREADS is "${env}": give a whole number of threads (1: the main thread only)`,
      ExitCode.usage,
    );
  return Math.min(Number(env), max);
}

/**
 * Preloaded with `node --import` by tests/cli/startup-imports.test.ts: writes the URL of
 * every module the process loads through the ES module loader (our files and each package
 * they import) to the file named by ORBITRIG_LOAD_LOG, one a line. The same file is the
 * hooks module: the main thread registers it, and Node runs its `load` on the hooks thread.
 */
import { appendFileSync } from "node:fs";
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

if (isMainThread) register(import.meta.url, { data: process.env.ORBITRIG_LOAD_LOG });

/** @type {string} */
let logPath = "";

/** @param {string} data the log file's path */
export function initialize(data) {
  logPath = data;
}

/**
 * @param {string} url
 * @param {object} context
 * @param {(url: string, context: object) => Promise<object>} next
 */
export async function load(url, context, next) {
  appendFileSync(logPath, `${url}\n`);
  return next(url, context);
}

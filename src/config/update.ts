/**
 * Writes one value back into a rig file, keeping its comments and layout (yaml's
 * Document API). Used by `orbitrig doctor` to store the measured full-sun bench power.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { loadRigText } from "./load.js";

export function setRigValue(path: string, keyPath: readonly string[], value: unknown): void {
  const text = readFileSync(path, "utf8");
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new OrbitrigError("RIG_INVALID", `${path}: ${doc.errors[0]!.message}`, ExitCode.usage);
  doc.setIn(keyPath, value);
  const out = doc.toString();
  // Refuse to write a file that would no longer load.
  loadRigText(out, path);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, out);
  renameSync(tmp, path);
}

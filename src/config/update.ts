/**
 * Writes one value back into a rig file, keeping its comments and layout (yaml's
 * Document API). Used by `orbitrig doctor` to store the measured full-sun bench power.
 */
import { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { describeFsError, ExitCode, OrbitrigError } from "../core/errors.js";
import { loadRigText } from "./load.js";

/**
 * Sets keyPath to value in the rig file at path. A file that would no longer load is not
 * written (RIG_INVALID); a file or folder that cannot be written is an IO error (exit 74)
 * with one line, the file left as it was. A read-only file is respected even where its
 * folder would let the rename replace it.
 */
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
  try {
    accessSync(path, constants.W_OK);
    writeFileSync(tmp, out, { flag: "wx" });
    renameSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") rmSync(tmp, { force: true });
    throw new OrbitrigError("IO", `${path}: cannot write: ${describeFsError(e)}`, ExitCode.io, {
      cause: e,
    });
  }
}

/**
 * What `orbitrig rigs list` and `rigs copy` do (their options: ../commands/rigs.ts).
 * Computing (describeRigs, nextCommand) is apart from printing.
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeShippedRig, type ShippedRig, shippedRigs } from "../../config/index.js";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import { shippedNames } from "../../core/shipped.js";
import { type OutputTarget, usageError } from "../options.js";

/** One line per rig: name, board kind, description. Pure. */
export function describeRigs(rigs: readonly ShippedRig[]): string {
  const w = Math.max(0, ...rigs.map((r) => r.name.length));
  const kind = (r: ShippedRig) => r.boardKind ?? "none";
  const k = Math.max(0, ...rigs.map((r) => kind(r).length));
  return rigs.map((r) => `${r.name.padEnd(w)}  ${kind(r).padEnd(k)}  ${r.description}\n`).join("");
}

function shellWord(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** What to run after copying a rig to `file`, by the board it names. Pure. */
export function nextCommand(rig: Pick<ShippedRig, "boardKind">, file: string): string {
  const f = shellWord(file);
  if (rig.boardKind === null) return `orbitrig simulate --rig ${f}`;
  if (rig.boardKind === "emulated") return `orbitrig demo --rig ${f}`;
  // A desk rig's full-sun bench power is measured before its first run.
  return `orbitrig doctor --rig ${f}   (then: orbitrig run --rig ${f})`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Writes the shipped text to `file` (into it, if a folder); returns the path written. */
function copyRig(rig: ShippedRig, file: string, force: boolean): string {
  const path = isDirectory(file) ? join(file, `${rig.name}.yaml`) : file;
  try {
    // "wx" fails if the file exists, in the same system call that creates it.
    writeFileSync(path, rig.text, { flag: force ? "w" : "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw usageError(`${path} exists; add --force to overwrite it`);
    throw new OrbitrigError(
      "IO",
      `${path}: cannot write (${code === "ENOENT" ? "no such folder" : (code ?? String(e))})`,
      ExitCode.io,
    );
  }
  return path;
}

export function listRigs(o: { json?: boolean }): void {
  const all = shippedRigs();
  process.stdout.write(
    o.json
      ? `${JSON.stringify(
          all.map(({ text: _text, ...r }) => r),
          null,
          2,
        )}\n`
      : describeRigs(all),
  );
}

export function copyShippedRig(name: string, target: OutputTarget, o: { force?: boolean }): void {
  const rig = describeShippedRig(name);
  if (!rig) {
    throw usageError(
      `${name}: no shipped rig of that name (shipped: ${shippedNames("rigs").join(", ")})`,
    );
  }
  if (target.kind === "stdout") {
    process.stdout.write(rig.text);
    return;
  }
  const path = copyRig(rig, target.path, o.force === true);
  process.stdout.write(`copied ${rig.name} to ${path}; next: ${nextCommand(rig, path)}\n`);
}

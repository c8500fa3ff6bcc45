/**
 * Finding and reading a rig or lesson file: a path or a shipped name, read as UTF-8 text
 * up to the kind's size limit (./yaml-file.ts parses and validates it).
 */
import { statSync } from "node:fs";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { readBounded } from "../core/read-bounded.js";
import { isBareName, shipped, shippedNames } from "../core/shipped.js";
import { fileLineError, type YamlKind } from "./yaml-file.js";

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Where a --rig or lesson argument points. A file that exists wins; otherwise a bare name
 * ("classroom", "classroom.yaml") is one shipped in the package's folder of that kind, and
 * an unknown bare name lists the shipped ones. Anything else is a path, read as given.
 */
export function findYamlFile(
  arg: string,
  kind: YamlKind,
): { path: string; shippedName: string | null } {
  if (isFile(arg) || !isBareName(arg)) return { path: arg, shippedName: null };
  const path = shipped(kind.shipped, arg);
  if (path) return { path, shippedName: arg.replace(/\.ya?ml$/, "") };
  throw new OrbitrigError(
    kind.notFoundCode,
    `${arg}: no such ${kind.noun} file, and no shipped ${kind.noun} of that name (shipped: ${shippedNames(kind.shipped).join(", ")}${kind.listHint ?? ""})`,
    ExitCode.usage,
  );
}

/** A rig or lesson file's text; one line (exit 2) when it cannot be read. */
export function readYamlFile(path: string, kind: YamlKind): string {
  let bytes: Buffer;
  try {
    bytes = readBounded(path, kind.maxBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OrbitrigError(
      kind.notFoundCode,
      code === "EISDIR"
        ? `${path}: is a folder, not a ${kind.noun} file`
        : `${path}: cannot read ${kind.noun} file (${code === "ENOENT" ? "no such file" : (code ?? String(e))})`,
      ExitCode.usage,
    );
  }
  if (bytes.length > kind.maxBytes)
    throw fileLineError(
      kind,
      path,
      1,
      "(top level)",
      `the file is over ${kind.maxBytes / 1024} KiB; a ${kind.noun} file may be at most ${kind.maxBytes / 1024} KiB`,
    );
  const text = bytes.toString("utf8");
  // Bytes that are not UTF-8 would be read as U+FFFD and land in names and recordings.
  const back = Buffer.from(text, "utf8");
  if (!back.equals(bytes)) {
    let at = 0;
    while (at < bytes.length && bytes[at] === back[at]) at++;
    const line = bytes.subarray(0, at).toString("latin1").split("\n").length;
    throw fileLineError(
      kind,
      path,
      line,
      "(top level)",
      `the file is not UTF-8 text (byte 0x${bytes[at]!.toString(16).padStart(2, "0")}); save it as UTF-8`,
    );
  }
  return text;
}

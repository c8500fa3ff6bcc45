/**
 * Creating the files orbitrig writes (recordings, CSV and Parquet exports): where they may go,
 * how they are opened, and one line for each way that can fail.
 *
 * - Paths under /proc and /sys are refused before any folder is made: Node 20's
 *   `mkdirSync(path, {recursive: true})` spins for ever on procfs (seen on Node 20.20), and no
 *   kernel file system is a place for a recording.
 * - "exclusive" opens with `wx`: an existing file is refused in the same system call that
 *   creates the new one, so two sessions can never share a file. "unique" does the same and,
 *   when the name is taken, tries `name-2.ext`, `name-3.ext`, …: default recording names
 *   stamped to the second stay distinct when two sessions start in the same second.
 * - A file that exists and is not a regular file (a folder, /dev/full, a FIFO) is refused
 *   even with "overwrite": a recording must read back.
 */
import { closeSync, fstatSync, mkdirSync, openSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { describeFsError, ExitCode, OrbitrigError } from "../core/errors.js";
import { dictionaryPathFor } from "./export-columns.js";

export type CreateMode = "exclusive" | "overwrite" | "unique";

/** Kernel file systems: nothing orbitrig writes belongs there, and mkdir may hang on them. */
const VIRTUAL_ROOTS = ["/proc", "/sys"];

function ioError(path: string, what: string, cause?: unknown): OrbitrigError {
  return new OrbitrigError("IO", `${path}: ${what}`, ExitCode.io, { cause });
}

/** Refuses a path under a kernel file system (before anything touches it). */
export function refuseVirtualPath(path: string, what = "a file"): void {
  const abs = resolve(path);
  const root = VIRTUAL_ROOTS.find((r) => abs === r || abs.startsWith(`${r}/`));
  if (root) {
    throw new OrbitrigError(
      "USAGE",
      `${path}: is under ${root}, a kernel file system, not a place for ${what}; give a path on a disk`,
      ExitCode.usage,
    );
  }
}

function withSuffix(path: string, n: number): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-${n}${ext}`;
}

/**
 * Creates `path` (and its folders) for writing; returns the descriptor and the path really
 * used ("unique" may add a suffix). Every failure is an OrbitrigError with one line: IO (74)
 * when the file cannot be created, USAGE (2) for a path that exists without "overwrite" and
 * for a kernel file system.
 */
export function createOutputFile(
  path: string,
  mode: CreateMode,
  what = "a recording",
): { fd: number; path: string } {
  refuseVirtualPath(path, what);
  makeFolderFor(path);
  const existing = statOrNull(path);
  if (existing && !existing.isFile()) {
    throw ioError(
      path,
      `cannot create ${what}: ${existing.isDirectory() ? "it is a folder" : "it is not a regular file"}`,
    );
  }
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? path : withSuffix(path, n);
    try {
      const fd = openSync(candidate, mode === "overwrite" ? "w" : "wx");
      if (!fstatSync(fd).isFile()) {
        closeSync(fd);
        throw ioError(candidate, `cannot create ${what}: it is not a regular file`);
      }
      return { fd, path: candidate };
    } catch (e) {
      if (e instanceof OrbitrigError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST" && mode === "unique") continue;
      if (code === "EEXIST") {
        throw new OrbitrigError(
          "USAGE",
          `${candidate}: exists; give --overwrite to replace it, or another path`,
          ExitCode.usage,
          { cause: e },
        );
      }
      throw ioError(candidate, `cannot create ${what}: ${describeFsError(e)}`, e);
    }
  }
  throw ioError(path, `cannot create ${what}: 999 files of that name exist already`);
}

/** Makes the folder `path` goes in; one IO line when it cannot be made. */
function makeFolderFor(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    // A recursive mkdir meeting a file on the way says EEXIST (Node 20) or ENOTDIR.
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "EEXIST" || code === "ENOTDIR"
        ? "a part of the path is a file, not a folder"
        : describeFsError(e);
    throw ioError(path, `cannot create its folder: ${why}`, e);
  }
}

/**
 * Refuses to write `out` when it is the file `input` (the same path however spelled, a link
 * to it): opening it for writing would empty the recording before it is read.
 */
export function refuseSameFile(out: string, input: string, what: string): void {
  const o = statOrNull(out);
  const i = statOrNull(input);
  if (o && i && o.dev === i.dev && o.ino === i.ino) {
    throw new OrbitrigError(
      "USAGE",
      `${out}: is the recording being read (${input}); give another path for ${what}`,
      ExitCode.usage,
    );
  }
}

/**
 * Refuses an export to `out` that would write over the recording `input`: `out` itself, or
 * the column dictionary written beside it.
 */
export function refuseExportOverInput(out: string, input: string, what: string): void {
  refuseSameFile(out, input, what);
  refuseSameFile(dictionaryPathFor(out), input, "the column dictionary");
}

/** Writes an export's column dictionary (JSON text); one IO line when it cannot. */
export function writeDictionaryFile(path: string, json: string): void {
  try {
    writeFileSync(path, json);
  } catch (e) {
    throw writeFailure(path, e);
  }
}

/**
 * Opens an export's output for writing (its folders made, an existing file replaced). Unlike
 * a recording, it may be a device or a FIFO (`/dev/null`, a pipe): it is only written, never
 * read back. `regular`: a file a failed export should remove.
 */
export function openExportFile(path: string, what: string): { fd: number; regular: boolean } {
  refuseVirtualPath(path, what);
  makeFolderFor(path);
  if (statOrNull(path)?.isDirectory()) throw ioError(path, `cannot create ${what}: it is a folder`);
  try {
    const fd = openSync(path, "w");
    return { fd, regular: fstatSync(fd).isFile() };
  } catch (e) {
    throw ioError(path, `cannot create ${what}: ${describeFsError(e)}`, e);
  }
}

/** A write to an export's output failed: one IO line (file system errors), else the error. */
export function writeFailure(path: string, e: unknown): unknown {
  if (e instanceof OrbitrigError || !(e as NodeJS.ErrnoException)?.code) return e;
  return ioError(path, `cannot write: ${describeFsError(e)}`, e);
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * A report's output folder, shared by every report writer (recording, comparison,
 * simulation, constellation): kernel file system paths refused, the folder made, each file
 * written and listed; a folder or file that cannot be written is one IO line, not a trace,
 * and leaves no file cut short.
 */
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { refuseVirtualPath } from "../telemetry/output-file.js";

export interface ReportFolder {
  /** The report's files, once commit() has put them in place, in order. */
  readonly files: string[];
  /** Writes a file of the report beside its final name (put in place by commit()). */
  write(name: string, data: string | Buffer | Uint8Array): void;
  /** Each chart as name.svg and name.png. */
  writeCharts(charts: readonly { name: string; svg: string; png: Buffer | Uint8Array }[]): void;
  /** Puts every file written in place (replacing an earlier report's); returns their paths. */
  commit(): string[];
}

/**
 * The report is staged: each file is written as a hidden part beside its final name, and
 * only when every file is whole are they renamed into place. A report that fails (a full
 * disk, a folder where a file goes) removes its parts and leaves the folder as it was: an
 * earlier report in it is not mixed with half of a new one.
 */
export function reportFolder(outDir: string): ReportFolder {
  refuseVirtualPath(outDir, "a report");
  const created = !existsSync(outDir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new OrbitrigError(
      "IO",
      `${outDir}: cannot create the report folder (${(e as Error).message})`,
      ExitCode.io,
    );
  }
  const staged: Array<{ part: string; final: string }> = [];
  const files: string[] = [];
  const fail = (p: string, e: unknown, replaced = false): OrbitrigError => {
    for (const s of staged) rmSync(s.part, { force: true });
    staged.length = 0;
    if (created) {
      try {
        rmdirSync(outDir);
      } catch {
        // not empty: something else was put there meanwhile; leave it
      }
    }
    const kept = replaced
      ? `the report in ${outDir} is incomplete`
      : created
        ? "no report was written"
        : "the folder keeps what it had";
    return new OrbitrigError(
      "IO",
      `${p}: cannot write (${(e as Error).message}); ${kept}`,
      ExitCode.io,
    );
  };
  const write = (name: string, data: string | Buffer | Uint8Array) => {
    const final = join(outDir, name);
    const part = join(outDir, `.${name}.orbitrig-part`);
    let fd: number;
    try {
      fd = openSync(part, "w");
    } catch (e) {
      throw fail(final, e);
    }
    staged.push({ part, final });
    try {
      writeFileSync(fd, data);
    } catch (e) {
      closeSync(fd);
      throw fail(final, e);
    }
    closeSync(fd);
  };
  return {
    files,
    write,
    writeCharts(charts) {
      for (const c of charts) {
        write(`${c.name}.svg`, c.svg);
        write(`${c.name}.png`, c.png);
      }
    },
    commit() {
      // A folder (or a pipe, a device) where a report file goes is refused before any file
      // is replaced. (A symbolic link is replaced by the file, as any earlier file is.)
      for (const s of staged) {
        const st = lstatSync(s.final, { throwIfNoEntry: false });
        if (st && !st.isFile() && !st.isSymbolicLink())
          throw fail(s.final, new Error(st.isDirectory() ? "EISDIR: a folder" : "not a file"));
      }
      for (const s of staged) {
        try {
          renameSync(s.part, s.final);
        } catch (e) {
          throw fail(s.final, e, files.length > 0);
        }
        files.push(s.final);
      }
      staged.length = 0;
      return files;
    },
  };
}

/**
 * A report's output folder, shared by every report writer (recording, comparison,
 * simulation, constellation): kernel file system paths refused, the folder made, each file
 * written and listed; a folder or file that cannot be written is one IO line, not a trace,
 * and leaves no file cut short.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { refuseVirtualPath } from "../telemetry/output-file.js";

export interface ReportFolder {
  /** Paths written so far, in order. */
  readonly files: string[];
  write(name: string, data: string | Buffer): void;
  /** Each chart as name.svg and name.png. */
  writeCharts(charts: readonly { name: string; svg: string; png: Buffer | Uint8Array }[]): void;
}

export function reportFolder(outDir: string): ReportFolder {
  refuseVirtualPath(outDir, "a report");
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new OrbitrigError(
      "IO",
      `${outDir}: cannot create the report folder (${(e as Error).message})`,
      ExitCode.io,
    );
  }
  const files: string[] = [];
  const write = (name: string, data: string | Buffer | Uint8Array) => {
    const p = join(outDir, name);
    const failed = (e: unknown) =>
      new OrbitrigError(
        "IO",
        `${p}: cannot write (${(e as Error).message}); the report in ${outDir} is incomplete`,
        ExitCode.io,
      );
    let fd: number;
    try {
      fd = openSync(p, "w");
    } catch (e) {
      throw failed(e);
    }
    try {
      writeFileSync(fd, data);
    } catch (e) {
      // A file cut short (a full disk) would open as if whole: it goes, and the line says so.
      closeSync(fd);
      rmSync(p, { force: true });
      throw failed(e);
    }
    closeSync(fd);
    files.push(p);
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
  };
}

/**
 * Where `export` may write, as a user meets it on the command line (the built CLI): an output
 * that is the recording itself is refused before it is opened (opening it for writing empties
 * the recording); a path that cannot be written is one line and exit 74, never a stack trace;
 * a CSV cut short by a full disk is removed, so no file that looks complete is left.
 */
import { execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { writeSyntheticRecording } from "../telemetry/synthetic.js";

const run = promisify(execFile);
// The built CLI, as a user runs it (`npm test` builds first).
const CLI = join(import.meta.dirname, "../../bin/orbitrig.js");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI through bash: `redirect` is appended (`> /dev/full`), `ulimit -f` caps files. */
async function orbitrig(args: string[], opts: { fileSizeKb?: number; redirect?: string } = {}) {
  const limit = opts.fileSizeKb === undefined ? "" : `ulimit -f ${opts.fileSizeKb}; `;
  const script = `${limit}exec "$0" "$@" ${opts.redirect ?? ""}`;
  try {
    const r = await run("bash", ["-c", script, process.execPath, CLI, ...args], {
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as Result;
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

function recording(frames = 1300): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-export-out-"));
  const path = join(dir, "rec.ndjson");
  writeSyntheticRecording(path, frames);
  return { dir, path };
}

function oneLine(r: Result, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

describe("export's output paths", () => {
  it("refuses to write over the recording it reads, however the path is spelled", async () => {
    const { dir, path } = recording();
    const before = readFileSync(path);
    symlinkSync(path, join(dir, "link.csv"));
    const cases: Array<[string[], RegExp]> = [
      [["--csv", path], /rec\.ndjson: is the recording being read/],
      [["--parquet", path], /rec\.ndjson: is the recording being read/],
      [["--csv", join(dir, ".", "rec.ndjson")], /is the recording being read/],
      [["--csv", join(dir, "link.csv")], /link\.csv: is the recording being read/],
      // rec.csv's column dictionary would be rec.columns.json: here that is the recording.
      [["--csv", join(dir, "rec.csv")], /rec\.columns\.json: is the recording being read/],
    ];
    const renamed = join(dir, "rec.columns.json");
    writeFileSync(renamed, before);
    for (const [args, message] of cases) {
      const input = args[1]!.endsWith("rec.csv") ? renamed : path;
      const r = await orbitrig(["export", input, ...args]);
      oneLine(r, 2, message);
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readFileSync(renamed).equals(before)).toBe(true);
    expect(existsSync(join(dir, "rec.csv"))).toBe(false);
  });

  it("refuses --csv and --parquet naming the same file, or one the other's column dictionary", async () => {
    const { dir, path } = recording();
    const out = join(dir, "both.out");
    const cases: Array<[string, string]> = [
      [out, out],
      // run.parquet's dictionary is run.columns.json: it would replace the CSV.
      [join(dir, "run.columns.json"), join(dir, "run.parquet")],
      [join(dir, "run.csv"), join(dir, "run.columns.json")],
    ];
    for (const [csv, parquet] of cases) {
      oneLine(
        await orbitrig(["export", path, "--csv", csv, "--parquet", parquet]),
        2,
        /--csv and --parquet name the same file/,
      );
      expect(existsSync(csv) || existsSync(parquet)).toBe(false);
    }
  });

  it("says in one line when the CSV cannot be written, and exits 74", async () => {
    const { dir, path } = recording();
    writeFileSync(join(dir, "afile"), "x");
    mkdirSync(join(dir, "folder"));
    const cases: Array<[string, RegExp]> = [
      [
        join(dir, "afile", "x.csv"),
        /afile\/x\.csv: cannot create its folder: a part of the path is a file/,
      ],
      [join(dir, "folder"), /folder: cannot create a CSV export: it is a folder/],
      ["/dev/full", /\/dev\/full: cannot write: the disk is full \(ENOSPC\)/],
    ];
    for (const [out, message] of cases)
      oneLine(await orbitrig(["export", path, "--csv", out]), 74, message);
  });

  it("removes a CSV that a full disk cut short", async () => {
    const { dir, path } = recording(20_000);
    const out = join(dir, "cut.csv");
    const r = await orbitrig(["export", path, "--csv", out], { fileSizeKb: 64 });
    oneLine(
      r,
      74,
      /cut\.csv: cannot write: the file is larger than the file system allows \(EFBIG\)/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("says in one line when stdout cannot take the JSON summary either", async () => {
    const { path } = recording();
    const r = await orbitrig(["export", path, "--json"], { redirect: "> /dev/full" });
    oneLine(r, 74, /standard output: cannot write: the disk is full \(ENOSPC\)/);
  });

  it("says in one line when stdout cannot take the CSV", async () => {
    const { path } = recording();
    const r = await orbitrig(["export", path, "--csv", "-"], { redirect: "> /dev/full" });
    oneLine(r, 74, /stdout: cannot write: the disk is full \(ENOSPC\)/);
  });

  it("a Ctrl-C mid-export leaves the earlier CSV and Parquet as they were, never a cut file under their names", async () => {
    // 60,000 frames (23 MB): a scan of a good fraction of a second, on one thread.
    const { dir, path } = recording(60_000);
    for (const kind of ["csv", "parquet"] as const) {
      const out = join(dir, `run.${kind}`);
      const dictionary = join(dir, "run.columns.json");
      writeFileSync(out, "earlier export\n");
      writeFileSync(dictionary, "{}\n");
      const child = spawn(process.execPath, [CLI, "export", path, `--${kind}`, out], {
        stdio: "ignore",
      });
      const exited = new Promise<{ code: number | null; signal: string | null }>((ok) =>
        child.on("exit", (code, signal) => ok({ code, signal })),
      );
      // The export has begun writing once its part is there (or, unstaged, once the file
      // under the name is no longer the earlier one): Ctrl-C then.
      let early: { code: number | null } | null = null;
      void exited.then((r) => {
        early = r;
      });
      while (
        early === null &&
        !readdirSync(dir).some((n) => n.endsWith(".orbitrig-part")) &&
        statSync(out).size === "earlier export\n".length
      )
        await new Promise((ok) => setTimeout(ok, 2));
      expect(early, "the export ended before it was interrupted").toBeNull();
      child.kill("SIGINT");
      const r = await exited;
      expect(r.code === 130 || r.signal === "SIGINT", JSON.stringify(r)).toBe(true);
      expect(readFileSync(out, "utf8")).toBe("earlier export\n");
      expect(readFileSync(dictionary, "utf8")).toBe("{}\n");
      // The next export to that name replaces the part and puts a whole file in place.
      const again = await orbitrig(["export", path, `--${kind}`, out]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`column dictionary ${dictionary}`);
      expect(readdirSync(dir).filter((n) => n.startsWith("."))).toEqual([]);
      expect(statSync(out).size).toBeGreaterThan(1_000_000);
    }
  });
});

describe("export to a device or a named pipe", () => {
  it("a CSV goes there with no column dictionary beside it (there was /dev/null.columns.json); a Parquet file is refused", async () => {
    const { dir, path } = recording(200);
    const fifo = join(dir, "rows.csv");
    await run("mkfifo", [fifo]);
    // Whoever reads the pipe: here, a count of its bytes.
    const reader = run("bash", ["-c", 'wc -c < "$0"', fifo], { encoding: "utf8" });
    const r = await orbitrig(["export", path, "--csv", fifo]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("column dictionary");
    expect(Number((await reader).stdout.trim())).toBeGreaterThan(1000);
    // Parquet is written with seeks: a pipe cannot take it (one line, before anything).
    const pq = join(dir, "rows.parquet");
    await run("mkfifo", [pq]);
    oneLine(
      await orbitrig(["export", path, "--parquet", pq]),
      74,
      /rows\.parquet: cannot create a Parquet export: it is not a regular file/,
    );
    expect(readdirSync(dir).filter((f) => f.endsWith(".columns.json"))).toEqual([]);
  });
});

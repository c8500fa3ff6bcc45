/**
 * The built CLI as a user runs it (`npm test` builds first): the option grammar's errors,
 * shipped rigs found by name from any folder, `rigs list` and `rigs copy`, "-" as stdout
 * for `export --csv`, and `export --parquet` beside it.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticRecording } from "../telemetry/synthetic.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "bin/orbitrig.js");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function orbitrig(args: string[], cwd = ROOT): Promise<Result> {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      encoding: "utf8",
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as Result;
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), "orbitrig-cli-"));

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/main.js")))
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
});

describe("the option grammar on the command line", () => {
  it("demo --duration 1h30m is accepted: the run gets as far as the rig", async () => {
    // A rig that does not exist stops the run after the options are read, before any
    // emulator starts: the error is about the rig, not the duration.
    const r = await orbitrig(["demo", "--headless", "--duration", "1h30m", "--rig", "no-such-rig"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^orbitrig: no-such-rig: no such rig file, and no shipped rig/);
    expect(r.stderr).not.toContain("--duration");
  });

  it("a bad duration is one line, exit 2, pointing at demo's help", async () => {
    const r = await orbitrig(["demo", "--headless", "--duration", "1h3x"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      'orbitrig: --duration: expected seconds > 0 or a duration like 90s, 5m, 1h30m, 2.5min, 1d, got "1h3x" (see `orbitrig demo --help`)',
    ]);
  });

  it("commander's own mistakes are one line too", async () => {
    const r = await orbitrig(["simulate", "--rig", "sim-starlink", "--orbitz", "3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "orbitrig: unknown option '--orbitz' (Did you mean --orbits?) (see `orbitrig simulate --help`)\n",
    );
  });
});

describe("shipped rigs by name", () => {
  const name = (r: Result) => (JSON.parse(r.stdout) as { name: string }).name;

  it("--rig NAME finds the package's rig from any folder; a file there wins", async () => {
    const dir = tmp();
    const byName = await orbitrig(
      ["simulate", "--rig", "sim-starlink", "--orbits", "1", "--json"],
      dir,
    );
    expect(byName.code).toBe(0);
    expect(name(byName)).toBe("sim-starlink");
    const withExt = await orbitrig(
      ["simulate", "--rig", "sim-geo.yaml", "--orbits", "1", "--json"],
      dir,
    );
    expect(name(withExt)).toBe("sim-geo");
    writeFileSync(join(dir, "sim-geo.yaml"), "name: mine\norbit:\n  preset: iss\n");
    const own = await orbitrig(
      ["simulate", "--rig", "sim-geo.yaml", "--orbits", "1", "--json"],
      dir,
    );
    expect(name(own)).toBe("mine");
  });

  it("an unknown name lists the shipped rigs", async () => {
    const r = await orbitrig(["simulate", "--rig", "classrom"], tmp());
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/shipped: classroom, desk-firmata, desk-uno, emulated, /);
  });

  it("rigs list: one line per rig with its board kind; --json", async () => {
    const text = await orbitrig(["rigs", "list"]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines).toContain(
      "classroom         emulated  ISS-like orbit at beta 0 (longest eclipse), one orbit in about 90 s.",
    );
    expect(lines.find((l) => l.startsWith("desk-uno "))).toMatch(/^desk-uno\s+serial\s+LED lamp/);
    expect(lines.find((l) => l.startsWith("sim-geo "))).toMatch(/^sim-geo\s+none\s+AI compute/);
    const json = JSON.parse((await orbitrig(["rigs", "list", "--json"])).stdout) as {
      name: string;
      boardKind: string | null;
      path: string;
    }[];
    expect(json.map((r) => r.name)).toEqual(lines.map((l) => l.split(" ")[0]));
    expect(json.find((r) => r.name === "desk-firmata")?.boardKind).toBe("firmata");
    expect(json.every((r) => existsSync(r.path))).toBe(true);
  });

  it("rigs copy writes the file as shipped, refuses to overwrite, and says what to run", async () => {
    const dir = tmp();
    const file = join(dir, "mine.yaml");
    const first = await orbitrig(["rigs", "copy", "desk-uno", file]);
    expect(first.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(join(ROOT, "rigs/desk-uno.yaml"), "utf8"));
    expect(first.stdout).toBe(
      `copied desk-uno to ${file}; next: orbitrig doctor --rig ${file}   (then: orbitrig run --rig ${file})\n`,
    );
    writeFileSync(file, "name: edited\n");
    const again = await orbitrig(["rigs", "copy", "classroom", file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; add --force to overwrite it/);
    expect(readFileSync(file, "utf8")).toBe("name: edited\n");
    const forced = await orbitrig(["rigs", "copy", "classroom", file, "--force"]);
    expect(forced.stdout).toMatch(/; next: orbitrig demo --rig /);
    expect(readFileSync(file, "utf8")).toMatch(/^# Classroom demo/);
  });

  it("rigs copy into a folder, to stdout, and of an unknown rig", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "rigs"));
    const folder = await orbitrig(["rigs", "copy", "sim-geo", "rigs"], dir);
    expect(folder.stdout).toMatch(/next: orbitrig simulate --rig rigs\/sim-geo.yaml\n$/);
    expect(existsSync(join(dir, "rigs/sim-geo.yaml"))).toBe(true);
    const out = await orbitrig(["rigs", "copy", "classroom", "-"]);
    expect(out.stdout).toBe(readFileSync(join(ROOT, "rigs/classroom.yaml"), "utf8"));
    const unknown = await orbitrig(["rigs", "copy", "nope", join(dir, "x.yaml")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^orbitrig: nope: no shipped rig of that name \(shipped: /);
  });
});

describe('"-" is stdout', () => {
  function recording(frames: number): string {
    const path = join(tmp(), "rec.ndjson");
    writeSyntheticRecording(path, frames);
    return path;
  }

  it("export --csv - writes the same CSV as --csv FILE", async () => {
    const rec = recording(400);
    const file = join(tmp(), "a.csv");
    expect((await orbitrig(["export", rec, "--csv", file, "--to", "20s"])).code).toBe(0);
    const piped = await orbitrig(["export", rec, "--csv", "-", "--to", "20s"]);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(readFileSync(file, "utf8"));
    expect(piped.stderr).toMatch(/^stdout: \d+ rows, \d+ columns\n$/);
  });

  it("export --parquet writes the --csv rows, typed, with the column dictionary beside it", async () => {
    const rec = recording(400);
    const dir = tmp();
    const [csv, pq] = [join(dir, "run.csv"), join(dir, "run.parquet")];
    const columns = "time_iso,seq,bench_power_mW,orbit_number,orbit_region,sat_floor_violation";
    const r = await orbitrig(
      ["export", rec, "--csv", csv, "--parquet", pq, "--from", "5s", "--to", "20s"].concat([
        "--columns",
        columns,
      ]),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /run\.parquet: \d+ rows, 6 columns, 1 row group; column dictionary .*run\.columns\.json\n$/,
    );
    const [head, ...lines] = readFileSync(csv, "utf8").trim().split("\r\n");
    expect(r.stderr).toContain(`run.parquet: ${lines.length} rows`);
    expect(lines.length).toBeGreaterThan(100);
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(pq) })) as Record<
      string,
      unknown
    >[];
    expect(Object.keys(rows[0]!)).toEqual(head!.split(","));
    const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
    expect(rows.map((row) => Object.values(row).map(cell).join(","))).toEqual(lines);
    expect(JSON.parse(readFileSync(join(dir, "run.columns.json"), "utf8")).columns).toHaveLength(6);
  });

  it("--parquet - is refused: a Parquet file needs a path", async () => {
    const r = await orbitrig(["export", recording(10), "--parquet", "-"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^orbitrig: --parquet -: cannot write to stdout/);
  });

  it("--csv - with --json is refused: both would go to stdout", async () => {
    const r = await orbitrig(["export", recording(10), "--csv", "-", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--csv - and --json both write to stdout/);
  });

  it("export --csv - stops quietly when the reader goes away", async () => {
    // Enough rows for several 4 MB writes: the reader leaves after the first chunk.
    const rec = recording(60_000);
    const child = spawn(process.execPath, [CLI, "export", rec, "--csv", "-"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});

describe("output through a pipe", () => {
  it("a long --json arrives whole: the CLI waits for stdout to drain before it exits", async () => {
    // 3000 orbits of per-orbit figures are about a megabyte; a pipe takes 64 KiB at a time.
    const r = await orbitrig(["simulate", "--rig", "sim-starlink", "--orbits", "3000", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(512 * 1024);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it("a reader that goes away early is not an error", async () => {
    const child = spawn(
      process.execPath,
      [CLI, "simulate", "--rig", "sim-starlink", "--orbits", "3000", "--json"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});

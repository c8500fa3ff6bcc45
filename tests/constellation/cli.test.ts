/**
 * `orbitrig constellation` as a user runs it: bad input is one line that says why, exit 2,
 * never a silent all-zero result; links of zero capacity are valid; --json is the figures;
 * --report writes its files. In process through the command tree, and once through the
 * built CLI (`npm test` builds first) for the exit code and stderr.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildProgram, failureLine } from "../../src/cli/program.js";

const tmp = () => mkdtempSync(join(tmpdir(), "orbitrig-constellation-"));

let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  // The command waits for its write's callback (see writeOut in the command).
  vi.spyOn(process.stdout, "write").mockImplementation(((s: unknown, cb?: unknown) => {
    out.push(String(s));
    if (typeof cb === "function") cb();
    return true;
  }) as typeof process.stdout.write);
  vi.spyOn(process.stderr, "write").mockImplementation((s) => err.push(String(s)) > 0);
});
afterEach(() => vi.restoreAllMocks());

async function orbitrig(...args: string[]) {
  const cli = buildProgram();
  try {
    await cli.program.parseAsync(["node", "orbitrig", ...args]);
    return { failure: null, stdout: out.join("") };
  } catch (e) {
    const f = failureLine(e, cli.active());
    if (!f) throw e;
    return { failure: f, stdout: out.join("") };
  }
}

function rigFile(text: string): string {
  const p = join(tmp(), "rig.yaml");
  writeFileSync(p, text);
  return p;
}

const SIM = "orbit:\n  preset: starlink\nnode:\n  array:\n    source: model\n";

describe("bad input: one line that says why, exit 2", () => {
  it.each([
    [["--nodes", "0"], /^--nodes 0: a constellation needs at least one node \(see/],
    [
      ["--nodes", "10", "--planes", "3"],
      /^--nodes 10 --planes 3: the nodes must divide evenly among the planes/,
    ],
    [["--planes", "0"], /^--planes 0: a constellation needs at least one plane/],
    [
      ["--link-gbps", "-5"],
      /^--link-gbps -5: a link cannot carry a negative amount of work \(0 means the nodes work alone\)/,
    ],
    [["--orbits", "2", "--days", "1"], /^--orbits and --days: give one run length, not both/],
    [["--report", "-"], /^--report -: cannot write to stdout/],
    // A million nodes ran out of memory building the layout (V8's stack trace, after 50 s).
    [
      ["--nodes", "1000000"],
      /^--nodes 1000000: at most 50,000 nodes \(more than all of Starlink's filings\)/,
    ],
    [["--nodes", "1e308"], /^--nodes 1e\+308: at most 50,000 nodes/],
    // One step of a day gave a one-row result of nothing; an hour's step sampled the eclipse at random.
    [
      ["--dt", "1h"],
      /^--dt 3600: a step of 1h00m00s is more than a tenth of the orbit \(1h35m39s\): .*use at most 573 s/,
    ],
    [["--orbits", "1e308"], /^22 nodes × more than 10\^15 steps is more than 1e\+10 node-steps/],
  ])("constellation --rig sim-starlink %j", async (args, line) => {
    const r = await orbitrig("constellation", "--rig", "sim-starlink", ...args);
    expect(r.failure?.exitCode).toBe(2);
    expect(r.failure?.line).toMatch(line);
    expect(r.failure?.line).not.toContain("\n");
    expect(r.stdout).toBe("");
  });

  it("a negative link capacity in the rig file names the file, line and field", async () => {
    const rig = rigFile(`${SIM}constellation:\n  links:\n    capacityGbps: -1\n`);
    const r = await orbitrig("constellation", "--rig", rig);
    expect(r.failure?.exitCode).toBe(2);
    expect(r.failure?.line).toMatch(/rig\.yaml:8 constellation\.links\.capacityGbps: .*>=0/);
  });

  it("more nodes than the limit in the rig file names the file, line and field", async () => {
    const rig = rigFile(`${SIM}constellation:\n  nodes: 100000\n`);
    const r = await orbitrig("constellation", "--rig", rig);
    expect(r.failure?.exitCode).toBe(2);
    expect(r.failure?.line).toMatch(
      /rig\.yaml:7 constellation\.nodes: expected at most 50,000 nodes/,
    );
  });

  it("zero nodes in the rig file is refused too", async () => {
    const rig = rigFile(`${SIM}constellation:\n  nodes: 0\n`);
    const r = await orbitrig("constellation", "--rig", rig);
    expect(r.failure?.exitCode).toBe(2);
    expect(r.failure?.line).toMatch(/constellation\.nodes: /);
  });

  it("nodes that cannot be powered even in full sun are refused, with both figures", async () => {
    const rig = rigFile(`${SIM.replace("source: model", "source: model\n    areaM2: 50")}`);
    const r = await orbitrig("constellation", "--rig", rig, "--nodes", "4");
    expect(r.failure?.exitCode).toBe(2);
    expect(r.failure?.line).toBe(
      "the nodes cannot be powered even in full sun: the array gives 12.7 kW (node.array), the base load is 20.0 kW (avionics 8.0 kW + payload idle 12.0 kW)",
    );
  });

  it("a ground site is no orbit for a constellation", async () => {
    const r = await orbitrig("constellation", "--rig", "sim-ground", "--nodes", "2");
    expect(r.failure?.exitCode).toBe(2);
    expect(r.failure?.line).toMatch(
      /^orbit\.preset ground: a constellation needs satellites on an orbit/,
    );
  });
});

describe("valid runs", () => {
  it("links of zero capacity are the control case: a result, nothing moved", async () => {
    const r = await orbitrig(
      "constellation",
      "--rig",
      "sim-starlink",
      "--nodes",
      "4",
      "--orbits",
      "1",
      "--link-gbps",
      "0",
      "--json",
    );
    expect(r.failure).toBeNull();
    const j = JSON.parse(r.stdout);
    expect(j.links.capacityGbps).toBe(0);
    expect(j.independentIsSame).toBe(true);
    expect(j.constellation.totals.movedAccelH).toBe(0);
    expect(j.constellation.totals.deliveredAccelH).toBeGreaterThan(0);
  });

  it("neighbours out of each other's sight get no link (and the output says why)", async () => {
    const r = await orbitrig(
      "constellation",
      "--rig",
      "sim-starlink",
      "--nodes",
      "4",
      "--orbits",
      "1",
    );
    expect(r.failure).toBeNull();
    expect(r.stdout).toMatch(
      /\nlinks: none \(4 neighbour pairs out of each other's sight or range/,
    );
    expect(r.stdout).toContain("independent (same run)");
  });

  it("prints the comparison, the planes and every node of a small constellation", async () => {
    const r = await orbitrig(
      "constellation",
      "--rig",
      "sim-starlink",
      "--nodes",
      "6",
      "--planes",
      "2",
      "--orbits",
      "2",
    );
    expect(r.failure).toBeNull();
    expect(r.stdout).toMatch(/^sim-starlink: 6 nodes in 2 planes of 3, 550 km \/ 53\.0°/);
    expect(r.stdout).toMatch(/work delivered, accel-h +[\d,]+ +[\d,]+/);
    expect(r.stdout).toMatch(/\nplane +RAAN °/);
    expect(r.stdout.match(/^ +\d+ +[01] +0\.\d{3} /gm)?.length).toBe(6);
    expect(r.stdout).toMatch(/balance \(relative error\): energy \d\.\de-\d+, work \d\.\de-\d+/);
  });

  it("--report writes the charts, documents and tables", async () => {
    const dir = join(tmp(), "report");
    const r = await orbitrig(
      "constellation",
      "--rig",
      "sim-starlink",
      "--nodes",
      "12",
      "--orbits",
      "1",
      "--report",
      dir,
    );
    expect(r.failure).toBeNull();
    const files = readdirSync(dir).sort();
    for (const name of [
      "total",
      "nodes",
      "phase-map",
      "nodes-independent",
      "phase-map-independent",
      "battery",
    ]) {
      expect(files).toContain(`${name}.svg`);
      expect(files).toContain(`${name}.png`);
    }
    for (const f of ["summary.md", "report.html", "nodes.csv", "constellation.json"])
      expect(files).toContain(f);
    expect(err.join("")).toMatch(/^report: 16 files in /);
  }, 60_000);
});

describe("the built CLI", () => {
  const ROOT = join(import.meta.dirname, "../..");
  const run = promisify(execFile);

  it("--json of a large constellation reaches a pipe whole (over 128 KiB)", async () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const r = await run(
      process.execPath,
      [
        join(ROOT, "bin/orbitrig.js"),
        "constellation",
        "--rig",
        "sim-starlink",
        "--nodes",
        "200",
        "--planes",
        "4",
        "--orbits",
        "0.05",
        "--json",
      ],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(r.stdout).constellation.nodes).toHaveLength(200);
  }, 60_000);

  it("exits 2 with one line on stderr for zero nodes", async () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const r = await run(
      process.execPath,
      [join(ROOT, "bin/orbitrig.js"), "constellation", "--rig", "sim-starlink", "--nodes", "0"],
      {
        encoding: "utf8",
      },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "orbitrig: --nodes 0: a constellation needs at least one node (see `orbitrig constellation --help`)\n",
    );
  });
});

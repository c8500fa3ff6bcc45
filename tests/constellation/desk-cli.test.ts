/**
 * `orbitrig constellation --bench` / `--ring` and `run --join` as a user runs them: a ring
 * that cannot be is one line and exit 2, before any board is built; and once through the
 * built CLI, three emulated rigs (the shipped rig with its orbit played at time scale 300)
 * for a third of an orbit in a pipe: the joins, a line each quarter orbit, the summary;
 * and two `demo --join` processes, each with its join file, joining a coordinator on a
 * class's broker (as from two laptops).
 */
import { execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildProgram, failureLine } from "../../src/cli/program.js";
import { loadRig } from "../../src/config/index.js";
import type { DeskEvent, DeskRound } from "../../src/constellation/index.js";
import { deskOptions } from "../../src/constellation/index.js";
import { startBroker } from "../../src/network/broker.js";
import { newCredentials, writeJoinFiles } from "../../src/network/credentials.js";
import { DeskLink } from "../../src/network/desk-link.js";

const ROOT = join(import.meta.dirname, "../..");

let err: string[] = [];
beforeEach(() => {
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((s) => err.push(String(s)) > 0);
});
afterEach(() => vi.restoreAllMocks());

async function orbitrig(...args: string[]) {
  const cli = buildProgram();
  try {
    await cli.program.parseAsync(["node", "orbitrig", ...args]);
    return null;
  } catch (e) {
    const f = failureLine(e, cli.active());
    if (!f) throw e;
    return f;
  }
}

/** The shipped emulated rig with a faster orbit: one orbit in ~19 bench seconds. */
function compressedRig(): string {
  const text = readFileSync(join(ROOT, "rigs/emulated.yaml"), "utf8").replace(
    /timeScale: 30\b/,
    "timeScale: 300",
  );
  if (!text.includes("timeScale: 300")) throw new Error("rigs/emulated.yaml has no timeScale: 30");
  const p = join(mkdtempSync(join(tmpdir(), "orbitrig-desk-")), "fast.yaml");
  writeFileSync(p, text);
  return p;
}

describe("a desk constellation that cannot be: one line, exit 2", () => {
  it.each([
    [["--bench", "emulated"], /^a desk constellation needs at least two rigs, got 1/],
    [
      ["--bench", "emulated", "emulated", "--ids", "desk-1,desk-1"],
      /^rig desk-1 is twice in the ring: each rig takes one slot/,
    ],
    [
      ["--bench", "emulated", "emulated", "--ports", "/dev/ttyACM0"],
      /^--ports: 1 ports for 2 rigs: give one per rig, in ring order/,
    ],
    [["--bench", "emulated", "emulated", "--ring", "a,b"], /^--bench and --ring: /],
    [
      ["--bench", "desk-uno", "desk-uno", "--pacing", "lockstep"],
      /desk-uno\.yaml: board\.kind serial: lockstep pacing holds emulated rigs only/,
    ],
    [["--bench", "emulated", "emulated", "--broker", "mqtt://127.0.0.1:1"], /go together/],
    [["--ring", "desk-1,desk-2", "--rig", "emulated"], /^--ring: give --broker URL/],
    [["--ring", "desk-1,desk-2"], /^--ring: give --rig FILE/],
    [
      ["--bench", "emulated", "emulated", "--link-gbps", "-1"],
      /^--link-gbps -1: a link cannot carry a negative amount of work/,
    ],
  ])("constellation %j", async (args, line) => {
    const f = await orbitrig("constellation", ...args);
    expect(f?.exitCode).toBe(2);
    expect(f?.line).toMatch(line);
  });

  it("rigs on different orbits", async () => {
    const f = await orbitrig("constellation", "--bench", "emulated", compressedRig());
    expect(f?.exitCode).toBe(2);
    expect(f?.line).toMatch(
      /fast\.yaml: its orbit \(starlink, time scale 300\) is not .*emulated\.yaml's \(starlink, time scale 30\): the rigs of one ring share one orbit/,
    );
  });

  it("run --join with no broker", async () => {
    const f = await orbitrig("run", "--rig", "emulated", "--join", "--no-record");
    expect(f?.exitCode).toBe(2);
    expect(f?.line).toMatch(
      /^--join: a desk constellation is on a broker: give --publish JOIN_FILE/,
    );
  });
});

describe("the built CLI", () => {
  it("runs three emulated rigs for a third of an orbit and says what happened", async () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const rig = compressedRig();
    const r = await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, "bin/orbitrig.js"),
        "constellation",
        "--bench",
        rig,
        rig,
        rig,
        "--orbits",
        "0.3",
        "--no-record",
      ],
      { encoding: "utf8" },
    );
    const out = r.stdout;
    // The first line says what runs; the rigs' joins follow it.
    expect(out.split("\n")[0]).toMatch(/^desk constellation: /);
    expect(out).toMatch(
      /^desk constellation: desk-1, desk-2, desk-3 on mqtt:\/\/127\.0\.0\.1:\d+ \(class desk\), slots 0\.000, 0\.333, 0\.667 of the orbit$/m,
    );
    for (const id of ["desk-1", "desk-2", "desk-3"])
      expect(out).toContain(`${id} joined the ring in slot ${id.slice(-1)} of 3`);
    expect(out).toMatch(
      /^orbit 0\.2\d: desk-1 (sunlit|penumbra|umbra) pin \d+%, desk-2 .*; moved /m,
    );
    expect(out).toMatch(/^desk constellation of 3: \d+ rounds over 0\.3\d orbits; work arrived /m);
    // Stopping is not dropping out: the coordinator stops first.
    expect(out).not.toContain("dropped out");
    expect(r.stderr).toBe("");
  }, 120_000);
});

describe("Ctrl-C", () => {
  it("stops a bench that runs until told: the summary, no drop-outs, exit 130", async () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const rig = compressedRig();
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin/orbitrig.js"), "constellation", "--bench", rig, rig, "--no-record"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
      child.once("exit", (code, signal) => r({ code, signal })),
    );
    await waitFor(() => out.includes("desk-1 joined") && out.includes("desk-2 joined"));
    child.kill("SIGINT");
    expect(await exited).toEqual({ code: 130, signal: null });
    expect(out).toMatch(/^desk constellation of 2: \d+ rounds over /m);
    expect(out).not.toContain("dropped out");
  }, 120_000);

  it("while the rigs are still starting: held, then every rig stopped (lamp off, footer), exit 130", async () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const rig = compressedRig();
    const cwd = mkdtempSync(join(tmpdir(), "orbitrig-desk-start-"));
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin/orbitrig.js"), "constellation", "--bench", rig, rig],
      { cwd, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
      child.once("exit", (code, signal) => r({ code, signal })),
    );
    // The embedded broker listens first thing in the start: a socket past stdio. Nothing
    // is printed before the start is over, so the signal lands in it.
    await waitFor(() => socketsPastStdio(child.pid!) > 0);
    child.kill("SIGINT");
    expect(await exited).toEqual({ code: 130, signal: null });
    expect(out).toMatch(/^desk constellation of 2: \d+ rounds over /m);
    const dir = join(cwd, "recordings");
    const files = readdirSync(dir).filter((f) => f.endsWith(".ndjson"));
    expect(files).toHaveLength(2);
    for (const f of files) {
      const lines = readFileSync(join(dir, f), "utf8").trim().split("\n");
      const footer = JSON.parse(lines.at(-1)!) as { type: string; endReason: string };
      expect(footer.type).toBe("footer");
      const commands = lines
        .map((l) => JSON.parse(l) as { type: string; kind?: string; data?: { command?: string } })
        .filter((r) => r.type === "event" && r.kind === "command")
        .map((r) => r.data?.command);
      expect(commands.at(-1)).toBe("SAFE");
    }
  }, 120_000);
});

/** Sockets process `pid` holds beyond its stdio (Linux: /proc/PID/fd). */
function socketsPastStdio(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return Number(fd) > 2 && readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:");
      } catch {
        return false;
      }
    }).length;
  } catch {
    return 0;
  }
}

/** Polls a condition the child's output will meet; a stall fails loudly. */
async function waitFor(ok: () => boolean, boundMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > boundMs) throw new Error("timed out waiting for the bench's output");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("demo --join from two processes", () => {
  it("each joins the ring with its join file, takes part in its rounds, and leaves when its session ends", async () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const c = newCredentials("physics", ["desk-1", "desk-2"]);
    const broker = await startBroker({ credentials: c, port: 0 });
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-join-"));
    const files = writeJoinFiles(c, dir, broker.url);
    const rig = compressedRig();
    const rounds: DeskRound[] = [];
    const events: DeskEvent[] = [];
    const link = new DeskLink({
      url: broker.url,
      cls: c.class,
      account: c.teacher,
      desk: deskOptions(loadRig(rig).config, { ids: ["desk-1", "desk-2"] }),
      onRound: (r) => rounds.push(r),
      onEvent: (e) => events.push(e),
    });
    await link.start();
    try {
      // Eight bench seconds each (the emulated board's clock), then they stop by themselves.
      const demo = (id: string) =>
        promisify(execFile)(
          process.execPath,
          [
            join(ROOT, "bin/orbitrig.js"),
            "demo",
            "--rig",
            rig,
            "--publish",
            files.get(id)!,
            "--join",
            "--headless",
            "--no-record",
            "--duration",
            "8",
          ],
          { encoding: "utf8" },
        );
      const [a, b] = await Promise.all([demo("desk-1"), demo("desk-2")]);
      expect(a.stderr).toContain("joining the desk constellation of class physics as desk-1");
      expect(b.stderr).toContain("joining the desk constellation of class physics as desk-2");
      const joined = events.filter((e) => e.kind === "join").map((e) => e.rig);
      expect(joined.sort()).toEqual(["desk-1", "desk-2"]);
      const both = rounds.filter((r) => r.assignments.length === 2);
      expect(both.length).toBeGreaterThan(10);
      // Each said goodbye when its session ended.
      expect(
        events
          .filter((e) => e.kind === "drop-out")
          .map((e) => e.rig)
          .sort(),
      ).toEqual(["desk-1", "desk-2"]);
    } finally {
      await link.close();
      await broker.close();
    }
  }, 120_000);
});

/**
 * The command tree in process (src/cli/program.ts), with the session runner replaced by a
 * recorder of what it was asked: the option grammar reaches each command's action as
 * typed values, and a mistake becomes one line naming the subcommand's --help.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildProgram, failureLine } from "../../src/cli/program.js";
import type { SessionRunOptions } from "../../src/cli/session-runner.js";
import { FAULT_KINDS } from "../../src/emulator/index.js";

const calls = vi.hoisted(() => [] as unknown[]);
vi.mock("../../src/cli/session-runner.js", () => ({
  runSession: async (o: unknown) => {
    calls.push(o);
    return 0;
  },
  runReplay: async (o: unknown) => {
    calls.push(o);
    return 0;
  },
}));

/** Runs `orbitrig ...args`; returns the session options asked for, or the failure line. */
async function orbitrig(...args: string[]) {
  const cli = buildProgram();
  calls.length = 0;
  try {
    await cli.program.parseAsync(["node", "orbitrig", ...args]);
    return { session: calls[0] as SessionRunOptions | undefined, failure: null };
  } catch (e) {
    return { session: undefined, failure: failureLine(e, cli.active()) };
  }
}

let out: string[] = [];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => out.push(String(s)) > 0);
});
afterEach(() => vi.restoreAllMocks());

describe("options reach the commands as values", () => {
  it("demo --duration 1h30m runs for 5400 s of bench time", async () => {
    const r = await orbitrig("demo", "--headless", "--duration", "1h30m");
    expect(r.failure).toBeNull();
    expect(r.session).toMatchObject({ rigPath: "emulated", durationS: 5400, speed: 1 });
  });

  it("demo's speed, faults and policy arrive parsed", async () => {
    const r = await orbitrig(
      "demo",
      "--speed",
      "max",
      "--fault",
      "reset:at=5000",
      "--fault",
      "garbage:rate=0.1",
      "--policy",
      "predictive",
      "--no-record",
    );
    expect(r.session).toMatchObject({ speed: "max", policy: "predictive", record: null });
    expect(r.session?.faults?.map((f) => f.kind)).toEqual(["reset", "garbage"]);
  });

  it("run takes the same duration grammar", async () => {
    const r = await orbitrig("run", "--rig", "desk-uno", "--duration", "2.5min");
    expect(r.session).toMatchObject({ rigPath: "desk-uno", durationS: 150 });
  });

  it("replay takes durations for --from/--to and key=value for --set", async () => {
    const r = await orbitrig(
      "replay",
      "rec.ndjson",
      "--from",
      "1m",
      "--to",
      "1h",
      "--set",
      "node.battery.capacityWh=1",
      "--speed",
      "4",
    );
    expect(r.session).toMatchObject({
      file: "rec.ndjson",
      fromS: 60,
      toS: 3600,
      set: ["node.battery.capacityWh=1"],
      speed: 4,
    });
  });
});

describe("a mistake is one line that points at the subcommand's help", () => {
  it.each([
    [
      ["demo", "--duration", "1h3x"],
      /^--duration: expected seconds > 0 or a duration like .*, got "1h3x" \(see `orbitrig demo --help`\)$/,
    ],
    [["demo", "--speed", "0"], /^--speed: .* \(see `orbitrig demo --help`\)$/],
    [["run", "--rig", "x", "--policy", "lazy"], /^--policy: .* \(see `orbitrig run --help`\)$/],
    [
      ["demo", "--durationn", "5"],
      /^unknown option '--durationn' \(Did you mean --duration\?\) \(see `orbitrig demo --help`\)$/,
    ],
    [["run"], /^required option '--rig <file\|name>' not specified \(see `orbitrig run --help`\)$/],
    [
      ["firmware", "build"],
      /^missing required argument 'profile' \(see `orbitrig firmware build --help`\)$/,
    ],
    [["demoo"], /^unknown command 'demoo' \(Did you mean demo\?\) \(see `orbitrig --help`\)$/],
    [
      ["demo", "--record", "-"],
      /^--record -: cannot write to stdout: .*\(see `orbitrig demo --help`\)$/,
    ],
  ])("orbitrig %j", async (args, line) => {
    const r = await orbitrig(...args);
    expect(r.failure?.exitCode).toBe(2);
    expect(r.failure?.line).toMatch(line);
  });

  it("--help prints help and is no failure", async () => {
    const r = await orbitrig("demo", "--help");
    expect(r.failure).toEqual({ line: null, exitCode: 0 });
    expect(out.join("")).toMatch(/^Usage: orbitrig demo \[options\]/);
  });

  it.each([["demo"], ["emulate"]])(
    "%s --help lists every fault kind with its keys, not only an error message",
    async (command) => {
      out.length = 0;
      await orbitrig(command, "--help");
      const help = out.join("");
      for (const kind of FAULT_KINDS) expect(help).toMatch(new RegExp(`^  ${kind} +\\S`, "m"));
      expect(help).toMatch(/every kind takes at=MS and for=MS/);
      expect(help).toMatch(/ina-absent .*addr/);
    },
  );

  it("demo --projector reaches the session runner", async () => {
    expect((await orbitrig("demo", "--projector")).session?.projector).toBe(true);
    expect((await orbitrig("demo")).session?.projector).toBe(false);
  });
});

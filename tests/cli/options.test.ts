/**
 * The command line's option grammar (src/cli/options.ts): each parser's accepted values
 * and the one-line USAGE error (exit 2) for the rest, naming the option and what it wanted.
 */
import { describe, expect, it } from "vitest";
import {
  durationS,
  faultSpec,
  fileOnly,
  keyValue,
  numberIn,
  type OptionParser,
  oneOf,
  outputTarget,
  policy,
  positiveDurationS,
  repeatable,
  speed,
  sweepAxis,
  timeWindow,
} from "../../src/cli/options.js";
import { POLICY_NAMES } from "../../src/config/schema/scheduler.js";
import { isOrbitrigError } from "../../src/core/errors.js";

/** The error a parser throws for `text`, checked to be a one-line USAGE error. */
function usageMessage<T>(parse: OptionParser<T>, option: string, text: string): string {
  try {
    parse(option, text);
  } catch (e) {
    expect(isOrbitrigError(e) && e.code === "USAGE" && e.exitCode === 2).toBe(true);
    const message = (e as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`${option} ${JSON.stringify(text)} was accepted`);
}

describe("durations", () => {
  it.each([
    ["90", 90],
    ["90s", 90],
    ["1h30m", 5400],
    ["2.5min", 150],
    ["1d", 86400],
    ["0", 0],
  ] as const)("--from %j is %s s", (text, s) => {
    expect(durationS("--from", text)).toBe(s);
  });

  it.each([
    ["1h30m", 5400],
    ["0.5s", 0.5],
  ] as const)("--duration %j is %s s", (text, s) => {
    expect(positiveDurationS("--duration", text)).toBe(s);
  });

  it.each([
    [durationS, "--from", "5q", /^--from: expected seconds or a duration like 90s, .*, got "5q"$/],
    [positiveDurationS, "--duration", "0", /^--duration: expected seconds > 0 or a duration/],
    [positiveDurationS, "--duration", "1h3x", /^--duration: .* got "1h3x"$/],
    [positiveDurationS, "--dt", "-1", /^--dt: expected seconds > 0/],
  ] as const)("%o %s %j is refused", (parse, option, text, message) => {
    expect(usageMessage(parse, option, text)).toMatch(message);
  });
});

describe("speed", () => {
  it.each([
    ["1", 1],
    ["0.25", 0.25],
    ["8", 8],
    ["max", "max"],
  ] as const)("%j is %s", (text, v) => {
    expect(speed("--speed", text)).toBe(v);
  });

  it.each(["0", "-2", "fast", "", "Infinity", "MAX"])("%j is refused", (text) => {
    expect(usageMessage(speed, "--speed", text)).toMatch(
      /^--speed: expected a number > 0 \(1 = real time\) or "max", got /,
    );
  });
});

describe("names", () => {
  it.each(POLICY_NAMES)("policy %s", (name) => {
    expect(policy("--policy", name)).toBe(name);
  });

  it("an unknown policy lists the valid ones", () => {
    expect(usageMessage(policy, "--policy", "lazy")).toBe(
      `--policy: expected one of ${POLICY_NAMES.join(", ")}, got "lazy"`,
    );
  });

  it("oneOf is exact (no prefix, no case folding)", () => {
    const parse = oneOf(["iss", "geo"] as const);
    expect(parse("--preset", "geo")).toBe("geo");
    expect(usageMessage(parse, "--preset", "GEO")).toBe(
      '--preset: expected one of iss, geo, got "GEO"',
    );
  });
});

describe("numbers", () => {
  const orbits = numberIn({ min: 0, aboveMin: true, integer: true });
  const beta = numberIn({ min: -90, max: 90 });

  it.each([
    [orbits, "10", 10],
    [beta, "-90", -90],
    [beta, "12.5", 12.5],
  ] as const)("%o %j is %s", (parse, text, v) => {
    expect(parse("--x", text)).toBe(v);
  });

  it.each([
    [orbits, "0", '--x: expected a whole number > 0, got "0"'],
    [orbits, "2.5", '--x: expected a whole number > 0, got "2.5"'],
    [orbits, "", '--x: expected a whole number > 0, got ""'],
    [beta, "91", '--x: expected a number >= -90 and <= 90, got "91"'],
    [beta, "north", '--x: expected a number >= -90 and <= 90, got "north"'],
  ] as const)("%o %j: %s", (parse, text, message) => {
    expect(usageMessage(parse, "--x", text)).toBe(message);
  });
});

describe("key=value settings", () => {
  it.each(["node.battery.capacityWh=120000", "name=x=y", "scheduler.policy=", " a=1 "])(
    "%j is accepted as written (trimmed)",
    (text) => {
      expect(keyValue("--set", text)).toBe(text.trim());
    },
  );

  it.each(["foo", "=1", ".a=1", "a..b=1", "a.=1", "a b=1"])("%j is refused", (text) => {
    expect(usageMessage(keyValue, "--set", text)).toMatch(/^--set: expected key=value/);
  });
});

describe("specs of their owners", () => {
  it("--fault parses through the emulator's fault grammar", () => {
    expect(faultSpec("--fault", "reset:at=5000")).toMatchObject({ kind: "reset", atMs: 5000 });
    expect(usageMessage(faultSpec, "--fault", "melt")).toMatch(/^--fault 'melt': unknown kind/);
  });

  it("--sweep errors become usage errors", () => {
    expect(sweepAxis("--sweep", "beta=0:10:5")).toEqual({ key: "beta", values: [0, 5, 10] });
    expect(usageMessage(sweepAxis, "--sweep", "beta=10:0:5")).toMatch(/^--sweep beta=10:0:5:/);
    expect(usageMessage(sweepAxis, "--sweep", "policy=lazy")).toMatch(/unknown policy "lazy"/);
  });
});

describe("outputs", () => {
  it('"-" is stdout, anything else a file', () => {
    expect(outputTarget("--csv", "-")).toEqual({ kind: "stdout" });
    expect(outputTarget("--csv", "out/a.csv")).toEqual({ kind: "file", path: "out/a.csv" });
    expect(usageMessage(outputTarget, "--csv", "")).toMatch(/^--csv: expected a file path/);
  });

  it("a file-only output says why stdout cannot work", () => {
    const folder = fileOnly("a report is a folder");
    expect(folder("--out", "rep")).toBe("rep");
    expect(usageMessage(folder, "--out", "-")).toBe(
      "--out -: cannot write to stdout: a report is a folder",
    );
  });
});

describe("time windows", () => {
  it("default to the whole recording; --to before --from is refused", () => {
    expect(timeWindow(undefined, undefined)).toEqual({
      fromS: 0,
      toS: Number.POSITIVE_INFINITY,
    });
    expect(timeWindow(10, 60)).toEqual({ fromS: 10, toS: 60 });
    expect(() => timeWindow(60, 10)).toThrow(/^--to \(10 s\) is before --from \(60 s\)$/);
  });
});

describe("repeatable options", () => {
  it("collect every value, parsed, in order", () => {
    const o = repeatable("--set <key=value...>", "a setting", keyValue);
    const parse = o.parseArg as (text: string, previous: string[]) => string[];
    expect(o.defaultValue).toEqual([]);
    expect(parse("b=2", parse("a=1", o.defaultValue as string[]))).toEqual(["a=1", "b=2"]);
    expect(() => parse("oops", [])).toThrow(/^--set: expected key=value/);
  });
});

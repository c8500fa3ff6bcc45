/**
 * The command line's option grammar: one parser per kind of value, used by every command.
 * Durations follow the one duration grammar (src/core/duration.ts); speeds are a number or
 * "max"; policies are the scheduler's names; settings are key=value; faults and sweeps use
 * their owners' spec parsers; "-" as an output file means stdout where a command can write
 * there (docs/cli.md lists which).
 *
 * Each parser takes the option's name and the text and returns a value or throws an
 * OrbitrigError USAGE (exit 2) naming the option, what it expected and what it got;
 * src/cli/main.ts adds which subcommand's --help to read. `option()` and `repeatable()`
 * attach a parser to a commander Option, which calls it as the command line is read, so
 * a bad value stops the command before it opens a port or a file.
 */
import { Option } from "commander";
import { POLICY_NAMES, type PolicyName } from "../config/schema/scheduler.js";
import { DURATION_EXAMPLES, parseDurationS } from "../core/duration.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
// faults.js itself, not the emulator's index: the index loads avr8js, and every command's
// options are built at start-up (src/cli/program.ts).
import { FAULT_HELP, FAULT_KINDS, type FaultSpec, parseFault } from "../emulator/faults.js";
import { parseSweep, type SweepAxis, SweepSpecError } from "../node/sweep.js";
import type { TimeWindow } from "../telemetry/window.js";

/** A parser of one option's text. */
export type OptionParser<T> = (option: string, text: string) => T;

export function usageError(message: string): OrbitrigError {
  return new OrbitrigError("USAGE", message, ExitCode.usage);
}

function expected(option: string, what: string, text: string): never {
  throw usageError(`${option}: expected ${what}, got "${text}"`);
}

/** Seconds (zero allowed): --from, --to. */
export const durationS: OptionParser<number> = (option, text) => {
  const s = parseDurationS(text);
  return s === null ? expected(option, `seconds or a duration like ${DURATION_EXAMPLES}`, text) : s;
};

/** Seconds, more than zero: --duration, --dt. */
export const positiveDurationS: OptionParser<number> = (option, text) => {
  const s = parseDurationS(text);
  return s === null || !(s > 0)
    ? expected(option, `seconds > 0 or a duration like ${DURATION_EXAMPLES}`, text)
    : s;
};

/** Emulated or recorded seconds per wall second, or "max" (as fast as the CPU goes). */
export const speed: OptionParser<number | "max"> = (option, text) => {
  if (text.trim() === "max") return "max";
  const v = Number(text);
  return text.trim() !== "" && Number.isFinite(v) && v > 0
    ? v
    : expected(option, 'a number > 0 (1 = real time) or "max"', text);
};

/** One of a list of names; the error lists them all. */
export function oneOf<T extends string>(names: readonly T[]): OptionParser<T> {
  return (option, text) =>
    (names as readonly string[]).includes(text)
      ? (text as T)
      : expected(option, `one of ${names.join(", ")}`, text);
}

/** A duty-cycle policy name (src/config/schema/scheduler.ts). */
export const policy: OptionParser<PolicyName> = oneOf(POLICY_NAMES);

/** A number within a range; `integer` asks for a whole number. */
export function numberIn(range: {
  min?: number;
  max?: number;
  /** The minimum itself is not allowed (a count or a length must be > 0). */
  aboveMin?: boolean;
  integer?: boolean;
}): OptionParser<number> {
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = range;
  const bounds = [
    Number.isFinite(min) ? `${range.aboveMin ? ">" : ">="} ${min}` : null,
    Number.isFinite(max) ? `<= ${max}` : null,
  ]
    .filter(Boolean)
    .join(" and ");
  const what = `a ${range.integer ? "whole " : ""}number${bounds ? ` ${bounds}` : ""}`;
  return (option, text) => {
    const v = Number(text);
    const ok =
      text.trim() !== "" &&
      Number.isFinite(v) &&
      (range.aboveMin ? v > min : v >= min) &&
      v <= max &&
      (!range.integer || Number.isInteger(v));
    return ok ? v : expected(option, what, text);
  };
}

const KEY_VALUE = /^[^=\s.]+(\.[^=\s.]+)*=/;

/** `key=value` with a dotted key (the value is read later, as YAML): --set. */
export const keyValue: OptionParser<string> = (option, text) =>
  KEY_VALUE.test(text.trim())
    ? text.trim()
    : expected(option, "key=value with a dotted key, e.g. node.battery.capacityWh=120000", text);

/** A fault of the emulated rig, `kind[:key=value,...]` (src/emulator/faults.ts). */
export const faultSpec: OptionParser<FaultSpec> = (_option, text) => parseFault(text);

/** The fault kinds and their keys, for the help of `demo` and `emulate` (after the options). */
export function faultHelpText(): string {
  const width = Math.max(...FAULT_KINDS.map((k) => k.length));
  const rows = FAULT_KINDS.map((k) => {
    const h = FAULT_HELP[k];
    return `  ${k.padEnd(width)}  ${h.effect}${h.keys ? `; ${h.keys}` : ""}`;
  });
  return [
    "",
    "Faults (--fault KIND or KIND:key=value,...; every kind takes at=MS and for=MS, emulated",
    "milliseconds from power-on; repeat --fault for several):",
    ...rows,
    "Example: --fault garbage:rate=0.01,at=5000,for=2000 --fault ina-absent:addr=41",
  ].join("\n");
}

/** One sweep axis, `key=start:stop:step` or `key=a,b,c` (src/node/sweep.ts). */
export const sweepAxis: OptionParser<SweepAxis> = (_option, text) => {
  try {
    return parseSweep(text);
  } catch (e) {
    if (e instanceof SweepSpecError) throw usageError(e.message);
    throw e;
  }
};

/** Where a command writes: a file, or stdout when the path is "-". */
export type OutputTarget = { kind: "stdout" } | { kind: "file"; path: string };

/** An output file that may be "-" (stdout). */
export const outputTarget: OptionParser<OutputTarget> = (option, text) => {
  if (text === "-") return { kind: "stdout" };
  return text.trim() === ""
    ? expected(option, 'a file path, or "-" for stdout', text)
    : { kind: "file", path: text };
};

/** An output that must be a file or folder; `why` says why "-" cannot work here. */
export function fileOnly(why: string): OptionParser<string> {
  return (option, text) => {
    if (text === "-") throw usageError(`${option} -: cannot write to stdout: ${why}`);
    return text.trim() === "" ? expected(option, "a path", text) : text;
  };
}

/** --port's value: an empty one would silently mean the rig's own port (or auto). */
export const portPath: OptionParser<string> = (option, text) =>
  text.trim() === "" ? expected(option, 'a serial port path, or "auto"', text) : text;

/** --rig's help, the same for every command that takes one (src/config/load.ts findRig). */
export const RIG_HELP = "rig file, or the name of a shipped rig (`orbitrig rigs list`)";

/** --publish and --join, the same for demo, run, replay and lesson run (src/cli/publish.ts). */
export const PUBLISH_FLAGS = "--publish <url|join-file>";
export const PUBLISH_HELP =
  "publish to a classroom's MQTT broker: mqtt://HOST[:PORT], or the join file the teacher handed out (over the rig file's network.mqtt)";
export const JOIN_HELP =
  "join a desk constellation on the --publish broker: report to its coordinator and run at the compute level it assigns (the load pin shows it)";

/** --record's value: a recording cannot go to stdout. */
export const recordingPath = fileOnly(
  "a recording is a file the session appends to and closes with a footer, and stdout carries the summary; give a file path, or --no-record",
);

/** --from/--to (already in seconds) as a window; --to before --from is a mistake. */
export function timeWindow(fromS: number | undefined, toS: number | undefined): TimeWindow {
  const w = { fromS: fromS ?? 0, toS: toS ?? Number.POSITIVE_INFINITY };
  if (w.toS < w.fromS) throw usageError(`--to (${w.toS} s) is before --from (${w.fromS} s)`);
  return w;
}

/** A commander option whose value goes through `parse`. */
export function option<T>(flags: string, description: string, parse: OptionParser<T>): Option {
  const o = new Option(flags, description);
  const name = o.long ?? o.flags;
  return o.argParser((text: string) => parse(name, text));
}

/** A commander option that may be given many times; its value is the list (default []). */
export function repeatable<T>(flags: string, description: string, parse: OptionParser<T>): Option {
  const o = new Option(flags, `${description} (repeatable)`);
  const name = o.long ?? o.flags;
  return o
    .argParser((text: string, previous: T[] | undefined) => [
      ...(previous ?? []),
      parse(name, text),
    ])
    .default([], "none");
}

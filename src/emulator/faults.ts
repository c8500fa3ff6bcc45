/**
 * Fault injection for the emulated rig: the kinds a real bench produces, each with a
 * time window in emulated milliseconds. Parsed from `--fault kind:key=value,...` on the
 * CLI or built in code. Byte faults act on the board -> host line (what a noisy USB
 * cable or a marginal baud rate does); host-silent drops host -> board bytes; seu flips
 * bits of the running firmware's SRAM and registers (./upsets.ts).
 */
import { tmp36OutputV } from "../chips/tmp36.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { UPSET_TARGETS, type UpsetTarget } from "./upsets.js";

export type FaultKind =
  | "garbage"
  | "drop"
  | "bitflip"
  | "reset"
  | "ina-absent"
  | "ina-stuck"
  | "sensor-stuck"
  | "host-silent"
  | "lamp-stuck-on"
  | "seu";

export interface FaultSpec {
  kind: FaultKind;
  /** Start, emulated ms since power-on (default 0). For "reset": when the reset happens. */
  atMs: number;
  /** Duration, emulated ms (default: until the end). */
  forMs: number;
  /** garbage/drop/bitflip: probability per byte (0..1). */
  rate: number;
  /** ina-absent/ina-stuck: 7-bit address (default 0x40). */
  address: number;
  /** sensor-stuck: the frozen sensor voltage, V (default 0.75 V, a TMP36 at 25 C). */
  volts: number;
  /** seu: upsets per emulated second (default 10). */
  hz: number;
  /** seu: where they land: SRAM and registers alike ("all", the default), "sram" or "registers". */
  target: UpsetTarget;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  "garbage",
  "drop",
  "bitflip",
  "reset",
  "ina-absent",
  "ina-stuck",
  "sensor-stuck",
  "host-silent",
  "lamp-stuck-on",
  "seu",
];

/**
 * What each kind does and which keys it reads (besides `at` and `for`, which every kind
 * takes): the help of `demo` and `emulate` and the docs' table say the same.
 */
export const FAULT_HELP: Readonly<Record<FaultKind, { effect: string; keys: string }>> = {
  garbage: { effect: "random bytes inserted on board -> host", keys: "rate (per byte, 0..1)" },
  drop: { effect: "board -> host bytes lost", keys: "rate" },
  bitflip: { effect: "one bit flipped in board -> host bytes", keys: "rate" },
  reset: { effect: "the reset pin pulsed once, at `at`", keys: "" },
  "ina-absent": { effect: "the INA219 at addr stops answering (NACK)", keys: "addr (hex, 40..4F)" },
  "ina-stuck": { effect: "the INA219 at addr freezes its readings", keys: "addr" },
  "sensor-stuck": { effect: "the panel sensor fixed at a voltage", keys: "volts (default 0.75)" },
  "host-silent": { effect: "host -> board bytes lost (the firmware's watchdog trips)", keys: "" },
  "lamp-stuck-on": { effect: "the lamp stays lit whatever the pin says", keys: "" },
  seu: {
    effect: "single-event upsets: bits of the running firmware flipped (Poisson, seeded)",
    keys: `hz (upsets per emulated s, default 10), target (${UPSET_TARGETS.join("|")})`,
  },
};

const KEYS = new Set(["at", "for", "rate", "addr", "volts", "hz", "target"]);

export function fault(kind: FaultKind, options: Partial<Omit<FaultSpec, "kind">> = {}): FaultSpec {
  return {
    kind,
    atMs: options.atMs ?? 0,
    forMs: options.forMs ?? Number.POSITIVE_INFINITY,
    rate: options.rate ?? 0.01,
    address: options.address ?? 0x40,
    volts: options.volts ?? tmp36OutputV(25),
    hz: options.hz ?? 10,
    target: options.target ?? "all",
  };
}

/**
 * Parses "kind" or "kind:key=value,key=value" (keys: at, for (ms), rate, addr, volts, hz,
 * target).
 */
export function parseFault(text: string): FaultSpec {
  const bad = (why: string): never => {
    throw new OrbitrigError("USAGE", `--fault '${text}': ${why}`, ExitCode.usage);
  };
  const [kindText = "", params = ""] = text.split(":", 2);
  if (!(FAULT_KINDS as readonly string[]).includes(kindText))
    bad(`unknown kind '${kindText}' (one of ${FAULT_KINDS.join(", ")})`);
  const opts: Partial<Omit<FaultSpec, "kind">> = {};
  for (const item of params.split(",").filter((s) => s !== "")) {
    const [key = "", value = ""] = item.split("=", 2);
    if (!KEYS.has(key)) bad(`unknown key '${key}' (one of ${[...KEYS].join(", ")})`);
    if (key === "target") {
      const t = UPSET_TARGETS.find((x) => x === value);
      if (!t) bad(`target '${value}' is not one of ${UPSET_TARGETS.join(", ")}`);
      opts.target = t;
      continue;
    }
    const n = key === "addr" ? Number.parseInt(value.replace(/^0x/i, ""), 16) : Number(value);
    if (value === "" || !Number.isFinite(n)) bad(`${key} '${value}' is not a number`);
    if (key === "rate" && (n < 0 || n > 1)) bad(`rate ${n} outside 0..1`);
    if ((key === "at" || key === "for") && n < 0) bad(`${key} ${n} is negative`);
    if (key === "hz" && !(n > 0 && n <= 1e6)) bad(`hz ${n} outside (0, 1000000] upsets per second`);
    if (key === "addr" && (n < 0x40 || n > 0x4f))
      bad(`addr 0x${n.toString(16)} outside 0x40..0x4F`);
    if (key === "at") opts.atMs = n;
    else if (key === "for") opts.forMs = n;
    else if (key === "rate") opts.rate = n;
    else if (key === "addr") opts.address = n;
    else if (key === "hz") opts.hz = n;
    else opts.volts = n;
  }
  return fault(kindText as FaultKind, opts);
}

export function faultActive(f: FaultSpec, nowMs: number): boolean {
  return nowMs >= f.atMs && nowMs < f.atMs + f.forMs;
}

/** Counts of what the faults did, so tests can check each one happened. */
export interface FaultStats {
  garbageBytes: number;
  droppedBytes: number;
  flippedBytes: number;
  hostBytesDropped: number;
  resets: number;
  /** seu: bits flipped in SRAM and registers, and how many of them in the registers. */
  upsets: number;
  registerUpsets: number;
}

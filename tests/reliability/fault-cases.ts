/**
 * The fault kinds of the reliability campaign (./fault-campaign.ts): what each does to the
 * emulated rig, and the event(s) that must record it. Byte, chip and lamp faults are the
 * emulator's own (src/emulator/faults.ts); unplug/replug, a stalled host and the disks are
 * done here, to the emulator's port and the recording's writes.
 */
import { writeSync } from "node:fs";
import { tmp36OutputV } from "../../src/chips/tmp36.js";
import type { Frame } from "../../src/core/frame.js";
import { type Emulator, type FaultSpec, fault } from "../../src/emulator/index.js";
import type { UsartTransport } from "../../src/emulator/usart-transport.js";
import type { RecordedEvent, RecordingFooter } from "../../src/telemetry/index.js";
import { fullDiskAfter } from "../telemetry/full-disk.js";
import type { FaultSessionOptions, FaultSessionRun } from "./fault-session.js";

export interface Recorded {
  frames: Frame[];
  events: RecordedEvent[];
  footer: RecordingFooter | null;
  corrupt: number;
  truncated: number;
}

export interface Context {
  /** Windows of the fault, bench ms since power-on (the emulator's clock). */
  windows: { atMs: number; forMs: number }[];
}

export interface FaultCase {
  name: string;
  /** What is done, for the table. */
  what: string;
  faults?: (ctx: Context) => FaultSpec[];
  actions?: (ctx: Context) => FaultSessionOptions["actions"];
  recordingWriteSync?: () => FaultSessionOptions["recordingWriteSync"];
  reconnect?: FaultSessionOptions["reconnect"];
  /** The stop the session must come to. */
  stop?: "duration" | "recording-failed";
  /** The event(s) that record the fault; returns what was missing, or null. */
  recorded: (rec: Recorded, run: FaultSessionRun) => string | null;
}

const has = (
  rec: Recorded,
  kind: string,
  pred: (d: Record<string, unknown>) => boolean = () => true,
) => rec.events.some((e) => e.kind === kind && pred(e.data));

const needEvents =
  (...wanted: [string, ((d: Record<string, unknown>) => boolean)?, string?][]) =>
  (rec: Recorded): string | null => {
    const missing = wanted.filter(([k, p]) => !has(rec, k, p)).map(([k, , w]) => w ?? k);
    return missing.length ? `no ${missing.join(", ")} event in the recording` : null;
  };

const byteFault = (kind: "garbage" | "drop" | "bitflip", rate: number) => (ctx: Context) =>
  ctx.windows.map((w) => fault(kind, { ...w, rate }));

/**
 * A host that does not run for a while (a swapping machine, a laptop lid): nothing it would
 * send reaches the board, what the board sends waits in the OS buffer and arrives at once.
 */
function hostStall(emu: Emulator, forMs: number): void {
  const transport = emu.transport as unknown as { deliver(chunk: Uint8Array): void };
  const deliver = transport.deliver.bind(transport);
  const held: Uint8Array[] = [];
  transport.deliver = (chunk) => {
    held.push(Uint8Array.from(chunk));
  };
  emu.injectFault(fault("host-silent", { atMs: emu.nowMs(), forMs }));
  const until = emu.nowMs() + forMs;
  const release = () => {
    if (emu.nowMs() < until) return;
    transport.deliver = deliver;
    // A tty's buffer holds 4 KiB; the rest of a long stall is gone.
    let room = 4096;
    for (const c of held) {
      const part = c.subarray(0, Math.max(0, room));
      room -= part.length;
      if (part.length) deliver(part);
    }
  };
  emu.clock.setTimeout(release, forMs);
}

/** The USB cable out for `forMs`: the port closes, cannot be opened, the board loses power. */
function unplug(emu: Emulator, forMs: number): void {
  const t = emu.transport as UsartTransport;
  const open = t.open.bind(t);
  t.open = async () => {
    throw Object.assign(new Error("cannot open /dev/ttyACM0: No such file or directory"), {
      code: "ENOENT",
    });
  };
  t.lose(new Error("the device was disconnected"));
  emu.clock.setTimeout(() => {
    emu.resetBoard("powerOn");
    t.open = open;
  }, forMs);
}

const actionEach = (run: (emu: Emulator, forMs: number) => void) => (ctx: Context) =>
  ctx.windows.map((w) => ({ atMs: w.atMs, run: (emu: Emulator) => run(emu, w.forMs) }));

export const FAULT_CASES: FaultCase[] = [
  {
    name: "garbage",
    what: "random bytes inserted, 1 % of bytes",
    faults: byteFault("garbage", 0.01),
    recorded: needEvents(["rejected-line"]),
  },
  {
    name: "drop",
    what: "bytes dropped, 1 %",
    faults: byteFault("drop", 0.01),
    recorded: needEvents(["rejected-line"]),
  },
  {
    name: "bit flip",
    what: "one bit flipped, 1 % of bytes",
    faults: byteFault("bitflip", 0.01),
    recorded: needEvents(["rejected-line"]),
  },
  {
    name: "reset",
    what: "the board resets (reset pin)",
    faults: (ctx) => ctx.windows.map((w) => fault("reset", { atMs: w.atMs })),
    recorded: needEvents(["board-event", (d) => d.name === "BOOT", "BOOT"]),
  },
  {
    name: "unplug/replug",
    what: "USB cable out for 5 s, board unpowered, then back",
    actions: actionEach(unplug),
    // The serial board's default backoff (250 ms doubling to 5 s).
    reconnect: {},
    recorded: needEvents(
      ["link-down"],
      ["link-up", (d) => d.reconnect === true, "link-up (reconnect)"],
    ),
  },
  {
    name: "INA219 absent",
    what: "the array INA219 stops answering for 5 s",
    faults: (ctx) => ctx.windows.map((w) => fault("ina-absent", w)),
    recorded: needEvents(
      ["board-event", (d) => d.name === "SENSLOST", "SENSLOST"],
      ["board-event", (d) => d.name === "SENSFOUND", "SENSFOUND"],
    ),
  },
  {
    name: "INA219 stuck",
    what: "the array INA219's registers frozen for 5 s, across the lamp going off",
    faults: (ctx) => ctx.windows.map((w) => fault("ina-stuck", w)),
    // A frozen reading while the lamp goes off contradicts the lamp: the lamp check says so.
    recorded: needEvents(["lamp-fault", (d) => d.verdict === "stuck-on", "lamp-fault stuck-on"]),
  },
  {
    name: "sensor stuck",
    what: "the panel's TMP36 stuck at 75 °C for 5 s",
    faults: (ctx) =>
      ctx.windows.map((w) => fault("sensor-stuck", { ...w, volts: tmp36OutputV(75) })),
    recorded: needEvents(
      ["board-event", (d) => d.name === "OTCUT", "OTCUT"],
      ["board-event", (d) => d.name === "OTCLEAR", "OTCLEAR"],
    ),
  },
  {
    name: "host silent",
    what: "the host's bytes lost for 5 s (past the 3 s watchdog)",
    faults: (ctx) => ctx.windows.map((w) => fault("host-silent", w)),
    recorded: needEvents(
      ["board-event", (d) => d.name === "HOSTLOST", "HOSTLOST"],
      ["board-event", (d) => d.name === "HOSTBACK", "HOSTBACK"],
      ["reapply"],
    ),
  },
  {
    name: "host stall",
    what: "the host does not run for 5 s (sends nothing; reads a 4 KiB burst after)",
    actions: actionEach(hostStall),
    // The host's link watchdog fires first when it runs again; HOSTLOST is past the 4 KiB.
    recorded: needEvents(
      ["link-down"],
      ["board-event", (d) => d.name === "HOSTBACK", "HOSTBACK"],
      ["link-up", (d) => d.reconnect === true, "link-up (reconnect)"],
    ),
  },
  {
    name: "lamp stuck on",
    what: "the lamp's driver stuck on for 5 s, across umbra",
    faults: (ctx) => ctx.windows.map((w) => fault("lamp-stuck-on", w)),
    recorded: needEvents(["lamp-fault", (d) => d.verdict === "stuck-on", "lamp-fault stuck-on"]),
  },
  {
    name: "slow disk",
    what: "every write of the recording cut short to at most 256 bytes",
    recordingWriteSync: () => shortWrites(256),
    // Nothing to record: a slow disk must make no difference at all.
    recorded: () => null,
  },
  {
    name: "full disk",
    what: "the disk fills after 60 KiB",
    recordingWriteSync: () => fullDiskAfter(60 * 1024),
    stop: "recording-failed",
    // There is no room for an event: the command says it, and the file ends whole.
    recorded: (_rec, run) =>
      run.recordingErrors.length === 1 && /disk is full/.test(run.recordingErrors[0]?.message ?? "")
        ? null
        : `the session reported ${run.recordingErrors.length} recording errors, not one "disk is full"`,
  },
];

/** A disk that takes each write in small parts (a slow USB stick, a network share). */
function shortWrites(maxBytes: number) {
  return (fd: number, buf: Buffer, off: number, len: number, position: number): number =>
    writeSync(fd, buf, off, Math.min(len, maxBytes), position);
}

/**
 * One emulated session with faults, run the way `orbitrig demo` builds it
 * (buildRigSession: the emulated board, the satellite model, the recorder, the alarms and
 * the lamp check), but stepped in emulated time (5 ms slices, host promises settled
 * between them) so the outcome is the same on a loaded machine as on an idle one. Two taps
 * give the ground truth the recording is checked against: every line the firmware sent
 * (Emulator.txTap, before the line faults) and every byte delivered to the host (after
 * them), each with the emulated time it was complete.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadedRig } from "../../src/config/load.js";
import type { OrbitrigError } from "../../src/core/errors.js";
import type { Emulator, FaultSpec } from "../../src/emulator/index.js";
import { buildRigSession, type RigSessionOptions } from "../../src/rig/session.js";
import { flush, settle } from "../board/harness.js";

export interface TimedLine {
  line: string;
  /** Emulated ms when its line end was sent (sent) or delivered (delivered). */
  atMs: number;
}

export interface FaultSessionOptions {
  rig: LoadedRig;
  /** Bench time the session runs, ms (it may stop sooner by itself: a full disk). */
  durationMs: number;
  faults?: FaultSpec[];
  recordingWriteSync?: RigSessionOptions["recordingWriteSync"];
  /** The emulated board reconnects after its cable is pulled (default: it does not). */
  reconnect?: RigSessionOptions["emulatedReconnect"];
  /** Things done to the rig at given session times (ms after the session started). */
  actions?: { atMs: number; run: (emulator: Emulator) => void }[];
  /** Folder for the recording (default: a new temporary folder). */
  dir?: string;
  name: string;
}

export interface FaultSessionRun {
  recording: string;
  /** Emulated ms of session time 0. */
  t0Ms: number;
  /** Emulated ms when the stop was asked for, or when the session stopped by itself. */
  stopAtMs: number;
  stopReason: string;
  sent: TimedLine[];
  delivered: TimedLine[];
  /** Lamp and load pin duty (0..1) just before the stop, and after it. */
  before: { lamp: number; load: number };
  after: { lamp: number; load: number };
  /** Irradiance on the cell after the stop, W/m² (the bench's truth: a stuck lamp stays lit). */
  irradianceAfterWm2: number;
  recordingErrors: OrbitrigError[];
  emulator: Emulator;
}

/** Collects whole lines from bytes as they come, with the time each line ended. */
class LineTap {
  readonly lines: TimedLine[] = [];
  private bytes: number[] = [];
  constructor(private readonly nowMs: () => number) {}
  push(b: number): void {
    if (b !== 0x0a) {
      // A line that never ends is not this tap's concern: keep it bounded.
      if (this.bytes.length < 4096) this.bytes.push(b);
      return;
    }
    const end = this.bytes.at(-1) === 0x0d ? this.bytes.length - 1 : this.bytes.length;
    this.lines.push({
      line: Buffer.from(this.bytes.slice(0, end)).toString("latin1"),
      atMs: this.nowMs(),
    });
    this.bytes = [];
  }
}

const SLICE_MS = 5;

export async function runFaultSession(o: FaultSessionOptions): Promise<FaultSessionRun> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), "orbitrig-faults-"));
  const recording = join(dir, `${o.name}.ndjson`);
  const recordingErrors: OrbitrigError[] = [];
  let stopSelf: ((reason: string) => void) | null = null;
  const rs = await buildRigSession(o.rig, {
    record: recording,
    overwrite: true,
    speed: "max",
    faults: o.faults ?? [],
    ...(o.recordingWriteSync ? { recordingWriteSync: o.recordingWriteSync } : {}),
    ...(o.reconnect ? { emulatedReconnect: o.reconnect } : {}),
    onRecordingError: (e) => {
      recordingErrors.push(e);
      stopSelf?.("recording-failed");
    },
  });
  const emu = rs.built.emulator;
  if (!emu) throw new Error(`${o.rig.path}: not an emulated rig`);
  const now = () => emu.nowMs();
  const sent = new LineTap(now);
  const delivered = new LineTap(now);
  emu.txTap = (b) => sent.push(b);
  emu.transport.onData((chunk) => {
    for (const b of chunk) delivered.push(b);
  });
  const session = rs.session;
  let stopAtMs: number | null = null;
  stopSelf = (reason) => {
    stopAtMs ??= now();
    void session.stop(reason);
  };
  const run = async (ms: number, until: () => boolean = () => false) => {
    const end = now() + ms;
    await flush(2);
    while (now() < end && !until()) {
      emu.runFor(Math.min(SLICE_MS, end - now()));
      await flush(2);
    }
  };

  // The emulator's pacer is not started: this loop is the pace.
  const started = settle(session.start());
  await run(15_000, () => started.done);
  if (!started.done || started.error) {
    throw new Error(`the session did not start: ${String(started.error ?? "no answer in 15 s")}`);
  }
  const t0Ms = now();
  const actions = [...(o.actions ?? [])].sort((a, b) => a.atMs - b.atMs);
  for (const a of actions) {
    await run(t0Ms + a.atMs - now(), () => session.stopped);
    if (session.stopped) break;
    a.run(emu);
  }
  await run(t0Ms + o.durationMs - now(), () => session.stopped);
  const before = { lamp: emu.pinDuty(9), load: emu.pinDuty(10) };
  stopAtMs ??= now();
  const stopped = settle(session.stop("duration"));
  await run(20_000, () => stopped.done);
  if (!stopped.done) throw new Error("the session did not stop within 20 s of emulated time");
  // The board is closed: let the firmware run on a little, as it would on the desk.
  emu.runFor(50);
  return {
    recording,
    t0Ms,
    stopAtMs,
    stopReason: String(session.summary().reason),
    sent: sent.lines,
    delivered: delivered.lines,
    before,
    after: { lamp: emu.pinDuty(9), load: emu.pinDuty(10) },
    irradianceAfterWm2: emu.bench.truth.irradianceWm2,
    recordingErrors,
    emulator: emu,
  };
}

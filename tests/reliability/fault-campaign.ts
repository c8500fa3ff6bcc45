/**
 * Faults in the emulator: each kind injected into an emulated session of several
 * compressed orbits (./fault-session.ts), and the recording checked against what the
 * firmware really sent:
 * - the session survives (it runs to its duration; a full disk stops it, lamp off);
 * - the fault is an event in the recording (what the host saw of it);
 * - every frame line that reached the host whole is a frame in the recording;
 * - every recorded frame is one the firmware sent, value for value (no corrupt frame
 *   reaches the model);
 * - every gap is accounted for: each sequence gap in the recording is in the link's
 *   framesLost, each rejected line is an event, and no frame is missing that the fault did
 *   not destroy;
 * - after recovery the board applies the lamp and load the host last commanded, and after
 *   the stop both are off.
 */
import type { LoadedRig } from "../../src/config/load.js";
import type { Frame } from "../../src/core/frame.js";
import { decodeBoardLine, type TelemetryMessage } from "../../src/protocol/index.js";
import { RecordingReader } from "../../src/telemetry/index.js";
import { rigWith } from "../e2e/pty-rig.js";
import { type Context, FAULT_CASES, type FaultCase, type Recorded } from "./fault-cases.js";
import { runFaultSession } from "./fault-session.js";
import { type CampaignResult, Checks, count } from "./result.js";

/** rigs/emulated.yaml with one orbit in about 9.6 s of bench time. */
const TIME_SCALE = 600;
export const ORBIT_MS = (95.6 * 60_000) / TIME_SCALE;
/**
 * Where the fault starts in an orbit (bench ms after the session starts, orbit 1 on):
 * late in sunlight, so its 5 s cover the lamp going off at umbra (about 12.7 s) and a
 * stuck lamp or reading has the lamp check's 2 s to show.
 */
const FAULT_AT_MS = 10_000;
const FAULT_FOR_MS = 5_000;

async function readBack(path: string): Promise<Recorded> {
  const reader = new RecordingReader(path);
  const r: Recorded = { frames: [], events: [], footer: null, corrupt: 0, truncated: 0 };
  for await (const x of reader) {
    if (x.type === "frame") r.frames.push(x.frame);
    else if (x.type === "event") r.events.push(x.event);
    else r.footer = x.footer;
  }
  r.corrupt = reader.counts.corrupt;
  r.truncated = reader.counts.truncated;
  return r;
}

/** The frame a telemetry line carries, in the recording's terms, for comparison. */
function sameFrame(f: Frame, t: TelemetryMessage): boolean {
  const near = (a: number, b: number) => Math.abs(a - b) <= 0.0011 + 1e-6 * Math.abs(b);
  if (f.seq !== t.seq || f.boardMs !== t.ms || f.flags !== t.flags) return false;
  if (f.lamp !== t.lamp || f.load !== t.load || f.channels.length !== t.channels.length)
    return false;
  return t.channels.every((c, i) => {
    const r = f.channels[i];
    return (
      r !== undefined &&
      near(r.busV, c.busMv / 1000) &&
      near(r.shuntMv, c.shuntUv / 1000) &&
      near(r.currentMa, c.currentUa / 1000) &&
      near(r.powerMw, c.powerUw / 1000)
    );
  });
}

const keyOf = (seq: number, ms: number) => `${seq}/${ms}`;

export interface FaultCampaignOptions {
  /** Orbits the session runs (at least 2); the fault comes once in every orbit but the last. */
  orbits: number;
  /** Run only the cases with these names. */
  only?: string[];
}

export async function runFaultCase(c: FaultCase, o: FaultCampaignOptions): Promise<CampaignResult> {
  const rig: LoadedRig = rigWith("rigs/emulated.yaml", (t) =>
    t.replace("timeScale: 30", `timeScale: ${TIME_SCALE}`),
  );
  const durationMs = Math.round(o.orbits * ORBIT_MS);
  // Session time 0 is a few ms after power-on; fault windows are in the emulator's time.
  const windows = Array.from({ length: Math.max(1, o.orbits - 1) }, (_, k) => ({
    atMs: FAULT_AT_MS + k * ORBIT_MS,
    forMs: FAULT_FOR_MS,
  }));
  const ctx: Context = { windows };
  const check = new Checks();
  const run = await runFaultSession({
    rig,
    durationMs,
    name: c.name.replace(/\W+/g, "-"),
    faults: c.faults?.(ctx) ?? [],
    actions: c.actions?.(ctx) ?? [],
    ...(c.recordingWriteSync ? { recordingWriteSync: c.recordingWriteSync() } : {}),
    ...(c.reconnect ? { reconnect: c.reconnect } : {}),
  });
  const rec = await readBack(run.recording);
  const expectStop = c.stop ?? "duration";
  check.that(
    run.stopReason === expectStop,
    `the session stopped for '${run.stopReason}', not '${expectStop}'`,
  );
  const missingEvent = c.recorded(rec, run);
  check.that(missingEvent === null, missingEvent ?? "");
  check.that(rec.corrupt === 0, `${rec.corrupt} corrupt lines in the recording`);
  if (expectStop === "duration") {
    check.that(
      rec.truncated === 0 && rec.footer !== null,
      "the recording has no footer or a cut line",
    );
  }

  // What the firmware sent, decoded; what reached the host whole.
  const sent = new Map<string, TelemetryMessage[]>();
  const sentAt = new Map<string, number>();
  for (const l of run.sent) {
    const d = decodeBoardLine(l.line);
    if (!d.ok || d.message.type !== "T") continue;
    const k = keyOf(d.message.seq, d.message.ms);
    sent.set(k, [...(sent.get(k) ?? []), d.message]);
    sentAt.set(k, l.atMs);
  }
  const sentLines = new Set(run.sent.map((l) => l.line));
  const recorded = new Set(rec.frames.map((f) => keyOf(f.seq, f.boardMs)));
  // Frames in the settled middle of the session (the start's and stop's edges excluded).
  const from = run.t0Ms + 200;
  const to = run.stopAtMs - 200;
  const lastFrameMs = rec.frames.at(-1)?.hostMs ?? 0;
  // Times the host had declared the link down (session ms): the gap is in the recording.
  const downs: [number, number][] = [];
  for (const e of rec.events) {
    if (e.kind === "link-down") downs.push([e.hostMs, Number.POSITIVE_INFINITY]);
    const open = downs.at(-1);
    if (e.kind === "link-up" && open && open[1] === Number.POSITIVE_INFINITY) open[1] = e.hostMs;
  }
  const inDown = (a: number, b: number) => downs.some(([d, u]) => d <= b && u >= a);
  let intactLost = 0;
  let duringDown = 0;
  const intactExamples: string[] = [];
  const intactKeys = new Set<string>();
  for (const l of run.delivered) {
    if (l.atMs < from || l.atMs > to || !sentLines.has(l.line)) continue;
    const d = decodeBoardLine(l.line);
    if (!d.ok || d.message.type !== "T") continue;
    const k = keyOf(d.message.seq, d.message.ms);
    intactKeys.add(k);
    // A full disk stops the session: frames after its last written line are not lost to the link.
    if (expectStop === "recording-failed" && l.atMs - run.t0Ms > lastFrameMs) continue;
    if (!recorded.has(k) && inDown(l.atMs - run.t0Ms, l.atMs - run.t0Ms)) duringDown++;
    else if (!recorded.has(k)) {
      intactLost++;
      if (intactExamples.length < 3)
        intactExamples.push(`${k} at ${(l.atMs - run.t0Ms).toFixed(0)} ms`);
    }
  }
  check.that(
    intactLost === 0,
    `${intactLost} frames reached the host whole and are not in the recording (${intactExamples.join(", ")})`,
  );

  let foreign = 0;
  for (const f of rec.frames) {
    const candidates = sent.get(keyOf(f.seq, f.boardMs)) ?? [];
    if (!candidates.some((t) => sameFrame(f, t))) foreign++;
  }
  check.that(foreign === 0, `${foreign} recorded frames are not a frame the firmware sent`);

  // Gaps: every forward jump in the recorded sequence is in the link's count.
  let gapFrames = 0;
  for (let i = 1; i < rec.frames.length; i++) {
    const a = rec.frames[i - 1] as Frame;
    const b = rec.frames[i] as Frame;
    // Across a link-down too: the link counts the frames lost over a reconnect when the
    // board's sequence went on (a board that restarted it is a gap of unknown size).
    if (b.seq > a.seq + 1) gapFrames += b.seq - a.seq - 1;
  }
  const link = rec.footer?.link ?? null;
  if (link) {
    check.that(
      link.framesLost === gapFrames,
      `the recording skips ${gapFrames} sequence numbers; the link counted ${link.framesLost} frames lost`,
    );
    const rejectedEvents = rec.events.filter((e) => e.kind === "rejected-line").length;
    check.that(
      rejectedEvents === link.checksumRejects + link.malformedLines,
      `${rejectedEvents} rejected-line events; the link counted ${link.checksumRejects + link.malformedLines} rejected lines`,
    );
  }
  // Frames the firmware sent in the session that are not recorded: each destroyed by the fault.
  let sentInWindow = 0;
  let destroyed = 0;
  for (const [k, at] of sentAt) {
    if (at < from || at > to) continue;
    if (expectStop === "recording-failed" && at - run.t0Ms > lastFrameMs) continue;
    sentInWindow++;
    if (!recorded.has(k) && !intactKeys.has(k)) destroyed++;
  }

  // After recovery: the board applies what the host last commanded; after the stop, nothing.
  const commands = rec.events.filter((e) => e.kind === "command");
  const lastLevel = (name: string) =>
    commands.filter((e) => e.data.command === name).at(-1)?.data.level as number | undefined;
  if (expectStop === "duration") {
    const lamp = lastLevel("LAMP");
    const load = lastLevel("LOAD");
    check.that(
      lamp !== undefined && Math.abs(run.before.lamp - lamp / 255) < 0.01,
      `before the stop the lamp pin ran at ${run.before.lamp.toFixed(2)}, the host last sent LAMP ${lamp}`,
    );
    check.that(
      load !== undefined && Math.abs(run.before.load - load / 255) < 0.01,
      `before the stop the load pin ran at ${run.before.load.toFixed(2)}, the host last sent LOAD ${load}`,
    );
  }
  check.that(
    run.after.lamp === 0 && run.after.load === 0,
    `after the stop lamp ${run.after.lamp} and load ${run.after.load}, not 0`,
  );
  // The bench's ambient light is a few W/m²; the lamp at full is 800.
  check.that(
    run.irradianceAfterWm2 < 20,
    `the cell still lit after the stop (${run.irradianceAfterWm2} W/m²)`,
  );

  return {
    test: `fault: ${c.name}`,
    // A disk is slow or fills for the whole session; the other faults come in windows.
    size: `${o.orbits} orbits (${(durationMs / 1000).toFixed(0)} s bench), ${c.recordingWriteSync ? "" : `${windows.length} × `}${c.what}`,
    dataLost: `${intactLost === 0 ? "none" : `**${count(intactLost)} whole frames**`} (${count(destroyed)} of ${count(sentInWindow)} frames destroyed by the fault${duringDown ? `, ${count(duringDown)} read while the link was down` : ""})`,
    lampOff: run.after.lamp === 0 && run.irradianceAfterWm2 < 20 ? "yes, at the stop" : "**no**",
    notes: [
      `${c.name}: ${rec.frames.length} frames, ${rec.events.length} events (${[...new Set(rec.events.map((e) => e.kind))].join(", ")}); stop '${run.stopReason}'`,
    ],
    failures: check.failures,
  };
}

export async function runFaultCampaign(o: FaultCampaignOptions): Promise<CampaignResult[]> {
  const out: CampaignResult[] = [];
  for (const c of FAULT_CASES) {
    if (o.only && !o.only.includes(c.name)) continue;
    out.push(await runFaultCase(c, o));
  }
  return out;
}

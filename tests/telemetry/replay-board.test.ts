import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ReplayBoard } from "../../src/board/replay.js";
import type { BoardEvent } from "../../src/core/board.js";
import { ManualClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { RecordingReader } from "../../src/telemetry/reader.js";
import { ReplaySource, replayRecording } from "../../src/telemetry/replay-source.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

function makeRecording(n: number, skipSeq: number[] = []) {
  const path = join(mkdtempSync(join(tmpdir(), "orbitrig-replay-")), "rec.ndjson");
  const w = new RecordingWriter({ clock: new ManualClock() });
  w.open(path, syntheticHeader());
  const frames: Frame[] = [];
  for (let i = 0; i < n; i++) {
    if (skipSeq.includes(i)) continue;
    const f = syntheticFrame(i);
    frames.push(f);
    w.frame(f, syntheticNode(i, f));
    if (i === 20) w.event(f.hostMs, "board-error", { code: "I2C", detail: "nack" });
    if (i === 21) w.event(f.hostMs, "lamp", { level: 0 }); // a session event: not replayed as a board event
  }
  w.close({ endReason: "quit" });
  return { path, frames };
}

/** Polls a condition on the event loop; fails loudly after boundMs of real time. */
async function until(cond: () => boolean, what: string, boundMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > boundMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

function collect(board: ReplayBoard) {
  const frames: Frame[] = [];
  const events: BoardEvent[] = [];
  board.onFrame((f) => frames.push(f));
  board.onEvent((e) => events.push(e));
  return { frames, events };
}

/** Lets a pump that has caught up with the pacing clock show it emits nothing more. */
async function settle(): Promise<void> {
  for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
}

const upTo = (frames: Frame[], fromMs: number, toMs: number) =>
  frames.filter((f) => f.hostMs >= fromMs && f.hostMs <= toMs);

describe("ReplayBoard", () => {
  it("at max speed emits every recorded frame unchanged, replays board events, then ends", async () => {
    const { path, frames } = makeRecording(3000, [100, 101]);
    const board = replayRecording(path, { speed: "max" });
    const got = collect(board);
    const info = await board.open();
    expect(info).toMatchObject({
      kind: "replay",
      port: "rec.ndjson",
      boardId: "SYNTH",
      firmwareVersion: "synthetic-0",
    });
    expect(await board.done).toBe("end");
    expect(got.frames).toEqual(frames);
    expect(got.events.map((e) => e.kind)).toEqual(["hello", "board-error", "board-event"]);
    expect(got.events.at(-1)).toMatchObject({ name: "replay-end" });
    const s = board.stats();
    expect(s).toMatchObject({ framesReceived: 2998, seqGaps: 1, framesLost: 2, link: "down" });
    expect(board.clock.nowMs()).toBe(frames.at(-1)!.hostMs);
    await board.close();
    expect(board.stats().link).toBe("closed");
  });

  it("paces frames by the injected clock at the chosen speed, pauses and resumes", async () => {
    const { path, frames: recorded } = makeRecording(200); // 100 ms apart: 20 s of recording
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 2 });
    const { frames } = collect(board);
    await board.open();
    pacing.advance(1000); // 1 s real = 2 s of recording
    const due = recorded.filter((f) => f.hostMs <= 2000);
    await until(() => frames.length >= due.length, "2 s of frames");
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    expect(frames).toEqual(due); // and nothing early
    expect(board.clock.nowMs()).toBe(2000);
    board.pause();
    pacing.advance(5000);
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    expect(frames.length).toBe(due.length);
    expect(board.clock.nowMs()).toBe(2000);
    board.resume();
    board.setSpeed(10);
    pacing.advance(100); // 1 s more of recording
    const due3 = recorded.filter((f) => f.hostMs <= 3000);
    await until(() => frames.length >= due3.length, "frames up to 3 s");
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    expect(frames).toEqual(due3);
    await board.close();
    expect(await board.done).toBe("closed");
  });

  it("fires the recording clock's timers in recording time", async () => {
    const { path } = makeRecording(100);
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 4 });
    await board.open();
    const fired: number[] = [];
    const tick = () => {
      fired.push(board.clock.nowMs());
      board.clock.setTimeout(tick, 1000);
    };
    board.clock.setTimeout(tick, 1000);
    for (let k = 0; k < 20 && fired.length < 4; k++) {
      pacing.advance(50); // 200 ms of recording a step
      await until(() => board.clock.nowMs() >= (k + 1) * 200 || fired.length >= 4, "the pump");
    }
    await until(() => fired.length >= 4, "four ticks");
    expect(fired).toEqual([1000, 2000, 3000, 4000]);
    await board.close();
  });

  it("seeks back and forward by time, also across the seek index of a larger file", async () => {
    const { path, frames } = makeRecording(9000); // > 3 MB: several index entries
    const board = replayRecording(path, { speed: "max", burst: 256 });
    const got = collect(board);
    await board.open();
    await until(
      () => got.frames.length > 0 && got.frames.at(-1)!.hostMs >= 800_000,
      "frames to 800 s",
    );
    board.seekTo(100);
    const mark = got.frames.length;
    await until(() => got.frames.length > mark + 10, "frames after seek back");
    const firstAfter = got.frames[mark]!;
    expect(firstAfter).toEqual(frames.find((f) => f.hostMs >= 100_000));
    const before = board.clock.nowMs();
    board.seekBy(500);
    const mark2 = got.frames.length;
    await until(() => got.frames.length > mark2, "frames after seek forward");
    expect(got.frames[mark2]).toEqual(frames.find((f) => f.hostMs >= before + 500_000));
    expect(await board.done).toBe("end");
    await board.close();
  });

  it("plays only between --from and --to, and accepts lamp and load commands as no-ops", async () => {
    const { path, frames } = makeRecording(500);
    const board = replayRecording(path, { speed: "max", fromS: 10, toS: 20 });
    const got = collect(board);
    await board.open();
    await board.setLamp(255);
    await board.setLoad(128);
    expect(await board.done).toBe("end");
    expect(got.frames).toEqual(frames.filter((f) => f.hostMs >= 10_000 && f.hostMs <= 20_000));
    expect(board.stats().commandsSent).toBe(2);
    await board.close();
  });

  it("skips and reports corrupt and cut-off lines without stopping", async () => {
    const { path, frames } = makeRecording(50);
    const lines = readFileSync(path, "utf8").split("\n");
    lines[5] = "{{{ not a record";
    writeFileSync(path, `${lines.slice(0, -2).join("\n")}\n`); // drop the footer
    appendFileSync(path, '["f",77,1');
    const board = replayRecording(path, { speed: "max" });
    const got = collect(board);
    await board.open();
    await board.done;
    expect(got.frames.length).toBe(frames.length - 1);
    expect(board.source.counts()).toMatchObject({ corrupt: 1, corruptLines: [6], truncated: 1 });
    await board.close();
  });

  it("counts each damaged line once, however often seeks read it again", async () => {
    const { path } = makeRecording(50);
    const lines = readFileSync(path, "utf8").split("\n");
    lines[5] = "{{{ not a record";
    lines[40] = "[1,2,3]";
    writeFileSync(path, `${lines.slice(0, -2).join("\n")}\n`); // drop the footer
    appendFileSync(path, '["f",77,1');
    const src = new ReplaySource(path);
    const drain = async () => {
      while ((await src.next()) !== null);
    };
    await drain();
    const once = { corrupt: 2, corruptLines: [6, 41], truncated: 1 };
    expect(src.counts()).toMatchObject(once);
    src.seek(0); // back to the start: every line again
    await drain();
    expect(src.counts()).toMatchObject(once);
    src.seek(2_000); // and from the middle
    await drain();
    expect(src.counts()).toMatchObject(once);
    await src.close();
  });

  it("replays a recording made by the emulated rig frame for frame", async () => {
    const sample = join(import.meta.dirname, "../fixtures/recordings/emulated-sunlit-only.ndjson");
    const expected: Frame[] = [];
    for await (const r of new RecordingReader(sample))
      if (r.type === "frame") expected.push(r.frame);
    const board = replayRecording(sample, { speed: "max" });
    const got = collect(board);
    const info = await board.open();
    expect(info.channels.map((c) => c.role)).toEqual(["array", "load"]);
    expect(await board.done).toBe("end");
    expect(got.frames).toEqual(expected);
    expect(board.stats().framesReceived).toBe(expected.length);
    await board.close();
  });
});

// Paced playback: the recording clock at the end, link statistics across seeks, timers when playback lags.
describe("ReplayBoard clock at the end of paced playback", () => {
  it("stays at the last frame's time, not the start, and stands still afterwards", async () => {
    const { path, frames } = makeRecording(50); // last frame at 4900 ms
    const last = frames.at(-1)!;
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 1 });
    const got = collect(board);
    await board.open();
    pacing.advance(last.hostMs);
    expect(await board.done).toBe("end");
    expect(got.frames).toEqual(frames);
    expect(board.clock.nowMs()).toBe(last.hostMs);
    expect(got.events.at(-1)).toMatchObject({ name: "replay-end", hostMs: last.hostMs });
    expect(board.stats()).toMatchObject({ link: "down", lastFrameHostMs: last.hostMs });
    pacing.advance(60_000); // the recording is over: its clock does not run on
    expect(board.clock.nowMs()).toBe(last.hostMs);
    await board.close();
  });

  it("stops at --to, where playback reached, at any speed", async () => {
    const { path, frames } = makeRecording(100);
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 4, fromS: 1, toS: 3 });
    const got = collect(board);
    await board.open();
    pacing.advance(10_000); // 40 s of recording: well past --to
    expect(await board.done).toBe("end");
    expect(got.frames).toEqual(upTo(frames, 1000, 3000));
    expect(board.clock.nowMs()).toBe(3000);
    expect(got.events.at(-1)).toMatchObject({ name: "replay-end", hostMs: 3000 });
    await board.close();
  });
});

describe("ReplayBoard link stats across seeks", () => {
  it("counts frames skipped by a seek forward or back as neither gaps nor lost", async () => {
    const { path, frames } = makeRecording(300); // 30 s, 10 frames a second, no gaps
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 1 });
    const got = collect(board);
    await board.open();

    pacing.advance(5000);
    await until(() => got.frames.length >= upTo(frames, 0, 5000).length, "frames to 5 s");
    board.seekBy(10); // the dashboard's → key: 100 frames skipped on purpose
    pacing.advance(1000);
    const forward = upTo(frames, 0, 5000).length + upTo(frames, 15_000, 16_000).length;
    await until(() => got.frames.length >= forward, "frames to 16 s");
    await settle();
    expect(got.frames.at(-1)!.hostMs).toBeLessThanOrEqual(16_000);
    expect(board.stats()).toMatchObject({ framesReceived: forward, seqGaps: 0, framesLost: 0 });

    board.seekBy(-12); // back to 4 s: frames seen before come again
    pacing.advance(1000);
    const back = forward + upTo(frames, 4000, 5000).length;
    await until(() => got.frames.length >= back, "frames to 5 s again");
    await settle();
    expect(board.stats()).toMatchObject({ framesReceived: back, seqGaps: 0, framesLost: 0 });

    board.seekTo(20); // and forward once more after going back
    pacing.advance(1000);
    const again = back + upTo(frames, 20_000, 21_000).length;
    await until(() => got.frames.length >= again, "frames to 21 s");
    await settle();
    expect(board.stats()).toMatchObject({ framesReceived: again, seqGaps: 0, framesLost: 0 });
    await board.close();
  });

  it("still counts the recording's own gaps after a seek", async () => {
    const { path, frames } = makeRecording(300, [200, 201]); // 2 frames lost at 20 s
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 1 });
    const got = collect(board);
    await board.open();
    pacing.advance(1000);
    await until(() => got.frames.length >= upTo(frames, 0, 1000).length, "frames to 1 s");
    board.seekTo(19);
    pacing.advance(2000);
    const n = upTo(frames, 0, 1000).length + upTo(frames, 19_000, 21_000).length;
    await until(() => got.frames.length >= n, "frames to 21 s");
    await settle();
    expect(board.stats()).toMatchObject({ framesReceived: n, seqGaps: 1, framesLost: 2 });
    await board.close();
  });

  it("a seek back after the end replays without counting a gap", async () => {
    const { path, frames } = makeRecording(50);
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 1 });
    const got = collect(board);
    await board.open();
    pacing.advance(5000);
    expect(await board.done).toBe("end");
    board.seekTo(1); // playback starts again
    pacing.advance(1000);
    const n = frames.length + upTo(frames, 1000, 2000).length;
    await until(() => got.frames.length >= n, "frames to 2 s again");
    await settle();
    expect(board.stats()).toMatchObject({ link: "up", seqGaps: 0, framesLost: 0 });
    board.seekBy(2.5); // forward from 2 s to 4.5 s
    pacing.advance(500);
    const m = n + upTo(frames, 4500, 5000).length;
    await until(() => got.frames.length >= m, "frames to the end again");
    await settle();
    expect(board.stats()).toMatchObject({ seqGaps: 0, framesLost: 0 });
    await board.close();
  });
});

describe("ReplayBoard timers when playback lags", () => {
  it("never fires a recording-clock timer past a frame not yet delivered", async () => {
    const { path } = makeRecording(60); // frames every 100 ms up to 5900 ms
    const pacing = new ManualClock();
    const board = replayRecording(path, { pacing, speed: 40 });
    let lastFrameMs = 0;
    board.onFrame((f) => {
      lastFrameMs = f.hostMs;
    });
    const ages: number[] = [];
    const tick = () => {
      ages.push(board.clock.nowMs() - lastFrameMs);
      board.clock.setTimeout(tick, 100);
    };
    await board.open();
    board.clock.setTimeout(tick, 100);
    // The event loop stalls for 100 ms of real time: 4 s of recording at ×40.
    pacing.advance(100);
    await until(() => lastFrameMs >= 3800, "catching up");
    await settle();
    expect(ages.length).toBeGreaterThan(30);
    // Frames are 100 ms apart: a tick never sees a frame older than that.
    expect(Math.max(...ages)).toBeLessThanOrEqual(100);
    await board.close();
  });
});

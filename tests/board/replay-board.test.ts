/**
 * ReplayBoard at paced speed: the recording clock at the end of playback, and the link
 * statistics across seeks. (The general replay tests are in tests/telemetry/replay-board.test.ts.)
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReplayBoard } from "../../src/board/replay.js";
import type { BoardEvent } from "../../src/board/types.js";
import { ManualClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "../telemetry/synthetic.js";

/** n synthetic frames 100 ms apart (seq = index), leaving out the indices in skipSeq. */
function makeRecording(n: number, skipSeq: number[] = []) {
  const path = join(mkdtempSync(join(tmpdir(), "orbitrig-replay-board-")), "rec.ndjson");
  const w = new RecordingWriter({ clock: new ManualClock() });
  w.open(path, syntheticHeader());
  const frames: Frame[] = [];
  for (let i = 0; i < n; i++) {
    if (skipSeq.includes(i)) continue;
    const f = syntheticFrame(i);
    frames.push(f);
    w.frame(f, syntheticNode(i, f));
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

/** Lets a pump that has caught up with the pacing clock show it emits nothing more. */
async function settle(): Promise<void> {
  for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
}

function collect(board: ReplayBoard) {
  const frames: Frame[] = [];
  const events: BoardEvent[] = [];
  board.onFrame((f) => frames.push(f));
  board.onEvent((e) => events.push(e));
  return { frames, events };
}

const upTo = (frames: Frame[], fromMs: number, toMs: number) =>
  frames.filter((f) => f.hostMs >= fromMs && f.hostMs <= toMs);

describe("ReplayBoard clock at the end of paced playback", () => {
  it("stays at the last frame's time, not the start, and stands still afterwards", async () => {
    const { path, frames } = makeRecording(50); // last frame at 4900 ms
    const last = frames.at(-1)!;
    const pacing = new ManualClock();
    const board = new ReplayBoard(path, { pacing, speed: 1 });
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
    const board = new ReplayBoard(path, { pacing, speed: 4, fromS: 1, toS: 3 });
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
    const board = new ReplayBoard(path, { pacing, speed: 1 });
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
    const board = new ReplayBoard(path, { pacing, speed: 1 });
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
    const board = new ReplayBoard(path, { pacing, speed: 1 });
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
    const board = new ReplayBoard(path, { pacing, speed: 40 });
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

import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReplayBoard } from "../../src/board/replay.js";
import type { BoardEvent } from "../../src/board/types.js";
import { ManualClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { RecordingReader } from "../../src/telemetry/reader.js";
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

describe("ReplayBoard", () => {
  it("at max speed emits every recorded frame unchanged, replays board events, then ends", async () => {
    const { path, frames } = makeRecording(3000, [100, 101]);
    const board = new ReplayBoard(path, { speed: "max" });
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
    const board = new ReplayBoard(path, { pacing, speed: 2 });
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
    const board = new ReplayBoard(path, { pacing, speed: 4 });
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
    const board = new ReplayBoard(path, { speed: "max", burst: 256 });
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
    const board = new ReplayBoard(path, { speed: "max", fromS: 10, toS: 20 });
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
    const board = new ReplayBoard(path, { speed: "max" });
    const got = collect(board);
    await board.open();
    await board.done;
    expect(got.frames.length).toBe(frames.length - 1);
    expect(board.damage()).toMatchObject({ corrupt: 1, corruptLines: [6], truncated: 1 });
    await board.close();
  });

  it("replays a recording made by the emulated rig frame for frame", async () => {
    const sample = join(import.meta.dirname, "../fixtures/recordings/emulated-sunlit-only.ndjson");
    const expected: Frame[] = [];
    for await (const r of new RecordingReader(sample))
      if (r.type === "frame") expected.push(r.frame);
    const board = new ReplayBoard(sample, { speed: "max" });
    const got = collect(board);
    const info = await board.open();
    expect(info.channels.map((c) => c.role)).toEqual(["array", "load"]);
    expect(await board.done).toBe("end");
    expect(got.frames).toEqual(expected);
    expect(board.stats().framesReceived).toBe(expected.length);
    await board.close();
  });
});

import { describe, expect, it } from "vitest";
import { LinkStatsTracker } from "../../src/board/link-stats.js";

function feed(t: LinkStatsTracker, frames: [seq: number, boardMs: number][]) {
  for (const [seq, ms] of frames) t.frame(seq, ms, ms);
  return t.snapshot();
}

describe("LinkStatsTracker", () => {
  it("reports the frame rate over the board's clock once a second of frames is in", () => {
    const t = new LinkStatsTracker();
    // A rate change makes the firmware send one frame at once: 4 ms after the previous one.
    expect(
      feed(t, [
        [0, 2],
        [1, 6],
      ]).framesPerS,
    ).toBe(0);
    const s = feed(
      t,
      Array.from({ length: 40 }, (_, i) => [i + 2, 6 + 50 * (i + 1)] as [number, number]),
    );
    expect(s.framesPerS).toBeCloseTo(20, 0);
  });

  it.each([
    { name: "consecutive", seqs: [5, 6, 7], gaps: 0, lost: 0 },
    { name: "one gap of 3", seqs: [5, 9, 10], gaps: 1, lost: 3 },
    { name: "wrap at 2^32", seqs: [0xfffffffe, 0xffffffff, 0, 1], gaps: 0, lost: 0 },
    { name: "gap across the wrap", seqs: [0xfffffffe, 1], gaps: 1, lost: 2 },
    { name: "board reset (sequence restarts): not loss", seqs: [500, 501, 0, 1], gaps: 0, lost: 0 },
  ])("sequence $name -> $gaps gaps, $lost lost", ({ seqs, gaps, lost }) => {
    const s = feed(
      new LinkStatsTracker(),
      seqs.map((seq, i) => [seq, i * 100] as [number, number]),
    );
    expect(s.seqGaps).toBe(gaps);
    expect(s.framesLost).toBe(lost);
    expect(s.framesReceived).toBe(seqs.length);
  });
});

describe("frames lost across a reconnect", () => {
  it("a sequence that goes on after the reconnect counts the frames lost meanwhile (140 → 207: 66 lost)", () => {
    const t = new LinkStatsTracker();
    feed(t, [
      [139, 100],
      [140, 150],
    ]);
    t.reconnecting();
    const s = feed(t, [
      [207, 9000],
      [208, 9050],
    ]);
    expect(s.seqGaps).toBe(1);
    expect(s.framesLost).toBe(66);
    expect(s.gapsUnknown).toBe(0);
  });

  it("a sequence restarted by a reset across the reconnect is a gap of unknown size, never 0 lost", () => {
    const t = new LinkStatsTracker();
    feed(t, [[140, 150]]);
    t.reconnecting();
    const s = feed(t, [
      [0, 10],
      [1, 60],
    ]);
    expect(s.gapsUnknown).toBe(1);
    expect(s.seqGaps).toBe(0);
  });

  it("a seek or an announced reboot forgets the sequence: no gap at all", () => {
    const t = new LinkStatsTracker();
    feed(t, [[140, 150]]);
    t.forgetSequence();
    const s = feed(t, [[3, 10]]);
    expect([s.seqGaps, s.framesLost, s.gapsUnknown]).toEqual([0, 0, 0]);
  });
});

describe("LinkStatsTracker at high rates", () => {
  it("keeps the rate right over many windows (old frames leave the window in batches)", () => {
    const t = new LinkStatsTracker();
    // 100,000 frames at 1 kHz of board time: the 5 s window holds 5,001 of them at a time.
    for (let i = 0; i < 100_000; i++) {
      t.frame(i, i, i);
      if (i === 2_000) expect(t.snapshot().framesPerS).toBeCloseTo(1000, 6);
    }
    expect(t.snapshot().framesPerS).toBeCloseTo(1000, 6);
    // The board's millis() restarts: the window starts again, and the rate with it.
    t.frame(100_000, 3, 100_000);
    expect(t.snapshot().framesPerS).toBe(0);
    for (let i = 1; i <= 2_000; i++) t.frame(100_000 + i, 3 + 2 * i, 100_000 + i);
    expect(t.snapshot().framesPerS).toBeCloseTo(500, 6);
  });
});

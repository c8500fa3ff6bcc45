import { describe, expect, it } from "vitest";
import { BoardListeners } from "../../src/board/listeners.js";
import type { Frame } from "../../src/core/frame.js";

const frame = { seq: 1 } as Frame;

describe("BoardListeners", () => {
  it("gives each frame to the listeners there when it arrived: one added or removed meanwhile counts from the next", () => {
    const l = new BoardListeners();
    const seen: string[] = [];
    let offB = () => {};
    const c = () => seen.push("c");
    l.onFrame(() => {
      seen.push("a");
      offB();
      l.onFrame(c);
    });
    offB = l.onFrame(() => seen.push("b"));
    l.frame(frame);
    expect(seen).toEqual(["a", "b"]);
    seen.length = 0;
    l.frame(frame);
    expect(seen).toEqual(["a", "c"]);
  });

  it("keeps one subscription per function, as a set does, and unsubscribes it", () => {
    const l = new BoardListeners();
    let n = 0;
    const f = () => n++;
    const off = l.onFrame(f);
    l.onFrame(f);
    l.frame(frame);
    expect(n).toBe(1);
    off();
    l.frame(frame);
    expect(n).toBe(1);
  });

  it("lets the others run when one throws, and rethrows its error on its own", async () => {
    const l = new BoardListeners();
    const seen: number[] = [];
    l.onFrame(() => {
      throw new Error("listener failed");
    });
    l.onFrame((f) => seen.push(f.seq));
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.prependListener("uncaughtException", onError);
    try {
      l.frame(frame);
      expect(seen).toEqual([1]);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.removeListener("uncaughtException", onError);
    }
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("listener failed");
  });
});

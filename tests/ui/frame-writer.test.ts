/**
 * The frame writer (src/ui/frame-writer.ts): only the rows that changed are sent, and what
 * the terminal then shows is what a fresh render of the frame shows. A real terminal
 * emulator (./terminal.ts) reads the screen.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { lineToAnsi } from "../../src/ui/ansi.js";
import { FrameWriter, frameCacheEnabled, type TerminalSize } from "../../src/ui/frame-writer.js";
import { chooseLayout } from "../../src/ui/layout.js";
import { seg } from "../../src/ui/lines.js";
import { dashboardLines, toRows } from "../../src/ui/screen.js";
import { movingSnapshot } from "./fixtures.js";
import { freshScreen, screenAfter, type TerminalStep } from "./terminal.js";

const SIZE: TerminalSize = { columns: 100, rows: 30 };
const LIVE = { pause: false, speed: false, seek: false, lamp: true };
const UI = { help: false, note: null, message: null };

/** The dashboard's rows for snapshot i of a moving session, at a terminal size. */
const frameAt = (i: number, size = SIZE) =>
  toRows(
    dashboardLines({
      snapshot: movingSnapshot(i),
      layout: chooseLayout(size.columns, size.rows),
      ui: UI,
      capabilities: LIVE,
      staleLinkS: 2,
    }),
    true,
  );

class Out {
  isTTY = true;
  writes: TerminalStep[] = [];
  write(chunk: string) {
    this.writes.push(chunk);
    return true;
  }
}

function writer(reuseRows = true) {
  const out = new Out();
  return { out, w: new FrameWriter(out, reuseRows) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("frame writer: the screen after incremental frames", () => {
  it("equals a fresh render of the last frame, frame after frame", async () => {
    const { out, w } = writer();
    for (let i = 1; i <= 12; i++) {
      const rows = frameAt(i * 37);
      w.draw(rows, SIZE);
      const shown = await screenAfter(out.writes, SIZE.columns, SIZE.rows);
      const fresh = await freshScreen(rows, SIZE.columns, SIZE.rows);
      expect(shown.text, `frame ${i}`).toEqual(fresh.text);
      expect(shown.cells, `frame ${i}`).toEqual(fresh.cells);
      // The cursor waits on the line below the frame (where the next frame starts from).
      expect(shown.cursor).toEqual({ y: rows.length, x: 0 });
    }
    // Most rows did not change from one frame to the next: far fewer than all were sent.
    expect(w.stats.rowsWritten).toBeLessThan(0.6 * 12 * frameAt(0).length);
  });

  it("sends nothing for a frame that is already on screen", () => {
    const { out, w } = writer();
    w.draw(frameAt(5), SIZE);
    const n = out.writes.length;
    w.draw(frameAt(5), SIZE);
    expect(out.writes).toHaveLength(n);
  });
});

describe("frame writer: a change redraws its row", () => {
  const base = ["first row", "second row", "third row", "fourth row"];

  it("a changed glyph sends that row alone, and the screen shows it", async () => {
    const { out, w } = writer();
    w.draw(base, SIZE);
    const changed = [...base];
    changed[2] = "third rov";
    const sent = w.stats.rowsWritten;
    w.draw(changed, SIZE);
    expect(w.stats.rowsWritten - sent).toBe(1);
    const last = String(out.writes.at(-1));
    expect(last).toContain("third rov");
    for (const other of ["first row", "second row", "fourth row"])
      expect(last).not.toContain(other);
    const shown = await screenAfter(out.writes, SIZE.columns, SIZE.rows);
    expect(shown.text).toEqual(changed);
  });

  it("a changed style with the same text sends that row, and the screen has the new colour", async () => {
    const rows = (tone: "ok" | "alarm") => [
      lineToAnsi([seg("LINK "), seg("● UP", tone, true)], true),
      lineToAnsi([seg("unchanged", "dim")], true),
    ];
    const { out, w } = writer();
    w.draw(rows("ok"), SIZE);
    const sent = w.stats.rowsWritten;
    w.draw(rows("alarm"), SIZE);
    expect(w.stats.rowsWritten - sent).toBe(1);
    const shown = await screenAfter(out.writes, SIZE.columns, SIZE.rows);
    const fresh = await freshScreen(rows("alarm"), SIZE.columns, SIZE.rows);
    const before = await freshScreen(rows("ok"), SIZE.columns, SIZE.rows);
    expect(shown.text).toEqual(fresh.text);
    expect(shown.cells).toEqual(fresh.cells);
    expect(shown.cells[0]).not.toEqual(before.cells[0]);
    expect(shown.text).toEqual(["LINK ● UP", "unchanged"]);
  });

  it("a shorter frame erases the rows the last one had below it", async () => {
    const { out, w } = writer();
    w.draw(base, SIZE);
    w.draw(base.slice(0, 2), SIZE);
    const shown = await screenAfter(out.writes, SIZE.columns, SIZE.rows);
    expect(shown.text).toEqual(base.slice(0, 2));
    expect(shown.cursor).toEqual({ y: 2, x: 0 });
  });

  it("a longer frame adds its rows below", async () => {
    const { out, w } = writer();
    w.draw(base.slice(0, 2), SIZE);
    w.draw(base, SIZE);
    expect((await screenAfter(out.writes, SIZE.columns, SIZE.rows)).text).toEqual(base);
  });

  it("a row that gets shorter leaves nothing of the old one", async () => {
    const { out, w } = writer();
    w.draw(["a long first row", "b"], SIZE);
    w.draw(["short", "b"], SIZE);
    expect((await screenAfter(out.writes, SIZE.columns, SIZE.rows)).text).toEqual(["short", "b"]);
  });
});

describe("frame writer: memory and the switch", () => {
  it("keeps only the frame on screen: a frame from two draws ago is sent again in full", () => {
    const { w } = writer();
    const a = ["alpha 1", "alpha 2", "alpha 3"];
    const b = ["beta 1", "beta 2", "beta 3"];
    w.draw(a, SIZE);
    w.draw(b, SIZE);
    const sent = w.stats.rowsWritten;
    w.draw(a, SIZE);
    expect(w.stats.rowsWritten - sent).toBe(a.length);
  });

  it("holds one frame however many it drew", () => {
    const { w } = writer();
    for (let i = 0; i < 2000; i++) w.draw(frameAt(i), SIZE);
    // What it keeps is exactly the last frame (a copy), not a history.
    expect(w.retainedRows()).toEqual(frameAt(1999));
  });

  it.each([
    [{}, true],
    [{ ORBITRIG_FRAME_CACHE: "1" }, true],
    [{ ORBITRIG_FRAME_CACHE: "0" }, false],
  ])("env %j: frame cache %s", (env, on) => {
    expect(frameCacheEnabled(env)).toBe(on);
  });

  it("ORBITRIG_FRAME_CACHE=0 sends every row of every frame, and the screen is the same", async () => {
    vi.stubEnv("ORBITRIG_FRAME_CACHE", "0");
    const off = { out: new Out(), w: undefined as unknown as FrameWriter };
    off.w = new FrameWriter(off.out);
    const on = writer();
    for (const i of [3, 4, 4, 900]) {
      off.w.draw(frameAt(i), SIZE);
      on.w.draw(frameAt(i), SIZE);
    }
    expect(off.w.stats.rowsWritten).toBe(4 * frameAt(3).length);
    expect(on.w.stats.rowsWritten).toBeLessThan(off.w.stats.rowsWritten / 2);
    const a = await screenAfter(off.out.writes, SIZE.columns, SIZE.rows);
    const b = await screenAfter(on.out.writes, SIZE.columns, SIZE.rows);
    expect(a.text).toEqual(b.text);
    expect(a.cells).toEqual(b.cells);
  });
});

describe("frame writer: the terminal around the frame", () => {
  it("draws below what was on screen, and leaves it there", async () => {
    const { out, w } = writer();
    out.write("$ orbitrig demo\r\n");
    w.draw(["frame 1"], SIZE);
    w.draw(["frame 2"], SIZE);
    expect((await screenAfter(out.writes, SIZE.columns, SIZE.rows)).text).toEqual([
      "$ orbitrig demo",
      "frame 2",
    ]);
  });

  it("after a resize, clears the screen and draws the whole frame at the top", async () => {
    const { out, w } = writer();
    out.write("$ orbitrig demo\r\n");
    w.draw(frameAt(1), SIZE);
    const small = { columns: 80, rows: 24 };
    out.writes.push(small);
    const rows = frameAt(1, small);
    w.draw(rows, small);
    const shown = await screenAfter(out.writes, SIZE.columns, SIZE.rows);
    expect(shown.cells).toEqual((await freshScreen(rows, small.columns, small.rows)).cells);
  });

  it("hides the cursor while drawing and shows it again when done, leaving the frame", async () => {
    const { out, w } = writer();
    w.draw(["last frame"], SIZE);
    expect(out.writes[0]).toContain("\u001B[?25l");
    w.done();
    expect(out.writes.at(-1)).toBe("\u001B[?25h");
    const shown = await screenAfter(out.writes, SIZE.columns, SIZE.rows);
    expect(shown.text).toEqual(["last frame"]);
    expect(shown.cursor).toEqual({ y: 1, x: 0 });
  });

  it("writes nothing to a terminal that is gone (hung up)", () => {
    const { out, w } = writer();
    w.draw(["a"], SIZE);
    const gone = Object.assign(out, { destroyed: true });
    w.draw(["b"], SIZE);
    w.done();
    expect(gone.writes).toHaveLength(1);
  });

  it("wraps each frame in a synchronized update on a terminal, not elsewhere", () => {
    const tty = writer();
    tty.w.draw(["x"], SIZE);
    const frame = String(tty.out.writes[0]);
    expect(frame.startsWith("\u001B[?2026h")).toBe(true);
    expect(frame.endsWith("\u001B[?2026l")).toBe(true);
    const pipe = new Out();
    pipe.isTTY = false;
    new FrameWriter(pipe).draw(["x"], SIZE);
    expect(pipe.writes[0]).not.toContain("2026");
  });
});

/** Mounting the dashboard with ink-testing-library at a chosen terminal size; fake streams for startDashboard. */
import { EventEmitter } from "node:events";
import { render as inkTestRender } from "ink-testing-library";
import type { ReactElement } from "react";
import { expect } from "vitest";
import { DashboardApp, type DashboardAppProps } from "../../src/ui/views/app.js";

export class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string) => {
    this.frames.push(chunk);
    return true;
  };
  lastFrame = () => this.frames.at(-1) ?? "";
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit("resize");
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit("readable");
    this.emit("data", data);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** Fake streams stand in for the real ones; ink only uses the members above. */
export const asStdout = (s: FakeStdout) => s as unknown as NodeJS.WriteStream;
export const asStdin = (s: FakeStdin) => s as unknown as NodeJS.ReadStream;

export type AppProps = Omit<DashboardAppProps, "frames">;

const CLEAR_ROW = "\u001B[2K";

/**
 * The whole frames in what a FrameWriter without its row cache wrote (each draw sends every
 * row; ink's own writes, empty in debug mode as the app renders no ink elements, are not
 * frames), newest last, as rows joined by newlines with their colour codes.
 */
export function framesIn(chunks: readonly string[]): string[] {
  return chunks
    .filter((c) => c.includes(CLEAR_ROW))
    .map((c) =>
      c
        .split("\r\n")
        .filter((row) => row.includes(CLEAR_ROW))
        .map((row) => row.slice(row.lastIndexOf(CLEAR_ROW) + CLEAR_ROW.length))
        .join("\n"),
    );
}

/**
 * A view (DashboardApp, ClassroomApp) mounted by ink-testing-library: its stdout receives
 * the frames (the view's default FrameWriter writes to the stdout ink was given) and its
 * stdin drives the keys. The writer sends whole frames here (ORBITRIG_FRAME_CACHE=0 while it
 * is made), so the newest frame is read from the newest write; tests/ui/frame-writer.test.ts
 * covers the cache. ink-testing-library's stdout is 100 columns with no rows: the size is
 * set on it and announced as a resize, as a terminal does.
 */
export function mountInk(element: ReactElement, columns: number, rows: number) {
  const cache = process.env.ORBITRIG_FRAME_CACHE;
  process.env.ORBITRIG_FRAME_CACHE = "0";
  let inst: ReturnType<typeof inkTestRender>;
  try {
    inst = inkTestRender(element);
  } finally {
    if (cache === undefined) delete process.env.ORBITRIG_FRAME_CACHE;
    else process.env.ORBITRIG_FRAME_CACHE = cache;
  }
  const stdout = Object.assign(inst.stdout, {
    resize(c: number, r: number) {
      Object.defineProperty(inst.stdout, "columns", { value: c, configurable: true });
      Object.defineProperty(inst.stdout, "rows", { value: r, configurable: true });
      inst.stdout.emit("resize");
    },
  });
  stdout.resize(columns, rows);
  // The resize's state update is flushed with a render, so the first frame read is at size.
  inst.rerender(element);
  return {
    stdout,
    stdin: inst.stdin,
    lastFrame: () => framesIn(inst.frames).at(-1) ?? "",
    rerender: (next: ReactElement) => inst.rerender(next),
    unmount: () => inst.unmount(),
  };
}

/** DashboardApp mounted by ink-testing-library at a terminal size (see mountInk). */
export function mountApp(props: AppProps, columns = 100, rows = 24) {
  const m = mountInk(<DashboardApp {...props} />, columns, rows);
  return { ...m, rerender: (next: AppProps) => m.rerender(<DashboardApp {...next} />) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;
export const stripAnsi = (s: string) => s.replace(ANSI, "");

/** Asserts a frame fits a terminal: fewer lines than rows (a frame as tall as the screen scrolls, and is redrawn whole) and no line wider than columns. */
export function expectFits(frame: string, columns: number, rows: number) {
  const lines = stripAnsi(frame).split("\n");
  expect(lines.length, `${lines.length} lines in ${rows} rows:\n${frame}`).toBeLessThan(rows);
  for (const line of lines)
    expect([...line].length, `line too wide: "${line}"`).toBeLessThanOrEqual(columns);
}

/** Waits for a condition, polling between event-loop turns; fails loudly after `turns`. */
export async function until(cond: () => boolean, what: string, turns = 200): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (cond()) return;
    await new Promise<void>((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Mounting the dashboard at a chosen terminal size, with fake streams and a frame recorder. */
import { EventEmitter } from "node:events";
import { render } from "ink";
import { expect } from "vitest";
import type { TerminalSize } from "../../src/ui/frame-writer.js";
import { DashboardApp, type DashboardAppProps, type FrameSink } from "../../src/ui/views/app.js";

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

/** Keeps the frames the dashboard draws (what a FrameWriter would send, whole). */
export class FrameRecorder implements FrameSink {
  readonly frames: { rows: readonly string[]; size: TerminalSize }[] = [];
  draw(rows: readonly string[], size: TerminalSize) {
    this.frames.push({ rows, size });
  }
  /** The newest frame's rows joined by newlines (colour codes included). */
  lastFrame = () => this.frames.at(-1)?.rows.join("\n") ?? "";
}

export type AppProps = Omit<DashboardAppProps, "frames">;

/** DashboardApp in ink, on fake streams of the given size; frames go to a recorder. */
export function mountApp(props: AppProps, columns = 100, rows = 24) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const recorder = new FrameRecorder();
  const inst = render(<DashboardApp {...props} frames={recorder} />, {
    stdout: asStdout(stdout),
    stdin: asStdin(stdin),
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdout,
    stdin,
    recorder,
    lastFrame: recorder.lastFrame,
    rerender: (next: AppProps) => inst.rerender(<DashboardApp {...next} frames={recorder} />),
    unmount: () => inst.unmount(),
  };
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

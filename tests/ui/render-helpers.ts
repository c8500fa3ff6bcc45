/** Rendering at a chosen terminal size (ink-testing-library's stdout is fixed at 100 columns). */
import { EventEmitter } from "node:events";
import { render } from "ink";
import type { ReactElement } from "react";
import { expect } from "vitest";

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

export function renderAt(tree: ReactElement, columns: number, rows: number) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const inst = render(tree, {
    stdout: asStdout(stdout),
    stdin: asStdin(stdin),
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { ...inst, stdout, stdin, lastFrame: stdout.lastFrame };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;
export const stripAnsi = (s: string) => s.replace(ANSI, "");

/** Asserts a frame fits a terminal: fewer lines than rows (ink redraws a full screen by clearing it) and no line wider than columns. */
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

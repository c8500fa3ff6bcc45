/**
 * What the dashboard and the teacher's view share as ink components that draw nothing
 * themselves: the terminal's size from ink's stdout (following resizes), and where each
 * frame's rows go.
 */
import { useStdout } from "ink";
import { useEffect, useRef, useState } from "react";
import { FrameWriter, type TerminalSize } from "../frame-writer.js";

/** Where a view's frames go: a FrameWriter on the terminal, or a test's recorder. */
export interface FrameSink {
  draw(rows: readonly string[], size: TerminalSize): void;
}

/** ink's stdout's size, following its resize events; `fallback` where the stream has none. */
export function useTerminalSize(fallback: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const read = () => ({
    columns: stdout.columns || fallback.columns,
    rows: stdout.rows || fallback.rows,
  });
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read only closes over stdout
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout]);
  return size;
}

/**
 * The given frame sink, or a FrameWriter on the stdout ink was given (render's `stdout`
 * option), ended with the component: whoever owns that stream sees the frames, the terminal
 * or a test's stream (ink-testing-library's).
 */
export function useFrames(given: FrameSink | undefined): FrameSink {
  const { stdout } = useStdout();
  const own = useRef<FrameWriter | null>(null);
  if (!given && !own.current) own.current = new FrameWriter(stdout);
  useEffect(
    () => () => {
      own.current?.done();
    },
    [],
  );
  return given ?? (own.current as FrameWriter);
}

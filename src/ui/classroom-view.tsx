/**
 * The teacher's view in the terminal: the class snapshot pulled at a bounded pace
 * (./throttle.ts, as the dashboard does), the pure panels of ./classroom-panels.ts, the
 * keys of ./classroom-keys.ts. As in the dashboard, ink runs the component (state, raw
 * keys, size) and draws nothing: each render's rows go to a FrameWriter
 * (./frame-writer.ts), which sends only the rows that changed. Commands go out through
 * `send`; their answers come back in the snapshot.
 */
import { render, useInput, useStdin, useStdout } from "ink";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ClassSnapshot, TeacherCommand } from "../network/index.js";
import { type ClassKey, classroomKey } from "./classroom-keys.js";
import { classroomLines } from "./classroom-panels.js";
import { type ClassroomUi, INITIAL_UI } from "./classroom-state.js";
import { FrameWriter, type TerminalSize } from "./frame-writer.js";
import { toRows } from "./screen.js";
import { colorEnabled } from "./theme.js";
import { createThrottle, RenderPace } from "./throttle.js";

/** Where the frames go: a FrameWriter on the terminal, or a test's recorder. */
export interface FrameSink {
  draw(rows: readonly string[], size: TerminalSize): void;
}

export interface ClassSource {
  getSnapshot(): ClassSnapshot;
  subscribe(listener: () => void): () => void;
}

export interface ClassroomAppProps {
  snapshot: ClassSnapshot;
  send: (target: string, command: TeacherCommand) => Promise<unknown>;
  onQuit: () => void;
  color: boolean;
  /** How long a message stays, ms. */
  messageMs?: number;
  /** Draws each frame. */
  frames: FrameSink;
}

export function ClassroomApp({
  snapshot,
  send,
  onQuit,
  color,
  messageMs = 4000,
  frames,
}: ClassroomAppProps) {
  const { stdout } = useStdout();
  const [size, setSize] = useState({ columns: stdout.columns || 100, rows: stdout.rows || 30 });
  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 100, rows: stdout.rows || 30 });
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout]);
  const [ui, setUi] = useState<ClassroomUi>(INITIAL_UI);
  // Keys can arrive faster than React renders: the handler works on the newest state.
  const uiRef = useRef(ui);
  const snapRef = useRef(snapshot);
  snapRef.current = snapshot;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const update = (next: ClassroomUi) => {
    uiRef.current = next;
    setUi(next);
    if (next.message) {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => update({ ...uiRef.current, message: null }), messageMs);
    }
  };
  const onKey = (input: string, key: ClassKey) => {
    const r = classroomKey(input, key, uiRef.current, snapRef.current);
    if (r.quit) {
      onQuit();
      return;
    }
    if (r.send) {
      const { target, command } = r.send;
      update({ ...r.ui, message: `sent to ${target === "all" ? "all rigs" : target}` });
      send(target, command).catch((e: unknown) =>
        update({ ...uiRef.current, message: `not sent: ${(e as Error).message}` }),
      );
      return;
    }
    update(r.ui);
  };
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      const special = key.ctrl || key.meta || key.escape || key.return || key.backspace;
      const chars = [...input];
      // Typed faster than read (tmux send-keys, a paste): one character at a time.
      if (!special && chars.length > 1)
        for (const ch of chars) {
          const enter = ch === "\r" || ch === "\n";
          onKey(enter ? "" : ch, enter ? { ...key, return: true } : key);
        }
      else onKey(input, key);
    },
    { isActive: isRawModeSupported },
  );
  // One cell short of the terminal: a row reaching the last column would wrap on some.
  const width = Math.max(60, size.columns - 1);
  const rows = toRows(classroomLines(snapshot, ui, width, Math.max(12, size.rows)), color);
  useLayoutEffect(() => {
    frames.draw(rows, size);
  });
  return null;
}

export interface ClassroomViewOptions {
  source: ClassSource;
  send: ClassroomAppProps["send"];
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Most renders per second. Default 10. */
  maxFps?: number;
  /**
   * Share of one core the renders may use (measured per render), 0..1. Default 0.03: with
   * the subscriber's own work and garbage collection the view stays well under a tenth of a
   * core at 40 rigs (bench/classroom.ts: about 4 %); the pace slows below maxFps to keep
   * it, down to maxLatencyMs.
   */
  cpuBudget?: number;
  /** Longest wait between a message and its render, ms. Default 150. */
  maxLatencyMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ClassroomViewHandle {
  /** Resolves when the teacher quits (q, Ctrl-C) or unmount() is called. */
  done: Promise<void>;
  unmount(): void;
  /** Renders so far, and a hook called after each (the benchmark measures latency there). */
  renders(): number;
  afterRender(fn: (snapshot: ClassSnapshot) => void): void;
}

export function startClassroomView(o: ClassroomViewOptions): ClassroomViewHandle {
  const color = colorEnabled(o.env);
  let quit: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    quit = resolve;
  });
  let after: ((s: ClassSnapshot) => void) | null = null;
  let snapshot = o.source.getSnapshot();
  const stdout = o.stdout ?? process.stdout;
  const frames = new FrameWriter(stdout);
  const element = () => (
    <ClassroomApp
      snapshot={snapshot}
      send={o.send}
      onQuit={() => quit()}
      color={color}
      frames={frames}
    />
  );
  // ink gets the terminal for its size and keys; the frame writer draws.
  const app = render(element(), {
    stdout,
    stdin: o.stdin ?? process.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const pace = new RenderPace(
    Math.ceil(1000 / (o.maxFps ?? 10)),
    o.maxLatencyMs ?? 150,
    o.cpuBudget ?? 0.03,
  );
  const throttle = createThrottle(
    () => pace.intervalMs(),
    () => {
      const c0 = process.cpuUsage();
      snapshot = o.source.getSnapshot();
      app.rerender(element());
      const c = process.cpuUsage(c0);
      pace.record((c.user + c.system) / 1000);
      after?.(snapshot);
    },
    Date.now(),
  );
  const unsubscribe = o.source.subscribe(() => throttle.request());
  // Once a second even when nothing arrives: a silent rig is seen going stale.
  const heartbeat = setInterval(() => throttle.request(), 1000);
  let unmounted = false;
  const unmount = () => {
    if (unmounted) return;
    unmounted = true;
    throttle.cancel();
    clearInterval(heartbeat);
    unsubscribe();
    app.unmount();
    frames.done();
    quit();
  };
  void done.then(unmount);
  return {
    done,
    unmount,
    renders: () => throttle.runs + 1,
    afterRender: (fn) => {
      after = fn;
    },
  };
}

/**
 * The dashboard's stateful shell: terminal size (re-laid out on resize), keys, the help
 * overlay and the note input, as an ink component. The snapshot arrives as a prop, pushed by
 * startDashboard at a bounded rate; nothing here reads telemetry.
 *
 * ink runs the component (React state, raw keys, lifecycle) but draws nothing: after each
 * render the screen's rows (../screen.ts) go to a FrameWriter (../frame-writer.ts), which
 * sends only the rows that changed. docs/dashboard.md ("Drawing") says why.
 */
import { type Key, useInput, useStdin } from "ink";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { TerminalSize } from "../frame-writer.js";
import { applyKeyAction, editNote, parseKey } from "../keys.js";
import { chooseLayout, MIN_COLUMNS, MIN_ROWS } from "../layout.js";
import type { Line } from "../lines.js";
import {
  type DashboardUiState,
  dashboardLines,
  panelErrorLines,
  projectorScreenLines,
  smallTerminalLines,
  toRows,
} from "../screen.js";
import type { DashboardControls, SessionSnapshot } from "../snapshot.js";
import { type FrameSink, useFrames, useTerminalSize } from "./terminal.js";

export type { FrameSink };

export interface DashboardAppProps {
  snapshot: SessionSnapshot;
  controls: DashboardControls;
  color: boolean;
  staleLinkS: number;
  /** Called after `q` once the session's quit() has settled. */
  onQuitDone: () => void;
  /** How long a key's message stays, ms. */
  messageMs?: number;
  /**
   * Draws each frame. Default: a FrameWriter on the stdout ink was given (render's `stdout`
   * option), so whoever owns that stream sees the frames: the terminal, or a test's stream.
   */
  frames?: FrameSink;
  /** Start in the projector view (`--projector`); `P` switches. Default false. */
  projector?: boolean;
}

const DEFAULT_SIZE: TerminalSize = { columns: 80, rows: 24 };

export function DashboardApp({
  snapshot,
  controls,
  color,
  staleLinkS,
  onQuitDone,
  messageMs = 3000,
  frames: framesProp,
  projector = false,
}: DashboardAppProps) {
  const size = useTerminalSize(DEFAULT_SIZE);
  const frames = useFrames(framesProp);
  const [ui, setUi] = useState<DashboardUiState>({
    help: false,
    note: null,
    message: null,
    projector,
  });
  const messageTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const quitting = useRef(false);
  // The note being typed lives in a ref too: several keys can arrive before React renders.
  const noteRef = useRef<string | null>(null);
  // The key handler reads the newest snapshot, not the one of the render it was made in.
  const snapshotRef = useRef(snapshot);
  snapshotRef.current = snapshot;
  const setNote = (note: string | null) => {
    noteRef.current = note;
    setUi((u) => ({ ...u, note, ...(note !== null ? { help: false } : {}) }));
  };

  const say = (text: string | null) => {
    setUi((u) => ({ ...u, message: text }));
    if (messageTimer.current) clearTimeout(messageTimer.current);
    if (text)
      messageTimer.current = setTimeout(() => setUi((u) => ({ ...u, message: null })), messageMs);
  };
  useEffect(
    () => () => {
      if (messageTimer.current) clearTimeout(messageTimer.current);
    },
    [],
  );

  // Keys need raw mode; with stdin not a terminal (piped, CI) the dashboard only shows.
  const { isRawModeSupported } = useStdin();
  const onKey = (input: string, key: Key) => {
    if (noteRef.current !== null) {
      const r = editNote(noteRef.current, input, key);
      if (r.done === "submit") {
        if (r.text.trim()) controls.addNote(r.text.trim());
        setNote(null);
        // Replay and --no-record have no recording: the note is only an event on screen.
        say(
          r.text.trim()
            ? snapshotRef.current.recording
              ? "note added to the recording"
              : "note shown (not recording)"
            : null,
        );
      } else if (r.done === "cancel") {
        setNote(null);
      } else {
        setNote(r.text);
      }
      return;
    }
    const action = parseKey(input, key);
    if (!action || quitting.current) return;
    if (action.kind === "quit") {
      quitting.current = true;
      say("quitting: lamp off, closing the recording…");
      // The session stops the board and closes the recording; then the dashboard goes.
      controls
        .quit()
        .catch(() => undefined)
        .finally(onQuitDone);
      return;
    }
    const effect = applyKeyAction(action, controls, snapshotRef.current);
    switch (effect.kind) {
      case "toggle-help":
        setUi((u) => ({ ...u, help: !u.help }));
        break;
      case "open-note":
        setNote("");
        break;
      case "close-overlays":
        setUi((u) => ({ ...u, help: false }));
        break;
      case "toggle-projector":
        setUi((u) => ({ ...u, projector: !u.projector, help: false }));
        break;
      case "message":
        say(effect.text);
        break;
      default:
        break;
    }
  };
  useInput(
    (input, key) => {
      // Keys typed faster than they are read (or pasted, or sent by tmux) arrive as one
      // string, e.g. "nhello": take plain characters one at a time.
      const special =
        key.ctrl || key.meta || key.escape || key.return || key.backspace || key.delete || key.tab;
      const arrows = key.leftArrow || key.rightArrow || key.upArrow || key.downArrow;
      const chars = [...input];
      if (!special && !arrows && chars.length > 1)
        // An Enter inside such a string ("note text⏎" in one read) is still Enter.
        for (const ch of chars) {
          const enter = ch === "\r" || ch === "\n";
          onKey(enter ? "" : ch, enter ? { ...key, return: true } : key);
        }
      else onKey(input, key);
    },
    { isActive: isRawModeSupported },
  );

  const rows = toRows(screenLines(snapshot, size, ui, controls, staleLinkS), color);
  // After every commit (a snapshot, a key, a resize): the writer skips what is unchanged.
  useLayoutEffect(() => {
    frames.draw(rows, size);
  });
  return null;
}

/**
 * The lines for this render. Below the smallest layout the panels would wrap into garbage,
 * so the screen says so and keeps the essentials in the status line. A panel that throws on
 * some unexpected snapshot gives the status line and the error instead of tearing the
 * dashboard down (the keys, q included, keep working); the next snapshot tries again.
 */
function screenLines(
  snapshot: SessionSnapshot,
  size: TerminalSize,
  ui: DashboardUiState,
  controls: DashboardControls,
  staleLinkS: number,
): Line[] {
  try {
    // The projector view fits any size: its digits scale to the terminal.
    if (ui.projector)
      return projectorScreenLines(
        { snapshot, ui, capabilities: controls.capabilities, staleLinkS },
        size.columns,
        size.rows,
      );
    if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS)
      return smallTerminalLines(snapshot, size.columns, size.rows);
    return dashboardLines({
      snapshot,
      layout: chooseLayout(size.columns, size.rows),
      ui,
      capabilities: controls.capabilities,
      staleLinkS,
    });
  } catch (error) {
    return panelErrorLines(snapshot, error, size.columns, size.rows);
  }
}

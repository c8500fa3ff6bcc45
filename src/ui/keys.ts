/**
 * Key parsing: what each key asks for, apart from ink (tested without React), and the one
 * place that turns an action into SessionControls calls.
 */
import { POLICY_NAMES } from "../config/schema/scheduler.js";
import type { SessionControls } from "../session/types.js";
import { formatDuration } from "./format.js";
import type { DashboardControls } from "./snapshot.js";

export type KeyAction =
  | { kind: "quit" }
  | { kind: "pause" }
  | { kind: "speed"; factor: number }
  | { kind: "seek"; deltaS: number }
  | { kind: "lamp" }
  | { kind: "eclipse" }
  | { kind: "acknowledge" }
  | { kind: "note" }
  | { kind: "trend-window" }
  | { kind: "policy" }
  | { kind: "projector" }
  | { kind: "help" }
  | { kind: "close" };

/** The subset of ink's Key the dashboard reads. */
export interface KeyInfo {
  leftArrow?: boolean;
  rightArrow?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
}

/** Seek step of ←/→, and with Shift. */
export const SEEK_STEP_S = 10;
export const SEEK_BIG_STEP_S = 60;
export const SPEED_STEP = 2;

export function parseKey(input: string, key: KeyInfo): KeyAction | null {
  if (key.ctrl && input === "c") return { kind: "quit" };
  if (key.leftArrow) return { kind: "seek", deltaS: -(key.shift ? SEEK_BIG_STEP_S : SEEK_STEP_S) };
  if (key.rightArrow) return { kind: "seek", deltaS: key.shift ? SEEK_BIG_STEP_S : SEEK_STEP_S };
  if (key.escape) return { kind: "close" };
  if (key.ctrl) return null;
  switch (input) {
    case "q":
    case "Q":
      return { kind: "quit" };
    case " ":
      return { kind: "pause" };
    case "+":
    case "=":
      return { kind: "speed", factor: SPEED_STEP };
    case "-":
    case "_":
      return { kind: "speed", factor: 1 / SPEED_STEP };
    case "l":
    case "L":
      return { kind: "lamp" };
    case "e":
    case "E":
      return { kind: "eclipse" };
    case "a":
    case "A":
      return { kind: "acknowledge" };
    case "n":
    case "N":
      return { kind: "note" };
    case "t":
    case "T":
      return { kind: "trend-window" };
    case "p":
      return { kind: "policy" };
    case "P":
      return { kind: "projector" };
    case "?":
    case "h":
      return { kind: "help" };
    default:
      return null;
  }
}

/** What the view must do after an action: open an overlay, or show a short message. */
export type UiEffect =
  | { kind: "none" }
  | { kind: "toggle-help" }
  | { kind: "open-note" }
  | { kind: "close-overlays" }
  | { kind: "toggle-projector" }
  | { kind: "quitting" }
  | { kind: "message"; text: string };

/**
 * Calls the session for an action; actions the mode cannot do answer with a message.
 * `now` is what the screen shows (the policy `p` moves on from).
 */
export function applyKeyAction(
  action: KeyAction,
  controls: DashboardControls,
  now: { policy: string } = { policy: "" },
): UiEffect {
  const caps = controls.capabilities;
  switch (action.kind) {
    case "quit":
      // The session turns the lamp off and closes the recording; its promise is awaited by
      // the caller through the session, not here (a key handler cannot await).
      void controls.quit().catch(() => undefined);
      return { kind: "quitting" };
    case "pause":
      if (!caps.pause) return { kind: "message", text: "pause: replay only" };
      controls.togglePause();
      return { kind: "none" };
    case "speed":
      if (!caps.speed) return { kind: "message", text: "speed: replay and emulator only" };
      controls.changeSpeed(action.factor);
      return { kind: "none" };
    case "seek":
      if (!caps.seek) return { kind: "message", text: "seek: replay only" };
      controls.seek(action.deltaS);
      return { kind: "none" };
    case "lamp":
      if (!caps.lamp) return { kind: "message", text: "lamp: not in replay" };
      controls.cycleLampMode();
      return { kind: "none" };
    case "eclipse":
      if (!caps.lamp) return { kind: "message", text: "eclipse: not in replay" };
      controls.forceEclipse();
      return { kind: "message", text: "eclipse forced" };
    case "acknowledge":
      controls.acknowledgeAlarms();
      return { kind: "message", text: "alarms acknowledged" };
    case "note":
      return { kind: "open-note" };
    case "trend-window":
      return {
        kind: "message",
        text: `trends: last ${formatDuration(controls.cycleTrendWindow())}`,
      };
    case "policy": {
      if (!controls.setPolicy)
        return { kind: "message", text: "policy: this session cannot change it while it runs" };
      const next = nextPolicy(now.policy);
      const r = controls.setPolicy(next);
      return { kind: "message", text: r.ok ? `policy: ${next}` : `policy: ${r.reason}` };
    }
    case "projector":
      return { kind: "toggle-projector" };
    case "help":
      return { kind: "toggle-help" };
    case "close":
      return { kind: "close-overlays" };
  }
}

/** The policy after `current` in the `p` key's cycle (the scheduler's names, in order). */
export function nextPolicy(current: string): string {
  const i = (POLICY_NAMES as readonly string[]).indexOf(current);
  return POLICY_NAMES[(i + 1) % POLICY_NAMES.length]!;
}

/** Key help, one entry per key, marking those this mode cannot use. */
export function keyHelp(
  caps: SessionControls["capabilities"],
): { key: string; text: string; enabled: boolean }[] {
  return [
    { key: "q", text: "quit safely (lamp off, recording closed)", enabled: true },
    { key: "space", text: "pause / resume", enabled: caps.pause },
    { key: "+ / -", text: "speed ×2 / ÷2", enabled: caps.speed },
    {
      key: "← / →",
      text: `seek back / forward ${SEEK_STEP_S} s (Shift: ${SEEK_BIG_STEP_S} s)`,
      enabled: caps.seek,
    },
    { key: "l", text: "lamp override: auto → on → off", enabled: caps.lamp },
    { key: "e", text: "force eclipse now", enabled: caps.lamp },
    { key: "a", text: "acknowledge alarms", enabled: true },
    { key: "n", text: "add a note to the recording", enabled: true },
    { key: "t", text: "trend window: 1 → 2 → 10 → 60 min", enabled: true },
    { key: "p", text: `scheduler policy: ${POLICY_NAMES.join(" → ")}`, enabled: true },
    { key: "P", text: "projector: big numbers for a class, nothing small", enabled: true },
    { key: "?", text: "this help (Esc closes)", enabled: true },
  ];
}

/** The note line editor: printable input appends, Backspace deletes, Enter submits, Esc cancels. */
export function editNote(
  text: string,
  input: string,
  key: KeyInfo & {
    return?: boolean;
    backspace?: boolean;
    delete?: boolean;
    tab?: boolean;
    upArrow?: boolean;
    downArrow?: boolean;
    meta?: boolean;
  },
): { text: string; done?: "submit" | "cancel" } {
  if (key.escape) return { text, done: "cancel" };
  if (key.return) return { text, done: "submit" };
  if (key.backspace || key.delete) return { text: [...text].slice(0, -1).join("") };
  if (
    key.ctrl ||
    key.meta ||
    key.tab ||
    key.leftArrow ||
    key.rightArrow ||
    key.upArrow ||
    key.downArrow
  )
    return { text };
  // Pasted text can carry newlines or control characters; a note is one line.
  const clean = [...input].filter((ch) => ch >= " " && ch !== "\u007f").join("");
  return { text: (text + clean).slice(0, 500) };
}

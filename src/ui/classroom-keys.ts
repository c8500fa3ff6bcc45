/**
 * The teacher's keys, pure: a key and the view's state in, the new state and perhaps a
 * command to send out. Tested without ink.
 */
import { POLICY_NAMES } from "../config/schema/scheduler.js";
import type { ClassSnapshot, TeacherCommand } from "../network/index.js";
import { type ClassroomUi, type ClassSort, SORTS, sortRigs } from "./classroom-state.js";
import { editNote, type KeyInfo } from "./keys.js";

export interface ClassKey extends KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  return?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
  meta?: boolean;
}

export interface KeyOutcome {
  ui: ClassroomUi;
  /** A command for the selected rig ("all" when none is). */
  send?: { target: string; command: TeacherCommand };
  quit?: boolean;
}

/** `scheduler.socLowFraction=0.5` as a set command (numbers and booleans as such). */
export function parseSet(text: string): TeacherCommand | string {
  const eq = text.indexOf("=");
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (eq <= 0 || !/^[A-Za-z0-9_.]+$/.test(key) || raw === "")
    return "expected key=value, e.g. scheduler.socLowFraction=0.5";
  const n = Number(raw);
  const value = raw === "true" ? true : raw === "false" ? false : Number.isFinite(n) ? n : raw;
  return { action: "set", key, value };
}

export function classroomKey(
  input: string,
  key: ClassKey,
  ui0: ClassroomUi,
  s: ClassSnapshot,
): KeyOutcome {
  const ui = { ...ui0, message: null };
  const target = ui.selected ?? "all";
  const send = (command: TeacherCommand): KeyOutcome => ({
    ui: { ...ui, prompt: null },
    send: { target, command },
  });
  const p = ui.prompt;
  if (p) {
    if (p.kind === "policy") {
      if (key.escape) return { ui: { ...ui, prompt: null } };
      const policy = POLICY_NAMES[Number(input) - 1];
      return policy ? send({ action: "set-policy", policy }) : { ui };
    }
    const r = editNote(p.text, input, key);
    if (r.done === "cancel") return { ui: { ...ui, prompt: null } };
    if (r.done !== "submit") return { ui: { ...ui, prompt: { ...p, text: r.text } } };
    if (p.kind === "note") {
      const text = r.text.trim();
      // A note is for everyone, whichever rig is selected.
      return text
        ? {
            ui: { ...ui, prompt: null },
            send: { target: "all", command: { action: "note", text } },
          }
        : { ui: { ...ui, prompt: null } };
    }
    const cmd = parseSet(r.text);
    return typeof cmd === "string" ? { ui: { ...ui, message: cmd } } : send(cmd);
  }
  if (key.ctrl && input === "c") return { ui, quit: true };
  if (key.upArrow || key.downArrow) {
    const ids = sortRigs(s.rigs, ui.sort).map((r) => r.id);
    if (ids.length === 0) return { ui };
    const i = ui.selected === null ? -1 : ids.indexOf(ui.selected);
    const next = key.downArrow ? Math.min(ids.length - 1, i + 1) : i <= 0 ? -1 : i - 1;
    return { ui: { ...ui, selected: next < 0 ? null : ids[next]! } };
  }
  if (key.escape) return { ui: { ...ui, selected: null, help: false } };
  switch (input) {
    case "q":
    case "Q":
      return { ui, quit: true };
    case "e":
    case "E":
      return send({ action: "force-eclipse" });
    case "p":
    case "P":
      return { ui: { ...ui, prompt: { kind: "policy" } } };
    case "s":
    case "S":
      return { ui: { ...ui, prompt: { kind: "set", text: "" } } };
    case "n":
    case "N":
      return { ui: { ...ui, prompt: { kind: "note", text: "" } } };
    case " ": {
      // Pause when the target runs, resume when it is paused.
      const rigs = s.rigs.filter((r) => target === "all" || r.id === target);
      const paused = rigs.length > 0 && rigs.every((r) => r.state?.paused);
      return send({ action: paused ? "resume" : "pause" });
    }
    case "o":
    case "O": {
      const next: ClassSort = SORTS[(SORTS.indexOf(ui.sort) + 1) % SORTS.length]!;
      return { ui: { ...ui, sort: next, message: `sorted by ${next}` } };
    }
    case "b":
    case "B":
      return { ui: { ...ui, leaderboard: !ui.leaderboard } };
    case "?":
    case "h":
      return { ui: { ...ui, help: !ui.help } };
    default:
      return { ui };
  }
}

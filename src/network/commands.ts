/**
 * A teacher's command applied to a session: what the session's controls can do, done;
 * what they cannot, refused with the reason the rig's group would want to read.
 */
import type {
  ChangeResult,
  LiveSettings,
  SessionControls,
  SessionStatus,
} from "../session/types.js";
import type { CommandPayload } from "./payloads.js";

/** What a command reaches of a session. */
export type CommandTarget = Pick<
  SessionControls,
  "forceEclipse" | "togglePause" | "addNote" | "capabilities"
> &
  LiveSettings & { status(): SessionStatus };

export function applyCommand(cmd: CommandPayload, s: CommandTarget): ChangeResult {
  const caps = s.capabilities;
  switch (cmd.action) {
    case "force-eclipse":
      if (!caps.lamp)
        return {
          ok: false,
          reason: "this rig replays a recording: its eclipses are what they were",
        };
      s.forceEclipse();
      return { ok: true, text: "eclipse forced now" };
    case "set-policy":
      return s.setPolicy(cmd.policy);
    case "set":
      return s.setParameter(cmd.key, cmd.value);
    case "pause":
    case "resume": {
      if (!caps.pause)
        return {
          ok: false,
          reason: `${cmd.action}: this rig runs ${s.status().mode === "live" ? "a live bench" : "the emulator"} in real time; only a replay or a lesson can pause`,
        };
      const want = cmd.action === "pause";
      if (s.status().paused !== want) s.togglePause();
      return { ok: true, text: want ? "paused" : "resumed" };
    }
    case "note": {
      const text = cmd.text.trim();
      if (!text) return { ok: false, reason: "an empty note" };
      s.addNote(`teacher: ${text}`);
      return { ok: true, text: "note added" };
    }
  }
}

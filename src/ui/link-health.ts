/** How healthy the link looks to a person: up, stale (no frame for > staleS), down, reconnecting. */
import type { LinkStats } from "../board/types.js";
import type { Tone } from "./lines.js";

export type LinkHealthState = "up" | "stale" | "connecting" | "reconnecting" | "down" | "closed";

export interface LinkHealth {
  state: LinkHealthState;
  /** Seconds since the last frame, null before the first. */
  ageS: number | null;
  symbol: string;
  label: string;
  tone: Tone;
}

/** Default staleness: no frame for more than 2 s. */
export const STALE_LINK_S = 2;

const LOOK: Record<LinkHealthState, { symbol: string; label: string; tone: Tone }> = {
  up: { symbol: "●", label: "UP", tone: "ok" },
  stale: { symbol: "◌", label: "STALE", tone: "alarm" },
  connecting: { symbol: "○", label: "CONNECTING", tone: "warn" },
  reconnecting: { symbol: "↻", label: "RECONNECTING", tone: "alarm" },
  down: { symbol: "✖", label: "DOWN", tone: "alarm" },
  closed: { symbol: "■", label: "CLOSED", tone: "dim" },
};

export function linkHealth(link: LinkStats, nowHostMs: number, staleS = STALE_LINK_S): LinkHealth {
  const ageS =
    link.lastFrameHostMs === null ? null : Math.max(0, (nowHostMs - link.lastFrameHostMs) / 1000);
  let state: LinkHealthState;
  if (link.link === "up")
    state = ageS !== null && ageS > staleS ? "stale" : ageS === null ? "connecting" : "up";
  else state = link.link;
  return { state, ageS, ...LOOK[state] };
}

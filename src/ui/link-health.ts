/** How healthy the link looks to a person: up, stale (no frame for > staleS), down, reconnecting. */
import type { LinkStats } from "../core/board.js";
import type { Tone } from "./lines.js";
import type { SessionSnapshot } from "./snapshot.js";

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

/**
 * @param lastFrameHostMs when the last frame came, on nowHostMs's time base; default the
 *   link's own figure.
 */
export function linkHealth(
  link: LinkStats,
  nowHostMs: number,
  staleS = STALE_LINK_S,
  lastFrameHostMs: number | null = link.lastFrameHostMs,
): LinkHealth {
  const ageS = lastFrameHostMs === null ? null : Math.max(0, (nowHostMs - lastFrameHostMs) / 1000);
  let state: LinkHealthState;
  if (link.link === "up")
    state = ageS !== null && ageS > staleS ? "stale" : ageS === null ? "connecting" : "up";
  else state = link.link;
  return { state, ageS, ...LOOK[state] };
}

/**
 * The link's health in a snapshot. The last frame's own hostMs ("ms since session start",
 * like nowHostMs) is preferred to LinkStats.lastFrameHostMs, which a board may count on
 * its own clock (the emulated board does: off by the session's start time).
 */
export function snapshotLinkHealth(s: SessionSnapshot, staleS = STALE_LINK_S): LinkHealth {
  return linkHealth(s.link, s.nowHostMs, staleS, s.frame ? s.frame.hostMs : s.link.lastFrameHostMs);
}

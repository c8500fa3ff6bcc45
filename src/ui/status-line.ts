/**
 * The non-TTY view: one plain line every few seconds (logs and CI stay readable).
 * No colour, no cursor movement, no symbols a log viewer might mangle.
 */

import {
  fixed,
  formatAgeS,
  formatDuration,
  formatPct,
  formatPowerMw,
  formatSpeed,
  formatTempC,
} from "./format.js";
import { STALE_LINK_S, snapshotLinkHealth } from "./link-health.js";
import { REGION_LABEL } from "./orbit-strip.js";
import { orbitPosition } from "./panels/header.js";
import type { SessionSnapshot } from "./snapshot.js";
import type { SnapshotSource } from "./source.js";

export function formatStatusLine(s: SessionSnapshot, staleS = STALE_LINK_S): string {
  const pos = orbitPosition(s);
  const region = pos.region ? REGION_LABEL[pos.region].toLowerCase() : "no data";
  const next = s.orbit.next
    ? `${s.orbit.next.kind === "eclipse-entry" ? "eclipse" : "sunlight"} in ${formatDuration(s.orbit.next.inS)}`
    : "no eclipse";
  const h = snapshotLinkHealth(s, staleS);
  const link =
    h.state === "up"
      ? `link up ${fixed(s.link.framesPerS, 1)} fr/s`
      : `link ${h.label.toLowerCase()}${h.ageS !== null ? ` (last frame ${formatAgeS(h.ageS)} ago)` : ""}`;
  const n = s.node;
  const parts = [
    // "orbit 4 at 20%": the share is how far through the orbit, not how sunlit it is.
    `orbit ${pos.orbitNumber + 1} at ${formatPct(pos.phase)}, ${region} (${next})`,
    `bench ${formatPowerMw(s.frame?.powerMw)}`,
    `SoC ${formatPct(n?.socFraction)}`,
    `duty ${formatPct(n?.dutyThisOrbit)}`,
    `node ${formatTempC(n?.nodeTempC)}`,
    link,
  ];
  if (s.paused) parts.push("PAUSED");
  if (s.mode !== "live" && s.speed !== 1) parts.push(`speed ${formatSpeed(s.speed)}`);
  const open = s.alarms.filter((a) => a.active);
  if (open.length)
    parts.push(`ALARM ${open.map((a) => `${a.severity.toUpperCase()} ${a.field}`).join(", ")}`);
  return `[${formatDuration(s.benchElapsedS)}] ${parts.join(" | ")}`;
}

export interface StatusLineOptions {
  source: SnapshotSource;
  /** Where lines go (default process.stdout). */
  out?: { write(chunk: string): unknown };
  /** Seconds between lines. Default 5. */
  everyS?: number;
  staleLinkS?: number;
}

export interface StatusLineHandle {
  /** Writes a final line and stops. */
  unmount(): void;
  waitUntilExit(): Promise<void>;
}

/** Writes one status line now and then every `everyS` seconds until unmount(). */
export function startStatusLine({
  source,
  out = process.stdout,
  everyS = 5,
  staleLinkS,
}: StatusLineOptions): StatusLineHandle {
  const write = () => out.write(`${formatStatusLine(source.getSnapshot(), staleLinkS)}\n`);
  write();
  const timer = setInterval(write, Math.max(0.1, everyS) * 1000);
  // The session keeps the process alive, not the status line.
  timer.unref?.();
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  let stopped = false;
  return {
    unmount() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      write();
      resolve();
    },
    waitUntilExit: () => done,
  };
}

/**
 * Telemetry message (wire integers) -> Frame (SI-suffixed numbers). Pure.
 *
 * Written as plain loops over the channels: it runs for every frame of a stream (a few
 * hundred thousand a second through bench/serial.ts), where map() with a closure and a
 * flag test per status field showed in the profile.
 */
import { type ChannelReading, type Frame, primaryChannel } from "../core/frame.js";
import { Flag } from "./constants.js";
import type { HelloChannel, TelemetryMessage } from "./messages.js";

export function telemetryToFrame(
  t: TelemetryMessage,
  layout: readonly HelloChannel[],
  hostMs: number,
): Frame {
  const flags = t.flags;
  const channels: ChannelReading[] = [];
  for (let i = 0; i < t.channels.length; i++) {
    const c = t.channels[i]!;
    const info = layout[i];
    channels.push({
      role: info?.role ?? "aux",
      address: info?.address ?? 0x40 + i,
      present: (flags & (Flag.inaPresent0 << i)) !== 0,
      overflow: (flags & (Flag.inaOverflow0 << i)) !== 0,
      busV: c.busMv / 1000,
      shuntMv: c.shuntUv / 1000,
      currentMa: c.currentUa / 1000,
      powerMw: c.powerUw / 1000,
    });
  }
  const primary = primaryChannel(channels);
  const panelTempPresent = (flags & Flag.panelTempValid) !== 0;
  return {
    seq: t.seq,
    boardMs: t.ms,
    hostMs,
    busV: primary?.busV ?? 0,
    currentMa: primary?.currentMa ?? 0,
    powerMw: primary?.powerMw ?? 0,
    panelTempC: panelTempPresent ? t.panelC100 / 100 : null,
    boardTempC: (flags & Flag.boardTempValid) !== 0 ? t.boardC100 / 100 : null,
    lamp: t.lamp,
    load: t.load,
    flags,
    status: {
      panelTempPresent,
      watchdogTripped: (flags & Flag.watchdogTripped) !== 0,
      overTempCut: (flags & Flag.overTempCut) !== 0,
      safeMode: (flags & Flag.safeMode) !== 0,
      txOverrun: (flags & Flag.txOverrun) !== 0,
      i2cError: (flags & Flag.i2cError) !== 0,
    },
    channels,
  };
}

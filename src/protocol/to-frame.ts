/**
 * Telemetry message (wire integers) -> Frame (SI-suffixed numbers). Pure.
 */
import { type ChannelReading, type Frame, primaryChannel } from "../core/frame.js";
import { Flag } from "./constants.js";
import type { HelloChannel, TelemetryMessage } from "./messages.js";

export function telemetryToFrame(
  t: TelemetryMessage,
  layout: readonly HelloChannel[],
  hostMs: number,
): Frame {
  const channels: ChannelReading[] = t.channels.map((c, i) => {
    const info = layout[i];
    const present = (t.flags & (Flag.inaPresent0 << i)) !== 0;
    return {
      role: info?.role ?? "aux",
      address: info?.address ?? 0x40 + i,
      present,
      overflow: (t.flags & (Flag.inaOverflow0 << i)) !== 0,
      busV: c.busMv / 1000,
      shuntMv: c.shuntUv / 1000,
      currentMa: c.currentUa / 1000,
      powerMw: c.powerUw / 1000,
    };
  });
  const primary = primaryChannel(channels);
  return {
    seq: t.seq,
    boardMs: t.ms,
    hostMs,
    busV: primary?.busV ?? 0,
    currentMa: primary?.currentMa ?? 0,
    powerMw: primary?.powerMw ?? 0,
    panelTempC: (t.flags & Flag.panelTempValid) !== 0 ? t.panelC100 / 100 : null,
    boardTempC: (t.flags & Flag.boardTempValid) !== 0 ? t.boardC100 / 100 : null,
    lamp: t.lamp,
    load: t.load,
    flags: t.flags,
    status: {
      panelTempPresent: (t.flags & Flag.panelTempValid) !== 0,
      watchdogTripped: (t.flags & Flag.watchdogTripped) !== 0,
      overTempCut: (t.flags & Flag.overTempCut) !== 0,
      safeMode: (t.flags & Flag.safeMode) !== 0,
      txOverrun: (t.flags & Flag.txOverrun) !== 0,
      i2cError: (t.flags & Flag.i2cError) !== 0,
    },
    channels,
  };
}

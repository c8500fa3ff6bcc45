/**
 * Builds a Frame from what the host read over Firmata: INA219 readings, the TMP36's ADC
 * value and the commanded lamp and load levels. Pure. Status flags are set as the
 * uno-ina219 firmware sets them (protocol v1 "Flags"), so Frames from both boards read
 * alike.
 */
import { tmp36ToCelsius } from "../chips/tmp36.js";
import {
  type ChannelReading,
  type ChannelRole,
  type Frame,
  primaryChannel,
} from "../core/frame.js";
import { Flag } from "../protocol/constants.js";
import type { Ina219Reading } from "./ina219-firmata.js";

export interface FirmataFrameInput {
  seq: number;
  hostMs: number;
  boardMs: number;
  parts: readonly { address: number; present: boolean; latest(): Ina219Reading | null }[];
  roles: readonly ChannelRole[];
  /** A reading older than this is treated as absent (the chip stopped answering). */
  staleMs: number;
  panelRaw: { raw: number; atMs: number } | null;
  vrefV: number;
  lamp: number;
  load: number;
}

export function buildFirmataFrame(i: FirmataFrameInput): Frame {
  let flags = 0;
  const channels: ChannelReading[] = i.parts.map((part, n) => {
    const r = part.latest();
    const present = part.present && r !== null && i.hostMs - r.atMs <= i.staleMs;
    if (present) flags |= Flag.inaPresent0 << n;
    if (present && r.overflow) flags |= Flag.inaOverflow0 << n;
    return {
      role: i.roles[n] ?? "aux",
      address: part.address,
      present,
      overflow: present ? r.overflow : false,
      busV: present ? r.busV : 0,
      shuntMv: present ? r.shuntMv : 0,
      currentMa: present ? r.currentMa : 0,
      powerMw: present ? r.powerMw : 0,
    };
  });
  const fresh = i.panelRaw !== null && i.hostMs - i.panelRaw.atMs <= i.staleMs;
  const panelTempC = fresh && i.panelRaw ? tmp36ToCelsius(i.panelRaw.raw, i.vrefV) : null;
  if (panelTempC !== null) flags |= Flag.panelTempValid;
  const primary = primaryChannel(channels);
  return {
    seq: i.seq,
    boardMs: i.boardMs,
    hostMs: i.hostMs,
    busV: primary?.present ? primary.busV : 0,
    currentMa: primary?.present ? primary.currentMa : 0,
    powerMw: primary?.present ? primary.powerMw : 0,
    panelTempC,
    boardTempC: null,
    lamp: i.lamp,
    load: i.load,
    flags,
    status: {
      panelTempPresent: panelTempC !== null,
      watchdogTripped: false,
      overTempCut: false,
      safeMode: false,
      txOverrun: false,
    },
    channels,
  };
}

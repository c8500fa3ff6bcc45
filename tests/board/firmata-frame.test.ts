import { describe, expect, it } from "vitest";
import { buildFirmataFrame } from "../../src/board/firmata-frame.js";
import type { Ina219Reading } from "../../src/board/ina219-firmata.js";
import { Flag } from "../../src/protocol/constants.js";

const reading = (atMs: number, over = false): Ina219Reading => ({
  busV: 5.2,
  shuntMv: 6.4,
  currentMa: 64,
  powerMw: 333,
  overflow: over,
  atMs,
});
const part = (address: number, present: boolean, r: Ina219Reading | null) => ({
  address,
  present,
  latest: () => r,
});

function frameAt(
  hostMs: number,
  parts: ReturnType<typeof part>[],
  panelRaw: { raw: number; atMs: number } | null,
) {
  return buildFirmataFrame({
    seq: 7,
    hostMs,
    boardMs: Math.round(hostMs),
    parts,
    roles: ["array", "load"],
    staleMs: 300,
    panelRaw,
    vrefV: 5,
    lamp: 200,
    load: 10,
  });
}

describe("buildFirmataFrame", () => {
  it("fresh readings: channels present, primary copied, flags as the uno-ina219 firmware sets them", () => {
    const f = frameAt(
      1000,
      [part(0x40, true, reading(950)), part(0x41, true, reading(990, true))],
      { raw: 154, atMs: 980 },
    );
    expect(f.channels.map((c) => [c.role, c.present, c.overflow])).toEqual([
      ["array", true, false],
      ["load", true, true],
    ]);
    expect([f.busV, f.currentMa, f.powerMw]).toEqual([5.2, 64, 333]);
    expect(f.panelTempC).toBeCloseTo(25.2, 1);
    expect(f.flags).toBe(
      Flag.inaPresent0 | (Flag.inaPresent0 << 1) | (Flag.inaOverflow0 << 1) | Flag.panelTempValid,
    );
    expect([f.lamp, f.load, f.seq, f.boardTempC]).toEqual([200, 10, 7, null]);
  });

  it.each([
    { name: "a reading older than staleMs", p: part(0x40, true, reading(600)) },
    { name: "a chip that failed to configure", p: part(0x40, false, reading(990)) },
    { name: "no reading yet", p: part(0x40, true, null) },
  ])("$name reads as absent, with zeros, never as old numbers", ({ p }) => {
    const f = frameAt(1000, [p], null);
    expect(f.channels[0]).toMatchObject({ present: false, busV: 0, currentMa: 0, powerMw: 0 });
    expect([f.busV, f.currentMa, f.powerMw, f.flags]).toEqual([0, 0, 0, 0]);
  });

  it.each([
    { name: "stale", panelRaw: { raw: 154, atMs: 100 } },
    { name: "out of the TMP36's range (sensor missing)", panelRaw: { raw: 0, atMs: 990 } },
    { name: "never read", panelRaw: null },
  ])("panel temperature $name -> null and the flag clear", ({ panelRaw }) => {
    const f = frameAt(1000, [], panelRaw);
    expect(f.panelTempC).toBeNull();
    expect(f.status.panelTempPresent).toBe(false);
  });
});

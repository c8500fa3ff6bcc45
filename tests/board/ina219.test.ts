/**
 * INA219 arithmetic against TI SBOS448 (rev. G): 8.5.1 calibration equations, Table 6-8
 * register layouts, and the calibrations Adafruit_INA219 publishes for its presets
 * (setCalibration_32V_2A / 32V_1A / 16V_400mA), which follow the same equations.
 */
import { describe, expect, it } from "vitest";
import {
  busRegisterToV,
  currentRegisterToMa,
  INA219_CONFIG_POR,
  ina219Calibration,
  ina219Config,
  powerRegisterToMw,
  shuntRegisterToMv,
} from "../../src/board/ina219.js";
import { OrbitrigError } from "../../src/core/errors.js";

describe("ina219Calibration (SBOS448 8.5.1)", () => {
  it.each([
    // Adafruit presets: fixed current LSB, 0.1 ohm shunt.
    {
      shuntOhms: 0.1,
      maxCurrentA: 2,
      currentLsbA: 100e-6,
      cal: 4096,
      lsbNa: 100_000,
      powerLsbW: 2e-3,
      rangeMv: 320,
    },
    {
      shuntOhms: 0.1,
      maxCurrentA: 1,
      currentLsbA: 40e-6,
      cal: 10240,
      lsbNa: 40_000,
      powerLsbW: 0.8e-3,
      rangeMv: 160,
    },
    {
      shuntOhms: 0.1,
      maxCurrentA: 0.4,
      currentLsbA: 50e-6,
      cal: 8192,
      lsbNa: 50_000,
      powerLsbW: 1e-3,
      rangeMv: 40,
    },
    // Smallest LSB for the max current (I/2^15), Cal truncated and made even, LSB recomputed.
    { shuntOhms: 0.1, maxCurrentA: 0.4, cal: 33554, lsbNa: 12207, rangeMv: 40 },
    { shuntOhms: 0.1, maxCurrentA: 3.2, cal: 4194, lsbNa: 97663, rangeMv: 320 },
    { shuntOhms: 0.01, maxCurrentA: 10, cal: 13420, lsbNa: 305216, rangeMv: 160 },
    // A small current on a big shunt: Cal would pass 0xFFFE, so the LSB is raised instead.
    { shuntOhms: 0.5, maxCurrentA: 0.05, cal: 53686, lsbNa: 1526, rangeMv: 40 },
    { shuntOhms: 1, maxCurrentA: 0.001, cal: 65534, lsbNa: 625, rangeMv: 40 },
  ])("R $shuntOhms ohm, Imax $maxCurrentA A, LSB $currentLsbA -> Cal $cal", (row) => {
    const c = ina219Calibration({
      shuntOhms: row.shuntOhms,
      maxCurrentA: row.maxCurrentA,
      ...(row.currentLsbA ? { currentLsbA: row.currentLsbA } : {}),
    });
    expect(c.cal).toBe(row.cal);
    expect(c.currentLsbNa).toBe(row.lsbNa);
    expect(c.shuntRangeMv).toBe(row.rangeMv);
    if (row.powerLsbW) expect(c.powerLsbW).toBeCloseTo(row.powerLsbW, 12);
    // The LSB reported is the one the chip applies with this Cal: Current = Shunt * Cal / 4096.
    expect(c.currentLsbA * c.cal * row.shuntOhms).toBeCloseTo(0.04096, 12);
    expect(c.maxMeasurableA).toBeGreaterThanOrEqual(
      Math.min(row.maxCurrentA, c.shuntRangeMv / 1000 / row.shuntOhms) * 0.999,
    );
  });

  it.each([
    {
      input: { shuntOhms: 0.1, maxCurrentA: 4 },
      message:
        /maxCurrentA 4 A x shuntOhms 0.1 ohm = 400.0 mV exceeds the INA219's 320 mV shunt range/,
    },
    { input: { shuntOhms: 0, maxCurrentA: 1 }, message: /must be > 0/ },
    {
      input: { shuntOhms: 0.1, maxCurrentA: 2, currentLsbA: 10e-6 },
      message: /currentLsbA 0.00001 A is below the minimum/,
    },
  ])("refuses an impossible setup: $message", ({ input, message }) => {
    let err: unknown;
    try {
      ina219Calibration(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OrbitrigError);
    expect((err as OrbitrigError).code).toBe("RIG_INVALID");
    expect((err as Error).message).toMatch(message);
  });
});

describe("ina219Config (SBOS448 Table 6)", () => {
  it.each([
    { options: {}, value: INA219_CONFIG_POR, note: "defaults = power-on value 0x399F" },
    {
      options: { busRangeV: 16 as const, shuntRangeMv: 40 as const },
      value: 0x019f,
      note: "Adafruit 16V_400mA",
    },
    {
      options: { shuntRangeMv: 160 as const, shuntAdc: { averageSamples: 8 as const } },
      value: 0x31df,
      note: "8-sample shunt averaging",
    },
    {
      options: {
        busAdc: { bits: 9 as const },
        shuntAdc: { averageSamples: 128 as const },
        mode: 0b011,
      },
      value: 0x387b,
      note: "triggered, 128 samples",
    },
  ])("$note -> 0x$value", ({ options, value }) => {
    expect(ina219Config(options)).toBe(value);
  });
});

describe("INA219 registers -> SI (SBOS448 8.6.3)", () => {
  it.each([
    { raw: 0x7d00, mv: 320, note: "+320 mV, PGA /8" },
    { raw: 0x8300, mv: -320, note: "-320 mV, PGA /8" },
    { raw: 0x0fa0, mv: 40, note: "+40 mV, PGA /1" },
    { raw: 0xffff, mv: -0.01, note: "one LSB below zero" },
    { raw: 0x0000, mv: 0, note: "zero" },
  ])("shunt 0x$raw -> $mv mV ($note)", ({ raw, mv }) => {
    expect(shuntRegisterToMv(raw)).toBeCloseTo(mv, 9);
  });

  it.each([
    { raw: 0x5dc0, busV: 12, cnvr: false, ovf: false },
    { raw: 0x5dc2, busV: 12, cnvr: true, ovf: false },
    { raw: 0x5dc3, busV: 12, cnvr: true, ovf: true },
    { raw: 0xfff8, busV: 32.764, cnvr: false, ovf: false },
    { raw: 0x0008, busV: 0.004, cnvr: false, ovf: false },
  ])("bus 0x$raw -> $busV V, CNVR $cnvr, OVF $ovf", ({ raw, busV, cnvr, ovf }) => {
    expect(busRegisterToV(raw)).toEqual({
      busV: expect.closeTo(busV, 9),
      conversionReady: cnvr,
      overflow: ovf,
    });
  });

  it.each([
    { raw: 4000, lsbA: 100e-6, ma: 400 },
    { raw: 0xf060, lsbA: 100e-6, ma: -400 },
    { raw: 1, lsbA: 12.2072e-6, ma: 0.0122072 },
  ])("current 0x$raw at LSB $lsbA A -> $ma mA", ({ raw, lsbA, ma }) => {
    expect(currentRegisterToMa(raw, lsbA)).toBeCloseTo(ma, 9);
  });

  it.each([
    { raw: 1000, lsbA: 100e-6, mw: 2000 },
    { raw: 0xffff, lsbA: 40e-6, mw: 65535 * 0.8 },
  ])(
    "power 0x$raw at current LSB $lsbA A -> $mw mW (power LSB = 20 x current LSB)",
    ({ raw, lsbA, mw }) => {
      expect(powerRegisterToMw(raw, lsbA)).toBeCloseTo(mw, 6);
    },
  );
});

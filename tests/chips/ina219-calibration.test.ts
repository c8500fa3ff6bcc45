/**
 * INA219 calibration against TI SBOS448 (rev. G) 8.5.1: TI's own worked example (9.2) and
 * the calibrations Adafruit_INA219 publishes for its presets (setCalibration_32V_2A /
 * 32V_1A / 16V_400mA), which follow the same equations.
 */
import { describe, expect, it } from "vitest";
import { decodeIna219Config, INA219_CONFIG_POR } from "../../src/chips/ina219.js";
import {
  CAL_MAX,
  calibrationRegister,
  currentLsbForCal,
  ina219Calibration,
  shuntRangeFor,
} from "../../src/chips/ina219-calibration.js";
import { OrbitrigError } from "../../src/core/errors.js";

describe("ina219Calibration (SBOS448 8.5.1)", () => {
  it.each([
    // TI's example (9.2): 12 V bus, 10 A through 2 mOhm, Current_LSB rounded up to 1 mA.
    {
      shuntOhms: 0.002,
      maxCurrentA: 10,
      currentLsbA: 1e-3,
      cal: 20480,
      lsbNa: 1_000_000,
      powerLsbW: 20e-3,
      rangeMv: 40,
    },
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
    expect(() => ina219Calibration(input)).toThrow(
      expect.objectContaining({
        constructor: OrbitrigError,
        code: "RIG_INVALID",
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe("equation 1 and its inverse", () => {
  it.each([
    { note: "TI 9.2", currentLsbA: 1e-3, shuntOhms: 0.002, cal: 20480 },
    { note: "Adafruit 32V_2A", currentLsbA: 100e-6, shuntOhms: 0.1, cal: 4096 },
    { note: "Adafruit 32V_1A", currentLsbA: 40e-6, shuntOhms: 0.1, cal: 10240 },
    { note: "Adafruit 16V_400mA", currentLsbA: 50e-6, shuntOhms: 0.1, cal: 8192 },
    { note: "uno-ina219 boot default", currentLsbA: 12.5e-6, shuntOhms: 0.1, cal: 32768 },
  ])(
    "$note: LSB $currentLsbA A on $shuntOhms ohm <-> Cal $cal",
    ({ currentLsbA, shuntOhms, cal }) => {
      expect(calibrationRegister(currentLsbA, shuntOhms)).toBe(cal);
      expect(currentLsbForCal(cal, shuntOhms)).toBeCloseTo(currentLsbA, 12);
    },
  );

  it("truncates a quotient that is not whole, so the LSB the chip applies is a little coarser", () => {
    // 0.04096 / (30 uA x 0.1 ohm) = 13653.33
    expect(calibrationRegister(30e-6, 0.1)).toBe(13653);
    const applied = currentLsbForCal(13653, 0.1);
    expect(applied).toBeGreaterThan(30e-6);
    expect(applied / 30e-6 - 1).toBeLessThan(1 / 13653);
  });

  it("fits the PGA to the largest shunt voltage, and refuses more than 320 mV", () => {
    expect([1, 40, 40.5, 80, 159, 320].map(shuntRangeFor)).toEqual([40, 40, 80, 80, 160, 320]);
    expect(shuntRangeFor(320.5)).toBeNull();
  });

  it("writes a configuration with BRNG, the fitted PGA, 8-sample averaging (PWM) and the power-on mode", () => {
    const c = ina219Calibration({ shuntOhms: 0.1, maxCurrentA: 1, busRangeV: 16 });
    expect(decodeIna219Config(c.config)).toEqual({
      ...decodeIna219Config(INA219_CONFIG_POR),
      busRangeV: 16,
      shuntRangeMv: 160,
      busAdc: { averageSamples: 8 },
      shuntAdc: { averageSamples: 8 },
    });
    // With 16 V and the 40 mV range it is the firmware's boot configuration (config.h).
    expect(ina219Calibration({ shuntOhms: 0.1, maxCurrentA: 0.4, busRangeV: 16 }).config).toBe(
      0x05df,
    );
    expect(c.cal & 1).toBe(0);
    expect(c.cal).toBeLessThanOrEqual(CAL_MAX);
  });
});

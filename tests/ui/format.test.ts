import { describe, expect, it } from "vitest";
import {
  formatAccelHours,
  formatAgeS,
  formatBytes,
  formatCount,
  formatDuration,
  formatMilliamps,
  formatPct,
  formatPowerMw,
  formatPowerW,
  formatPwm,
  formatSignedPowerW,
  formatSpeed,
  formatTempC,
  formatVolts,
  formatWh,
} from "../../src/ui/format.js";

describe("number formatting with units", () => {
  it.each([
    [formatPowerW, 0, "0 W"],
    [formatPowerW, 950.4, "950 W"],
    [formatPowerW, 1850, "1.85 kW"],
    [formatPowerW, 26_250, "26.3 kW"],
    [formatPowerW, -17_850, "-17.9 kW"],
    [formatPowerW, 1_200_000, "1.20 MW"],
    [formatPowerW, Number.NaN, "--"],
    [formatSignedPowerW, 8400, "+8.40 kW"],
    [formatSignedPowerW, -8400, "-8.40 kW"],
    [formatSignedPowerW, 0, "0 W"],
    [formatPowerMw, 606.24, "606.2 mW"],
    [formatPowerMw, 1250, "1.25 W"],
    [formatPowerMw, -0.01, "0.0 mW"],
    [formatVolts, 5.123, "5.12 V"],
    [formatMilliamps, 118.44, "118.4 mA"],
    [formatMilliamps, 1520, "1.52 A"],
    [formatTempC, 34.55, "34.5 °C"],
    [formatTempC, null, "--"],
    [formatPct, 0.823, "82%"],
    [formatPct, 1, "100%"],
    [formatPct, Number.POSITIVE_INFINITY, "--"],
    [formatPct, 1e308, "--"], // finite, but Infinity in percent (was "Infinity%")
    // Finite but past any measurement (a remote rig's message): no exponent in a column.
    [formatPowerMw, 1e308, "--"], // was "1e+305 W"
    [formatPowerW, -1e300, "--"],
    [formatTempC, 1e21, "--"], // was "1e+21 °C"
    [formatWh, 1e20, "--"],
    [formatDuration, 1e300, "--"],
    [formatCount, 1e300, "--"],
    [formatPowerW, 1e11, "100000.00 MW"], // 100 GW is still a figure
    [formatWh, 950, "950 Wh"],
    [formatWh, 12_345, "12.3 kWh"],
    [formatPwm, 255, "100%"],
    [formatPwm, 128, "50%"],
    [formatBytes, 512, "512 B"],
    [formatBytes, 3_456_789, "3.3 MB"],
    [formatBytes, 20 * 1024 * 1024, "20 MB"],
    [formatAgeS, 0.06, "0.1 s"],
    [formatAgeS, 12.4, "12 s"],
    [formatAgeS, 185, "3:05"],
    [formatAccelHours, 184_000, "51.1 acc·h"],
    [formatAccelHours, 360, "0.10 acc·h"],
    [formatCount, 12_346, "12 346"],
  ] as [(v: number | null) => string, number | null, string][])("%o(%s) = %s", (f, v, expected) => {
    expect(f(v)).toBe(expected);
  });

  it.each([
    [0, "0:00"],
    [59.9, "0:59"],
    [61, "1:01"],
    [3599, "59:59"],
    [3600, "1:00:00"],
    [18_355.2, "5:05:55"],
    [90_061, "1d 01:01:01"],
    [-75, "-1:15"],
    [Number.NaN, "--"],
  ])("duration %s s = %s", (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });

  it.each([
    [1, "×1"],
    [8, "×8"],
    [0.5, "×0.50"],
    [1.5, "×1.5"],
  ])("speed %s = %s", (f, text) => {
    expect(formatSpeed(f)).toBe(text);
  });
});

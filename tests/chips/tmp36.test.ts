/**
 * TMP36 against the Analog Devices TMP35/36/37 data sheet (rev. H): Table 4 (0.5 V offset,
 * 10 mV/C, 750 mV at 25 C), page 1 (specified -40..+125 C, operation to +150 C); and on
 * the Uno's ADC, ATmega328P 24.7 (ADC = Vin * 1024 / Vref).
 */
import { describe, expect, it } from "vitest";
import { adcToVolts, voltsToAdc } from "../../src/chips/atmega328p-adc.js";
import { tmp36OutputV, tmp36ReadingC, tmp36TempC, tmp36ToCelsius } from "../../src/chips/tmp36.js";

describe("TMP36 transfer function, both ways", () => {
  it.each([
    { c: -40, v: 0.1, note: "bottom of the specified range" },
    { c: 0, v: 0.5, note: "the offset" },
    { c: 25, v: 0.75, note: "Table 4's 750 mV at 25 C" },
    { c: 100, v: 1.5, note: "10 mV/C" },
    { c: 125, v: 1.75, note: "top of the specified range" },
    { c: 150, v: 2.0, note: "top of the operating range" },
  ])("$c C <-> $v V ($note)", ({ c, v }) => {
    expect(tmp36OutputV(c)).toBeCloseTo(v, 12);
    expect(tmp36TempC(v)).toBeCloseTo(c, 9);
    expect(tmp36ReadingC(v)).toBeCloseTo(c, 9);
  });

  it("holds the emulated output to the operating range", () => {
    expect(tmp36OutputV(-60)).toBeCloseTo(0.1, 12);
    expect(tmp36OutputV(200)).toBeCloseTo(2.0, 12);
  });

  it.each([
    { v: 0, note: "0 V: missing, or shorted to ground" },
    { v: 0.09, note: "41 C below zero" },
    { v: 2.01, note: "151 C: beyond the operating range" },
    { v: 5, note: "at the supply: open input pulled up, or shorted to Vcc" },
    { v: Number.NaN, note: "not a number" },
  ])("reads $v V as no temperature ($note)", ({ v }) => {
    expect(tmp36ReadingC(v)).toBeNull();
  });
});

describe("tmp36ToCelsius on the Uno's ADC", () => {
  it.each([
    { raw: 154, vrefV: 5, c: 25.1953125, note: "about 750 mV: room temperature" },
    { raw: 102, vrefV: 5, c: -0.1953125, note: "about 500 mV: 0 C" },
    { raw: 225, vrefV: 5, c: 59.86328125, note: "near the default 60 C cut" },
    { raw: 21, vrefV: 5, c: -39.74609375, note: "-40 C, the bottom of the range" },
    { raw: 358, vrefV: 5, c: 124.8046875, note: "125 C, the top of the specified range" },
    { raw: 400, vrefV: 5, c: 145.3125, note: "1.95 V: hot, still within operation" },
    { raw: 233, vrefV: 3.3, c: 25.087890625, note: "3.3 V reference" },
    { raw: 0, vrefV: 5, c: null, note: "0 V: sensor missing or shorted to ground" },
    { raw: 1023, vrefV: 5, c: null, note: "at the rail: open input pulled up, or shorted to Vcc" },
    { raw: 420, vrefV: 5, c: null, note: "2.05 V: beyond what a TMP36 outputs" },
    { raw: -1, vrefV: 5, c: null, note: "not an ADC value" },
    { raw: Number.NaN, vrefV: 5, c: null, note: "not a number" },
  ])("raw $raw at $vrefV V -> $c C ($note)", ({ raw, vrefV, c }) => {
    const got = tmp36ToCelsius(raw, vrefV);
    if (c === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(c, 9);
  });

  it("converts ADC counts to volts with the 1024 divisor of the ATmega328P datasheet", () => {
    expect(adcToVolts(1024 / 5)).toBeCloseTo(1, 12);
    expect(adcToVolts(512, 3.3)).toBeCloseTo(1.65, 12);
  });

  it.each([
    { v: 0, vrefV: 5, raw: 0 },
    { v: 0.75, vrefV: 5, raw: 153 },
    { v: 2.5, vrefV: 5, raw: 512 },
    { v: 5, vrefV: 5, raw: 1023 },
    { v: 6, vrefV: 5, raw: 1023 },
    { v: -0.2, vrefV: 5, raw: 0 },
    { v: 1.0, vrefV: 1.1, raw: 930 },
  ])("the emulated ADC reads $v V against $vrefV V as $raw", ({ v, vrefV, raw }) => {
    expect(voltsToAdc(v, vrefV)).toBe(raw);
  });

  it("an emulated TMP36 read through the emulated ADC comes back within one ADC step", () => {
    for (let c = -40; c <= 150; c += 7) {
      const back = tmp36ToCelsius(voltsToAdc(tmp36OutputV(c), 5), 5);
      expect(back).not.toBeNull();
      expect(c - (back ?? 0)).toBeGreaterThanOrEqual(0);
      expect(c - (back ?? 0)).toBeLessThan(0.49);
    }
  });
});

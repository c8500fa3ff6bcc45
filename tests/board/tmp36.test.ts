/**
 * TMP36 on the Uno's ADC: Analog Devices TMP35/36/37 datasheet Table 4 (750 mV at 25 C,
 * 10 mV/C, range -40..125 C) and ATmega328P 24.7 (ADC = Vin * 1024 / Vref).
 */
import { describe, expect, it } from "vitest";
import { adcToVolts, tmp36ToCelsius } from "../../src/board/tmp36.js";

describe("tmp36ToCelsius", () => {
  it.each([
    { raw: 154, vrefV: 5, c: 25.1953125, note: "about 750 mV: room temperature" },
    { raw: 102, vrefV: 5, c: -0.1953125, note: "about 500 mV: 0 C" },
    { raw: 225, vrefV: 5, c: 59.86328125, note: "near the default 60 C cut" },
    { raw: 21, vrefV: 5, c: -39.74609375, note: "-40 C, the bottom of the range" },
    { raw: 358, vrefV: 5, c: 124.8046875, note: "125 C, the top of the range" },
    { raw: 233, vrefV: 3.3, c: 25.087890625, note: "3.3 V reference" },
    { raw: 0, vrefV: 5, c: null, note: "0 V: sensor missing or shorted to ground" },
    { raw: 1023, vrefV: 5, c: null, note: "at the rail: open input pulled up, or shorted to Vcc" },
    { raw: 400, vrefV: 5, c: null, note: "1.95 V: beyond what a TMP36 outputs" },
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
});

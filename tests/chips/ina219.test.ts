/**
 * The INA219's register map, configuration fields, ADC table and register <-> SI
 * conversions against TI SBOS448 (rev. G): 8.6.1 register summary, 8.6.2.1 configuration
 * register (tables "PG Bit Settings", "ADC Settings", "Mode Settings"), 8.6.3 data
 * registers and 8.5.1 current and power arithmetic.
 */
import { describe, expect, it } from "vitest";
import {
  ADC_SETTINGS,
  adcCode,
  adcConversionUs,
  adcResolutionBits,
  busRegister,
  busRegisterToV,
  currentRegisterToMa,
  decodeAdc,
  decodeIna219Config,
  encodeIna219Config,
  INA219_CONFIG_POR,
  Ina219Mode,
  Ina219Register,
  ina219Products,
  modeConverts,
  powerRegisterToMw,
  shuntFullScaleCode,
  shuntRegisterToMv,
} from "../../src/chips/ina219.js";

describe("register map (8.6.1)", () => {
  it("has the six registers at 00h..05h", () => {
    expect(Ina219Register).toEqual({
      config: 0,
      shuntVoltage: 1,
      busVoltage: 2,
      power: 3,
      current: 4,
      calibration: 5,
    });
  });
});

describe("decodeIna219Config (8.6.2.1)", () => {
  const bits = (n: 9 | 10 | 11 | 12) => ({ bits: n });
  const avg = (n: 2 | 4 | 8 | 16 | 32 | 64 | 128) => ({ averageSamples: n });
  it.each([
    // what it is, raw, then the fields: RST, BRNG, PG range, BADC, SADC, MODE
    ["0x399F, power-on", INA219_CONFIG_POR, false, 32, 320, bits(12), bits(12), 7],
    ["0x05DF, uno-ina219 boot", 0x05df, false, 16, 40, avg(8), avg(8), 7],
    ["0x8A20, RST; ADC 0b0100 is 9-bit", 0x8a20, true, 16, 80, bits(9), bits(9), 0],
    ["0x3C43, ADC 0b1000 is 12-bit", 0x3c43, false, 32, 320, bits(12), bits(12), 3],
  ] as const)("%s", (_note, raw, reset, busRangeV, shuntRangeMv, busAdc, shuntAdc, mode) => {
    expect(decodeIna219Config(raw)).toEqual({
      reset,
      busRangeV,
      shuntRangeMv,
      busAdc,
      shuntAdc,
      mode,
    });
  });

  it("encodes every field back to the same register (except the don't-care bit)", () => {
    for (const raw of [INA219_CONFIG_POR, 0x05df, 0x019f, 0x31df, 0x387b, 0x1fff, 0x0000]) {
      expect(encodeIna219Config(decodeIna219Config(raw))).toBe(raw);
    }
  });
});

describe("ADC settings (8.6.2.1, table 'ADC Settings')", () => {
  it.each([
    { code: 0b0000, adc: { bits: 9 }, us: 84 },
    { code: 0b0001, adc: { bits: 10 }, us: 148 },
    { code: 0b0010, adc: { bits: 11 }, us: 276 },
    { code: 0b0011, adc: { bits: 12 }, us: 532 },
    { code: 0b1001, adc: { averageSamples: 2 }, us: 1060 },
    { code: 0b1010, adc: { averageSamples: 4 }, us: 2130 },
    { code: 0b1011, adc: { averageSamples: 8 }, us: 4260 },
    { code: 0b1100, adc: { averageSamples: 16 }, us: 8510 },
    { code: 0b1101, adc: { averageSamples: 32 }, us: 17020 },
    { code: 0b1110, adc: { averageSamples: 64 }, us: 34050 },
    { code: 0b1111, adc: { averageSamples: 128 }, us: 68100 },
  ] as const)("code $code: $adc in $us us", ({ code, adc, us }) => {
    expect(adcCode(adc)).toBe(code);
    expect(decodeAdc(code)).toEqual(adc);
    expect(adcConversionUs(adc)).toBe(us);
    expect(adcResolutionBits(adc)).toBe("bits" in adc ? adc.bits : 12);
  });

  it("reads every 4-bit code, folding the don't-care bit", () => {
    for (let code = 0; code < 16; code++) expect(decodeAdc(code)).toBeDefined();
    expect(decodeAdc(0b0111)).toEqual({ bits: 12 });
    expect(decodeAdc(0b1000)).toEqual({ bits: 12 });
    expect(ADC_SETTINGS).toHaveLength(12);
  });
});

describe("modes (8.6.2.1, table 'Mode Settings')", () => {
  it.each([
    ["powerDown", false, false, false],
    ["shuntTriggered", true, false, false],
    ["busTriggered", false, true, false],
    ["shuntAndBusTriggered", true, true, false],
    ["adcOff", false, false, true],
    ["shuntContinuous", true, false, true],
    ["busContinuous", false, true, true],
    ["shuntAndBusContinuous", true, true, true],
  ] as const)("%s converts shunt %s, bus %s, continuous %s", (name, shunt, bus, continuous) => {
    expect(modeConverts(Ina219Mode[name])).toEqual({ shunt, bus, continuous });
  });
});

describe("encodeIna219Config (8.6.2.1)", () => {
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
  ])("$note", ({ options, value }) => {
    expect(encodeIna219Config(options)).toBe(value);
  });
});

describe("INA219 registers -> SI (SBOS448 8.6.3)", () => {
  it.each([
    { raw: 0x7d00, mv: 320, note: "+320 mV, PGA /8" },
    { raw: 0x8300, mv: -320, note: "-320 mV, PGA /8" },
    { raw: 0x0fa0, mv: 40, note: "+40 mV, PGA /1" },
    { raw: 0xffff, mv: -0.01, note: "one LSB below zero" },
    { raw: 0x0000, mv: 0, note: "zero" },
  ])("shunt register $raw -> $mv mV ($note)", ({ raw, mv }) => {
    expect(shuntRegisterToMv(raw)).toBeCloseTo(mv, 9);
  });

  it.each([
    { raw: 0x5dc0, busV: 12, cnvr: false, ovf: false },
    { raw: 0x5dc2, busV: 12, cnvr: true, ovf: false },
    { raw: 0x5dc3, busV: 12, cnvr: true, ovf: true },
    { raw: 0xfff8, busV: 32.764, cnvr: false, ovf: false },
    { raw: 0x0008, busV: 0.004, cnvr: false, ovf: false },
  ])("bus register $raw -> $busV V, CNVR $cnvr, OVF $ovf", ({ raw, busV, cnvr, ovf }) => {
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
  ])("current register $raw at LSB $lsbA A -> $ma mA", ({ raw, lsbA, ma }) => {
    expect(currentRegisterToMa(raw, lsbA)).toBeCloseTo(ma, 9);
  });

  it.each([
    { raw: 1000, lsbA: 100e-6, mw: 2000 },
    { raw: 0xffff, lsbA: 40e-6, mw: 65535 * 0.8 },
  ])(
    "power register $raw at current LSB $lsbA A -> $mw mW (power LSB = 20 x current LSB)",
    ({ raw, lsbA, mw }) => {
      expect(powerRegisterToMw(raw, lsbA)).toBeCloseTo(mw, 6);
    },
  );
});

describe("the chip's own arithmetic (8.5.1, 8.6.3)", () => {
  it.each([
    // TI 9.2: 20 mV on 2 mOhm (2000 LSB), 12 V bus (3000 LSB), Cal 20480: 10 A, 120 W.
    { shunt: 2000, bus: 3000, cal: 20480, current: 10000, power: 6000, ovf: false },
    // Adafruit 32V_2A: 10 mV on 0.1 ohm, 5 V, Cal 4096: 100 mA in 100 uA LSBs, 0.5 W in 2 mW.
    { shunt: 1000, bus: 1250, cal: 4096, current: 1000, power: 250, ovf: false },
    // Reverse current: current is signed, power is the magnitude.
    { shunt: -1000, bus: 1250, cal: 4096, current: -1000, power: 250, ovf: false },
    // Truncation toward zero on both signs.
    { shunt: 3, bus: 1, cal: 4095, current: 2, power: 0, ovf: false },
    { shunt: -3, bus: 1, cal: 4095, current: -2, power: 0, ovf: false },
    // 300 mV x Cal 0xFFFE / 4096 = 480000: saturates, OVF.
    { shunt: 30000, bus: 1250, cal: 0xfffe, current: 32767, power: 65535, ovf: true },
    { shunt: -30000, bus: 0, cal: 0xfffe, current: -32768, power: 0, ovf: true },
    // Uncalibrated: current and power read 0 (8.6.3.3, 8.6.3.4).
    { shunt: 1000, bus: 1250, cal: 0, current: 0, power: 0, ovf: false },
  ])("shunt $shunt, bus $bus, Cal $cal -> current $current, power $power, OVF $ovf", (row) => {
    expect(ina219Products(row.shunt, row.bus, row.cal)).toEqual({
      current: row.current,
      power: row.power,
      overflow: row.ovf,
    });
  });

  it("puts the bus code in bits 15..3 beside CNVR and OVF, as busRegisterToV reads them", () => {
    expect(busRegister(3000, false, false)).toBe(0x5dc0);
    expect(busRegister(3000, true, true)).toBe(0x5dc3);
    expect(busRegister(0x1fff, true, false)).toBe(0xfffa);
    for (const [code, cnvr, ovf] of [
      [1, true, false],
      [4000, false, true],
    ] as const) {
      expect(busRegisterToV(busRegister(code, cnvr, ovf))).toEqual({
        busV: expect.closeTo(code * 0.004, 9),
        conversionReady: cnvr,
        overflow: ovf,
      });
    }
  });

  it("clips the shunt register at the PGA range in 10 uV LSBs", () => {
    expect([40, 80, 160, 320].map((r) => shuntFullScaleCode(r as 40 | 80 | 160 | 320))).toEqual([
      4000, 8000, 16000, 32000,
    ]);
  });
});

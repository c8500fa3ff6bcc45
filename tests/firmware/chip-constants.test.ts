/**
 * The firmware's C reads the INA219 and the TMP36 with its own copies of their datasheet
 * numbers (ina219.h, temperature.h), and config.h sets its boot calibration and NTC
 * wiring. Each is checked here against src/chips/, the one definition the host drivers
 * and the emulated chips use (the NTC against the emulated bench), so a firmware that
 * drifted from the datasheet fails here rather than on a bench. The build test proves
 * the committed hex is built from these very headers.
 */
import { describe, expect, it } from "vitest";
import {
  adcConversionUs,
  BUS_LSB_V,
  BUS_OVF,
  BUS_SHIFT,
  busRegister,
  busRegisterToV,
  decodeIna219Config,
  Ina219Mode,
  Ina219Register,
  POWER_LSB_PER_CURRENT_LSB,
  SHUNT_LSB_V,
  SHUNT_RANGES_MV,
  shuntFullScaleCode,
} from "../../src/chips/ina219.js";
import { calibrationRegister, currentLsbForCal } from "../../src/chips/ina219-calibration.js";
import {
  TMP36_OFFSET_V,
  TMP36_OPERATING_MAX_C,
  TMP36_SCALE_V_PER_C,
  TMP36_SPECIFIED_MIN_C,
} from "../../src/chips/tmp36.js";
import { benchSchema } from "../../src/config/schema/bench.js";
import { NTC } from "../../src/emulator/panel-thermal.js";
import { type DefineValue, readDefines } from "./header.js";

const dir = new URL("../../firmware-profiles/uno-ina219/", import.meta.url);
const ina = readDefines(new URL("ina219.h", dir));
const temperature = readDefines(new URL("temperature.h", dir));
const config = readDefines(new URL("config.h", dir));

function num(defines: Map<string, DefineValue>, name: string): number {
  const v = defines.get(name);
  if (typeof v !== "number") throw new Error(`${name} is not a numeric #define`);
  return v;
}

describe("ina219.h agrees with src/chips/ina219.ts", () => {
  it("points at the same six registers, and names no other", () => {
    const firmware = Object.fromEntries([...ina].filter(([k]) => k.startsWith("INA219_REG_")));
    const host = Object.fromEntries(
      Object.entries(Ina219Register).map(([name, addr]) => [
        `INA219_REG_${name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`,
        addr,
      ]),
    );
    expect(firmware).toEqual(host);
  });

  it("scales shunt, bus and power with the same LSBs", () => {
    expect(num(ina, "INA219_SHUNT_LSB_UV")).toBe(Math.round(SHUNT_LSB_V * 1e6));
    expect(num(ina, "INA219_BUS_LSB_MV")).toBe(Math.round(BUS_LSB_V * 1e3));
    expect(num(ina, "INA219_BUS_SHIFT")).toBe(BUS_SHIFT);
    expect(num(ina, "INA219_BUS_OVF")).toBe(BUS_OVF);
    expect(num(ina, "INA219_POWER_LSB_PER_CURRENT_LSB")).toBe(POWER_LSB_PER_CURRENT_LSB);
    // The firmware's busMv for a register the host reads as 12 V with OVF set.
    const raw = busRegister(3000, true, true);
    const firmwareBusMv = (raw >> num(ina, "INA219_BUS_SHIFT")) * num(ina, "INA219_BUS_LSB_MV");
    expect(firmwareBusMv / 1000).toBeCloseTo(busRegisterToV(raw).busV, 9);
    expect((raw & num(ina, "INA219_BUS_OVF")) !== 0).toBe(busRegisterToV(raw).overflow);
  });

  it.each(SHUNT_RANGES_MV.map((rangeMv, pg) => ({ rangeMv, pg })))(
    "reads PG $pg as the +-$rangeMv mV range and its full-scale code",
    ({ rangeMv, pg }) => {
      const configWithPg = pg << num(ina, "INA219_PG_SHIFT");
      expect(decodeIna219Config(configWithPg).shuntRangeMv).toBe(rangeMv);
      expect(num(ina, "INA219_SHUNT_FULL_SCALE_PG0") << pg).toBe(shuntFullScaleCode(rangeMv));
    },
  );
});

describe("config.h boots with the calibration its comment describes", () => {
  const shuntOhms = benchSchema.parse(undefined).inas[0]?.shuntOhms ?? Number.NaN;

  it("INA_DEFAULT_CONFIG: 16 V, +-40 mV, 8-sample averaging (4.26 ms) on both ADCs, continuous", () => {
    const fields = decodeIna219Config(num(config, "INA_DEFAULT_CONFIG"));
    expect(fields).toEqual({
      reset: false,
      busRangeV: 16,
      shuntRangeMv: 40,
      busAdc: { averageSamples: 8 },
      shuntAdc: { averageSamples: 8 },
      mode: Ina219Mode.shuntAndBusContinuous,
    });
    expect(adcConversionUs(fields.shuntAdc)).toBe(4260);
  });

  it("INA_DEFAULT_CAL and INA_DEFAULT_CURRENT_LSB_NA are equation 1 for 12.5 uA on the bench's shunt", () => {
    expect(shuntOhms).toBe(0.1);
    const lsbA = num(config, "INA_DEFAULT_CURRENT_LSB_NA") * 1e-9;
    expect(calibrationRegister(lsbA, shuntOhms)).toBe(num(config, "INA_DEFAULT_CAL"));
    expect(currentLsbForCal(num(config, "INA_DEFAULT_CAL"), shuntOhms) * 1e9).toBeCloseTo(
      num(config, "INA_DEFAULT_CURRENT_LSB_NA"),
      6,
    );
  });
});

describe("temperature.h agrees with src/chips/tmp36.ts", () => {
  it("has the same offset and scale", () => {
    expect(num(temperature, "TMP36_OFFSET_MV")).toBe(Math.round(TMP36_OFFSET_V * 1000));
    expect(num(temperature, "TMP36_MV_PER_C")).toBe(Math.round(TMP36_SCALE_V_PER_C * 1000));
  });

  it("calls the same range a temperature", () => {
    expect(num(temperature, "TMP36_MIN_C100")).toBe(TMP36_SPECIFIED_MIN_C * 100);
    expect(num(temperature, "TMP36_MAX_C100")).toBe(TMP36_OPERATING_MAX_C * 100);
  });
});

describe("config.h's NTC wiring is the one the emulated bench models", () => {
  it("has the same series resistor, R25 and Beta", () => {
    expect(num(config, "NTC_SERIES_OHMS")).toBe(NTC.seriesOhms);
    expect(num(config, "NTC_R25_OHMS")).toBe(NTC.r25Ohms);
    expect(num(config, "NTC_BETA")).toBe(NTC.beta);
  });
});

/**
 * The lamp and the load are PWM at 3.9 kHz: one 532 us INA219 conversion catches whichever
 * part of a period it falls on, so the uno-ina219 firmware boots its INA219s with 12-bit
 * 8-sample averaging (4.26 ms, about 17 periods; config.h INA_DEFAULT_CONFIG 0x05DF). The
 * host's calibration must keep that averaging, not put the ADCs back to single samples
 * (0x219F did), on the serial path (CAL) and the Firmata path alike.
 */
import { describe, expect, it } from "vitest";
import { decodeIna219Config, type Ina219Adc, Ina219Register } from "../../src/chips/ina219.js";
import { ina219Calibration } from "../../src/chips/ina219-calibration.js";
import { emulatedRig } from "./emulated-rig.js";

const AVERAGE_8: Ina219Adc = { averageSamples: 8 };

describe("INA219 averaging after the host's calibration", () => {
  it("the calibration the host sends keeps 8-sample averaging on bus and shunt", () => {
    const c = decodeIna219Config(ina219Calibration({ shuntOhms: 0.1, maxCurrentA: 0.4 }).config);
    expect(c).toMatchObject({ busAdc: AVERAGE_8, shuntAdc: AVERAGE_8, shuntRangeMv: 40 });
  });

  it("the emulated chip averages 8 samples once the serial board has calibrated it", {
    timeout: 30_000,
  }, async () => {
    const { emulator, board, advance } = await emulatedRig({
      calibration: [{ channel: "array", shuntOhms: 0.1, maxCurrentA: 0.4 }],
    });
    let open = false;
    void board.open().then(() => {
      open = true;
    });
    for (let t = 0; t < 5000 && !open; t += 20) await advance(20);
    expect(open).toBe(true);
    await advance(200);
    const chip = emulator.inas.find((c) => c.address === 0x40)!;
    const expected = ina219Calibration({ shuntOhms: 0.1, maxCurrentA: 0.4 });
    expect(chip.readRegister(Ina219Register.calibration)).toBe(expected.cal);
    const config = decodeIna219Config(chip.readRegister(Ina219Register.config));
    expect(config).toMatchObject({ busAdc: AVERAGE_8, shuntAdc: AVERAGE_8 });
  });
});

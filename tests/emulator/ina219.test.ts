import { describe, expect, it } from "vitest";
import {
  adcConversionUs,
  INA219_CONFIG_POR,
  Ina219Register as R,
  toSigned16 as signed,
} from "../../src/chips/ina219.js";
import { calibrationRegister as calFor } from "../../src/chips/ina219-calibration.js";
import { Ina219 } from "../../src/emulator/ina219.js";
import { mulberry32 } from "../../src/emulator/prng.js";

/** A chip on a bench whose current, shunt and bus voltage the test sets, at a time the test sets. */
function chip(opts: { shuntOhms?: number; noiseLsb?: number; seed?: number } = {}) {
  const bench = { currentA: 0, busV: 0, nowS: 0 };
  const shunt = opts.shuntOhms ?? 0.1;
  const ina = new Ina219({
    address: 0x40,
    nowS: () => bench.nowS,
    prng: mulberry32(opts.seed ?? 1),
    noiseLsb: opts.noiseLsb ?? 0,
    inputs: () => ({ shuntV: bench.currentA * shunt, busV: bench.busV }),
  });
  return { ina, bench };
}

/** The I2C transactions a driver makes: pointer write, then a 2-byte read (SBOS448 figs 15-16). */
function readReg(ina: Ina219, reg: number): number {
  ina.start(false);
  ina.write(reg);
  ina.stop();
  ina.start(true);
  const msb = ina.read();
  const lsb = ina.read();
  ina.stop();
  return (msb << 8) | lsb;
}
function writeReg(ina: Ina219, reg: number, value: number): void {
  ina.start(false);
  ina.write(reg);
  ina.write(value >> 8);
  ina.write(value & 0xff);
  ina.stop();
}

describe("INA219 register model (TI SBOS448)", () => {
  it("powers on with config 0x399F and current/power reading 0 until calibrated", () => {
    const { ina, bench } = chip();
    bench.currentA = 0.1;
    bench.busV = 5;
    bench.nowS = 0.01;
    expect(readReg(ina, R.config)).toBe(INA219_CONFIG_POR);
    expect(signed(readReg(ina, R.shuntVoltage))).toBe(1000); // 10 mV in 10 uV LSBs
    expect(readReg(ina, R.busVoltage) >> 3).toBe(1250); // 5 V in 4 mV LSBs
    expect(readReg(ina, R.current)).toBe(0);
    expect(readReg(ina, R.power)).toBe(0);
    expect(readReg(ina, R.calibration)).toBe(0);
  });

  const examples: Array<[string, number, number, number, number, number, number]> = [
    // name, shunt ohms, current LSB A, documented Cal, config, current A, bus V
    ["TI example: 2 mOhm, 10 A max, 1 mA LSB", 0.002, 0.001, 20480, 0x399f, 10, 12],
    ["Adafruit 32V_2A", 0.1, 100e-6, 4096, 0x399f, 0.1, 5],
    ["Adafruit 32V_1A", 0.1, 40e-6, 10240, 0x399f, 0.1, 5],
    ["Adafruit 16V_400mA", 0.1, 50e-6, 8192, 0x019f, 0.1, 5],
  ];
  it.each(examples)(
    "%s: Cal from eq. 1 and current/power as the chip computes them",
    (_n, shunt, lsb, documentedCal, config, currentA, busV) => {
      const cal = calFor(lsb, shunt);
      expect(cal).toBe(documentedCal);
      const { ina, bench } = chip({ shuntOhms: shunt });
      writeReg(ina, R.config, config);
      writeReg(ina, R.calibration, cal);
      bench.currentA = currentA;
      bench.busV = busV;
      bench.nowS = 0.01;
      const shuntReg = signed(readReg(ina, R.shuntVoltage));
      const busReg = readReg(ina, R.busVoltage) >> 3;
      const currentReg = signed(readReg(ina, R.current));
      const powerReg = readReg(ina, R.power);
      expect(currentReg).toBe(Math.trunc((shuntReg * cal) / 4096));
      expect(powerReg).toBe(Math.trunc((currentReg * busReg) / 5000));
      expect(currentReg * lsb).toBeCloseTo(currentA, 3);
      // Power LSB = 20 x Current LSB.
      expect(Math.abs(powerReg * 20 * lsb - currentA * busV)).toBeLessThanOrEqual(20 * lsb * 2);
    },
  );

  it("clips the shunt register to the PGA range (+-40 mV at /1, +-320 mV at /8)", () => {
    const { ina, bench } = chip();
    bench.currentA = 0.6; // 60 mV across 0.1 ohm
    bench.nowS = 0.01;
    expect(signed(readReg(ina, R.shuntVoltage))).toBe(6000);
    writeReg(ina, R.config, 0x019f); // PG = /1
    bench.nowS = 0.02;
    expect(signed(readReg(ina, R.shuntVoltage))).toBe(4000);
    bench.currentA = -0.6;
    bench.nowS = 0.03;
    expect(signed(readReg(ina, R.shuntVoltage))).toBe(-4000);
  });

  it("sets CNVR after a conversion time, clears it on a power read and on a config write", () => {
    const { ina, bench } = chip();
    writeReg(ina, R.config, 0x399f); // 12-bit shunt and bus: 532 us each
    const cycleS = (adcConversionUs({ bits: 12 }) / 1e6) * 2;
    bench.nowS = cycleS * 0.5;
    expect(readReg(ina, R.busVoltage) & 2).toBe(0);
    bench.nowS = cycleS * 2.01;
    expect(readReg(ina, R.busVoltage) & 2).toBe(2);
    readReg(ina, R.power);
    expect(readReg(ina, R.busVoltage) & 2).toBe(0);
    bench.nowS += cycleS * 1.01;
    expect(readReg(ina, R.busVoltage) & 2).toBe(2);
    writeReg(ina, R.config, 0x399f);
    expect(readReg(ina, R.busVoltage) & 2).toBe(0);
  });

  it.each([
    // config, what converts, cycle in us (SBOS448 8.6.2.1 table "ADC Settings")
    ["0x399F, 12-bit shunt and bus", 532 + 532, 0x399f],
    ["0x3807, 9-bit shunt and bus", 84 + 84, 0x3807],
    ["0x3FFD, 128-sample shunt only", 68100, 0x3ffd],
    ["0x3C8E, 2-sample bus only", 1060, 0x3c8e],
  ] as const)("config %s converts every %s us", (_note, cycleUs, config) => {
    const { ina, bench } = chip();
    writeReg(ina, R.config, config);
    bench.nowS = (cycleUs / 1e6) * 1.99;
    readReg(ina, R.power); // clears CNVR
    expect(readReg(ina, R.busVoltage) & 2).toBe(0);
    bench.nowS = (cycleUs / 1e6) * 2.01;
    expect(readReg(ina, R.busVoltage) & 2).toBe(2);
  });

  it("returns both bytes of a register from one value when a conversion ends between them", () => {
    // A shunt that reads -8 LSB (0xFFF8) until the next conversion, then +8 (0x0008):
    // reading the register again for the second byte would give 0xFF08.
    const { ina, bench } = chip();
    bench.currentA = -80e-6 / 0.1; // -80 uV
    bench.nowS = 0.01;
    expect(readReg(ina, R.shuntVoltage)).toBe(0xfff8);
    bench.currentA = 80e-6 / 0.1;
    ina.start(true);
    const msb = ina.read();
    bench.nowS = 0.02; // conversions complete between the bytes
    const lsb = ina.read();
    ina.stop();
    expect(((msb << 8) | lsb).toString(16)).toBe("fff8");
    // The next read presents the new conversion whole.
    expect(readReg(ina, R.shuntVoltage)).toBe(0x0008);
  });

  it("clears CNVR once per power read, not once per byte", () => {
    const { ina, bench } = chip();
    bench.nowS = 0.01;
    expect(readReg(ina, R.busVoltage) & 2).toBe(2);
    // Reading the power register's first byte clears CNVR; a conversion finishing
    // before the second byte sets it again, and the second byte must not clear it.
    ina.start(false);
    ina.write(R.power);
    ina.stop();
    ina.start(true);
    ina.read();
    bench.nowS = 0.02;
    ina.read();
    ina.stop();
    expect(readReg(ina, R.busVoltage) & 2).toBe(2);
  });

  it("flags OVF when the current calculation overflows", () => {
    const { ina, bench } = chip();
    writeReg(ina, R.calibration, 0xfffe);
    bench.currentA = 3; // 300 mV: 30000 x 65534 / 4096 > 32767
    bench.busV = 5;
    bench.nowS = 0.01;
    expect(readReg(ina, R.busVoltage) & 1).toBe(1);
    bench.currentA = 0.001;
    bench.nowS = 0.02;
    expect(readReg(ina, R.busVoltage) & 1).toBe(0);
  });

  it("clips the bus voltage at the 16 V range and reads bit 0 of Cal as 0", () => {
    const { ina, bench } = chip();
    writeReg(ina, R.config, 0x199f); // BRNG = 16 V
    writeReg(ina, R.calibration, 0x1001);
    bench.busV = 20;
    bench.nowS = 0.01;
    expect((readReg(ina, R.busVoltage) >> 3) * 4e-3).toBeCloseTo(16, 6);
    expect(readReg(ina, R.calibration)).toBe(0x1000);
  });

  it("restores every register on a reset (config bit 15)", () => {
    const { ina } = chip();
    writeReg(ina, R.config, 0x019f);
    writeReg(ina, R.calibration, 4096);
    writeReg(ina, R.config, 0x8000);
    expect(readReg(ina, R.config)).toBe(INA219_CONFIG_POR);
    expect(readReg(ina, R.calibration)).toBe(0);
  });

  it("keeps its last results while stuck and does not acknowledge while absent", () => {
    const { ina, bench } = chip();
    bench.currentA = 0.1;
    bench.nowS = 0.01;
    const before = readReg(ina, R.shuntVoltage);
    ina.stuck = true;
    bench.currentA = 0.2;
    bench.nowS = 0.02;
    expect(readReg(ina, R.shuntVoltage)).toBe(before);
    ina.present = false;
    expect(ina.ack()).toBe(false);
  });

  it("adds noise of about half an LSB, the same for the same seed", () => {
    const run = (seed: number) => {
      const { ina, bench } = chip({ noiseLsb: 0.5, seed });
      bench.currentA = 0.05;
      const out: number[] = [];
      for (let i = 1; i <= 50; i++) {
        bench.nowS = i * 0.002;
        out.push(signed(readReg(ina, R.shuntVoltage)));
      }
      return out;
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
    for (const v of a) expect(Math.abs(v - 500)).toBeLessThanOrEqual(3);
  });
});

/**
 * Third-party firmware in the same emulator with the same virtual bench, driven by
 * johnny-five: StandardFirmata 2.4 as its firmware profile ships it (for the Uno), and
 * StandardFirmata 2.3 as avrgirl-arduino shipped it for the Nano (built with the Arduino 1.0 serial code,
 * whose transmit interrupt needs the USART's UDRE flag to stay set until UDR0 is written:
 * docs/emulator.md, "avr8js and the USART's UDRE flag").
 */
import { describe, expect, it } from "vitest";
import { expectIna219ReadsTruth, firmataOnEmulator, runUntil } from "./firmata-harness.js";

const UNO_HEX = "firmware-profiles/standard-firmata/StandardFirmata.cpp.hex";
/** tests/fixtures/firmware/README.md says where it comes from and under which licences. */
const NANO_HEX = "tests/fixtures/firmware/standard-firmata-2.3-nano.hex";

describe("StandardFirmata in the emulator with johnny-five", () => {
  it("2.4 (Uno): reaches ready, drives the lamp by PWM and reads the array INA219 over Firmata I2C", async () => {
    const { emu, io } = await firmataOnEmulator(UNO_HEX);
    expect(io.firmware.name).toMatch(/StandardFirmata/);

    // Lamp on D9 at full PWM through Firmata, as a johnny-five Led would do it.
    io.pinMode(9, io.MODES.PWM);
    io.analogWrite(9, 255);
    await runUntil(emu, () => emu.pinDuty(9) > 0.99, 500);
    emu.runFor(50);
    await expectIna219ReadsTruth(emu, io);
  });

  it("2.3 (Nano, Arduino 1.0 serial code): reaches ready, reads A0 and the INA219 over I2C", {
    timeout: 30_000,
  }, async () => {
    const { emu, io } = await firmataOnEmulator(NANO_HEX);
    expect(io.firmware.name).toMatch(/StandardFirmata/);
    expect(io.firmware.version).toEqual({ major: 2, minor: 3 });

    // The TMP36 on A0, reported by Firmata's analog reporting (10-bit counts of 5 V).
    let a0: number | undefined;
    io.analogRead(0, (v: number) => {
      a0 = v;
    });
    await runUntil(emu, () => a0 !== undefined, 1000);
    const tmp36V = ((a0 ?? 0) * 5) / 1024;
    expect(Math.abs((tmp36V - 0.5) * 100 - emu.bench.truth.panelTempC)).toBeLessThan(1);

    io.pinMode(9, io.MODES.PWM);
    io.analogWrite(9, 255);
    await runUntil(emu, () => emu.pinDuty(9) > 0.99, 500);
    emu.runFor(50);
    await expectIna219ReadsTruth(emu, io);
  });
});

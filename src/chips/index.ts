/**
 * Chips: each part's datasheet written once, as pure data and functions, for the host
 * drivers (board/), the emulated parts (emulator/) and the checks against the firmware's
 * C (tests/firmware/chip-constants.test.ts). Imports only core/.
 * - ina219.ts: TI INA219 register map, configuration fields, conversion times, register <-> SI;
 * - ina219-calibration.ts: the INA219's calibration arithmetic (SBOS448 8.5.1);
 * - tmp36.ts: Analog Devices TMP36 transfer function, volts <-> C, and its valid range;
 * - atmega328p-adc.ts: the Uno's 10-bit ADC transfer, volts <-> counts.
 */

export * from "./atmega328p-adc.js";
export * from "./ina219.js";
export * from "./ina219-calibration.js";
export * from "./tmp36.js";

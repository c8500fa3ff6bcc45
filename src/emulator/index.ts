/**
 * The emulated rig: real firmware (.hex) on an emulated ATmega328P (avr8js) wired to a
 * virtual bench (lamp, single-diode panel, panel temperature sensor, INA219s on I2C),
 * with fault injection. Only this folder imports avr8js.
 *
 *   const emu = new Emulator({ firmware: await loadHexFile(path), bench: rig.bench });
 *   emu.transport  // Transport: the USART, as a board driver sees a serial port
 *   emu.clock      // Clock: emulated time; setTimeout fires in emulated time
 *   emu.runFor(ms) / emu.runUntil(pred, maxMs)   // deterministic, for tests
 *   new Pacer(emu, { speed: 1 | 10 | "max" }).start()  // against the wall clock
 *
 * See docs/emulator.md.
 */
export { Emulator, type BenchWiring, type EmulatorOptions, type EmulatorStats } from "./emulator.js";
export { Pacer, type PacerOptions, type PacerStatus } from "./pacer.js";
export { parseIntelHex, loadHexFile, ATMEGA328P_FLASH_BYTES, type HexImage, type ParseHexOptions } from "./hex.js";
export { fault, parseFault, FAULT_KINDS, type FaultKind, type FaultSpec, type FaultStats } from "./faults.js";
export { VirtualBench, type BenchDrives, type BenchTruth } from "./bench.js";
export { Ina219, INA219_POR_CONFIG, Ina219Register, conversionTimeS } from "./ina219.js";
export { solveOperatingPoint, panelCharacteristics, type PanelParams, type OperatingPoint } from "./solar-cell.js";
export { tmp36V, ntcDividerV } from "./panel-thermal.js";
export type { SteppingMode, StepStats } from "./fast-step.js";
export { CPU_HZ, type ResetCauseName } from "./atmega328p.js";

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

export { CPU_HZ, type ResetCauseName } from "./atmega328p.js";
export { type BenchDrives, type BenchTruth, VirtualBench } from "./bench.js";
export {
  type BenchWiring,
  Emulator,
  type EmulatorOptions,
  type EmulatorStats,
} from "./emulator.js";
export type { SteppingMode, StepStats } from "./fast-step.js";
export {
  FAULT_HELP,
  FAULT_KINDS,
  type FaultKind,
  type FaultSpec,
  type FaultStats,
  fault,
  parseFault,
} from "./faults.js";
export {
  ATMEGA328P_FLASH_BYTES,
  type HexImage,
  loadHexFile,
  type ParseHexOptions,
  parseIntelHex,
} from "./hex.js";
export { Ina219 } from "./ina219.js";
export { Pacer, type PacerOptions, type PacerStatus } from "./pacer.js";
export { ntcDividerV } from "./panel-thermal.js";
export {
  type OperatingPoint,
  type PanelParams,
  panelCharacteristics,
  solveOperatingPoint,
} from "./solar-cell.js";

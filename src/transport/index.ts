/**
 * Transports: byte pipes to a board. The only folder that imports serialport.
 * - SerialportTransport: a serial device (USB cable or pseudo-terminal);
 * - MemoryLink: an in-memory cable for tests and the mock board;
 * - ReconnectingTransport: survives unplug/replug with backoff;
 * - listPorts/chooseAutoPort/resolvePort: discovery with a sysfs fallback;
 * - LineSplitter: bounded line splitting over any Transport's bytes.
 * The pseudo-terminal transport (pty.ts) belongs to the emulator work.
 */

export {
  type AutoPortChoice,
  chooseAutoPort,
  type ListPortsOptions,
  listPorts,
  listPortsFromSysfs,
  type PortCandidate,
  type PortListing,
  resolvePort,
  type SerialportPortInfo,
} from "./discovery.js";
export { LineSplitter, type LineSplitterHandlers } from "./line-splitter.js";
export { MemoryLink, MemoryTransport } from "./memory.js";
export { describeOpenError } from "./open-error.js";
export {
  type BackoffOptions,
  backoffDelayMs,
  type LinkChange,
  ReconnectingTransport,
} from "./reconnecting.js";
export { SerialportTransport, type SerialportTransportOptions } from "./serialport.js";
export { SocatPair } from "./socat-pair.js";
export type { Transport } from "./types.js";
export { ARDUINO_CLASS_USB_IDS, lookupUsbId, type UsbIdEntry } from "./usb-ids.js";

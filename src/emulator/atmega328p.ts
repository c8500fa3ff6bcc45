/**
 * An emulated ATmega328P at 16 MHz (an Arduino Uno without its USB bridge), built on
 * avr8js 0.21.1: CPU, timers 0/1/2, USART0, ADC, TWI, ports B/C/D, watchdog, EEPROM,
 * clock prescaler. Datasheet: Microchip DS40002061A "ATmega48A/PA/88A/PA/168A/PA/328/P".
 *
 * What this class adds to avr8js:
 * - A real reset. avr8js's `cpu.reset()` (called by its watchdog) rewinds PC and SP but
 *   leaves peripheral state and drops every pending clock event, which can leave the TWI
 *   "busy" forever. A reset here rebuilds the CPU and every peripheral from the flash,
 *   as the chip's reset does (section 11), and sets MCUSR to the cause (PORF, EXTRF, WDRF).
 * - The internal temperature sensor (ADC channel 8, section 24.8) and the analog pins read
 *   injected functions rather than fixed numbers.
 * - The USART receive side is fed from a queue at the configured baud rate (avr8js refuses
 *   a byte while the previous one is still arriving).
 * - The USART's UDRE flag stays set until UDR0 is written, as on the chip (avr8js 0.21
 *   clears it whenever its interrupt is served: keepUdreUntilWrite).
 * Stepping (with idle-sleep and idle-loop skipping) lives in ./fast-step.ts.
 */
import {
  type ADCMuxInput,
  ADCMuxInputType,
  AVRADC,
  AVRClock,
  AVREEPROM,
  AVRIOPort,
  AVRTimer,
  AVRTWI,
  AVRUSART,
  AVRWatchdog,
  adcConfig,
  CPU,
  clockConfig,
  EEPROMMemoryBackend,
  eepromConfig,
  portBConfig,
  portCConfig,
  portDConfig,
  type TWIEventHandler,
  timer0Config,
  timer1Config,
  timer2Config,
  twiConfig,
  usart0Config,
  watchdogConfig,
} from "avr8js";
import { voltsToAdc } from "../chips/atmega328p-adc.js";

export const CPU_HZ = 16_000_000;
export const SRAM_BYTES = 2048;
/** MCUSR reset-cause bits (datasheet 11.9.1). */
export const ResetCause = {
  powerOn: 0x01,
  external: 0x02,
  brownOut: 0x04,
  watchdog: 0x08,
} as const;
export type ResetCauseName = keyof typeof ResetCause;

/** Typical internal temperature sensor output (datasheet table 24-2), mV at -45/25/85 C. */
const TEMP_SENSOR_POINTS: ReadonlyArray<readonly [number, number]> = [
  [-45, 0.242],
  [25, 0.314],
  [85, 0.38],
];

/** Internal temperature sensor voltage for a die temperature, interpolated from table 24-2. */
export function internalTempSensorV(tempC: number): number {
  const [p0, p1, p2] = TEMP_SENSOR_POINTS as [
    readonly [number, number],
    readonly [number, number],
    readonly [number, number],
  ];
  const [a, b] = tempC <= p1[0] ? [p0, p1] : [p1, p2];
  return a[1] + ((tempC - a[0]) * (b[1] - a[1])) / (b[0] - a[0]);
}

export interface McuHandlers {
  /** Voltage on analog pin A0..A7 (volts), read when a conversion starts. */
  analogV: (channel: number) => number;
  /** Die temperature for the internal sensor (ADC channel 8). */
  dieTempC: () => number;
  /** Each byte the firmware writes to UDR0 (board -> host). */
  onTxByte: (byte: number) => void;
  /** Called after every reset (power-on, external, watchdog) with its cause. */
  onReset: (cause: ResetCauseName) => void;
  /** The firmware changed USART0's configuration: its baud rate now, and whether TX is on. */
  onUsartConfig: (baud: number, txEnabled: boolean) => void;
}

const noopHandlers: McuHandlers = {
  analogV: () => 0,
  dieTempC: () => 25,
  onTxByte: () => {},
  onReset: () => {},
  onUsartConfig: () => {},
};

/** The avr8js peripherals of one power cycle of the chip; rebuilt by every reset. */
export interface McuParts {
  cpu: CPU;
  timers: [AVRTimer, AVRTimer, AVRTimer];
  usart: AVRUSART;
  adc: AVRADC;
  twi: AVRTWI;
  watchdog: AVRWatchdog;
  ports: { B: AVRIOPort; C: AVRIOPort; D: AVRIOPort };
}

/**
 * The chip's rule for the USART Data Register Empty flag (datasheet, USART0 chapter,
 * "Transmitter Flags and Interrupts" and UCSR0A bit 5 UDRE0): it is set while the transmit
 * buffer is empty and cleared only by writing UDR0; its interrupt runs for as long as it
 * is set and UDRIE0 is on, so an interrupt routine must write UDR0 or clear UDRIE0.
 *
 * avr8js 0.21 treats UDRE as an ordinary flag interrupt and clears the flag when it serves
 * the interrupt. An interrupt routine that finds nothing to send and only clears UDRIE0
 * (Arduino 1.0's HardwareSerial, in StandardFirmata 2.3 builds) then leaves UDRE clear with
 * the buffer empty: the next write sets UDRIE0, no interrupt comes, and the firmware never
 * transmits again. Marking the interrupt `constant` (avr8js's own flag for interrupts the
 * hardware does not acknowledge, as RXC) keeps the flag as the chip does: avr8js's UDR0
 * write hook still clears it. An upstream defect: docs/emulator.md.
 */
export function keepUdreUntilWrite(usart: AVRUSART): void {
  // UDRE is private in avr8js's typings; the object is its interrupt config (AVRInterruptConfig).
  (usart as unknown as { UDRE: { constant?: boolean } }).UDRE.constant = true;
}

export class Atmega328P {
  parts!: McuParts;
  private readonly handlers: McuHandlers;
  private readonly program: Uint16Array;
  private twiFactory: (twi: AVRTWI, cpu: CPU) => TWIEventHandler = (twi) => ({
    start: () => twi.completeStart(),
    stop: () => twi.completeStop(),
    connectToSlave: () => twi.completeConnect(false),
    writeByte: () => twi.completeWrite(false),
    readByte: () => twi.completeRead(0xff),
  });
  private readonly rxQueue: number[] = [];
  /** 1 KB EEPROM, erased (0xFF) at first power-on; it survives resets as on the chip. */
  readonly eeprom = new EEPROMMemoryBackend(1024);
  /** Cycles elapsed before the current CPU instance was built (the CPU restarts at 0). */
  private cycleBase = 0;
  /** Set by a reset requested from inside avr8js (its watchdog); served by the stepper. */
  pendingReset: ResetCauseName | null = null;
  /** Resets since power-on, by cause. */
  readonly resets: Record<ResetCauseName, number> = {
    powerOn: 0,
    external: 0,
    brownOut: 0,
    watchdog: 0,
  };
  /** Host bytes the USART refused because the receiver was disabled (RXEN = 0). */
  rxDropped = 0;

  constructor(flash: Uint8Array, handlers: Partial<McuHandlers> = {}) {
    this.handlers = { ...noopHandlers, ...handlers };
    this.program = new Uint16Array(16 * 1024);
    new Uint8Array(this.program.buffer).set(flash.subarray(0, this.program.byteLength));
    this.build("powerOn");
  }

  /** Emulated time since power-on, in CPU cycles (survives resets). */
  get cycles(): number {
    return this.cycleBase + this.parts.cpu.cycles;
  }

  /** Plugs an I2C bus in: the factory is called for each (re)built TWI. */
  attachTwi(factory: (twi: AVRTWI, cpu: CPU) => TWIEventHandler): void {
    this.twiFactory = factory;
    this.parts.twi.eventHandler = factory(this.parts.twi, this.parts.cpu);
  }

  /** Resets the chip now (external reset pin, or a simulated brown-out). */
  reset(cause: ResetCauseName): void {
    this.cycleBase += this.parts.cpu.cycles;
    this.build(cause);
  }

  /** Queues host -> board bytes; they arrive one frame time apart at the USART's baud rate. */
  feedRx(bytes: Uint8Array): void {
    for (const b of bytes) this.rxQueue.push(b);
    this.pumpRx();
  }

  /** Bytes queued for the board and not yet started on the wire. */
  get rxPending(): number {
    return this.rxQueue.length;
  }

  private pumpRx(): void {
    const { usart } = this.parts;
    while (this.rxQueue.length > 0 && !usart.rxBusy) {
      const b = this.rxQueue[0] ?? 0;
      if (usart.writeByte(b)) {
        this.rxQueue.shift();
        return;
      }
      // Receiver disabled: a real UART loses the byte.
      this.rxQueue.shift();
      this.rxDropped++;
    }
  }

  private build(cause: ResetCauseName): void {
    const cpu = new CPU(this.program, SRAM_BYTES);
    const clock = new AVRClock(cpu, CPU_HZ, clockConfig);
    const timers: [AVRTimer, AVRTimer, AVRTimer] = [
      new AVRTimer(cpu, timer0Config),
      new AVRTimer(cpu, timer1Config),
      new AVRTimer(cpu, timer2Config),
    ];
    const usart = new AVRUSART(cpu, usart0Config, CPU_HZ);
    keepUdreUntilWrite(usart);
    const adc = new AVRADC(cpu, adcConfig);
    const twi = new AVRTWI(cpu, twiConfig, CPU_HZ);
    const watchdog = new AVRWatchdog(cpu, watchdogConfig, clock);
    new AVREEPROM(cpu, this.eeprom, eepromConfig);
    const ports = {
      B: new AVRIOPort(cpu, portBConfig),
      C: new AVRIOPort(cpu, portCConfig),
      D: new AVRIOPort(cpu, portDConfig),
    };
    usart.onByteTransmit = (b) => this.handlers.onTxByte(b);
    usart.onRxComplete = () => this.pumpRx();
    usart.onConfigurationChange = () => this.handlers.onUsartConfig(usart.baudRate, usart.txEnable);
    adc.onADCRead = (input: ADCMuxInput) => {
      let volts = 0;
      if (input.type === ADCMuxInputType.SingleEnded) volts = this.handlers.analogV(input.channel);
      else if (input.type === ADCMuxInputType.Temperature)
        volts = internalTempSensorV(this.handlers.dieTempC());
      else if (input.type === ADCMuxInputType.Constant) volts = input.voltage;
      const raw = voltsToAdc(volts, adc.referenceVoltage);
      cpu.addClockEvent(() => adc.completeADCRead(raw), adc.sampleCycles);
    };
    // avr8js's watchdog calls cpu.reset() on timeout; turn that into a full chip reset,
    // served by the stepper between instructions.
    cpu.reset = () => {
      this.pendingReset = "watchdog";
    };
    cpu.data[watchdogConfig.MCUSR] = ResetCause[cause];
    this.parts = { cpu, timers, usart, adc, twi, watchdog, ports };
    twi.eventHandler = this.twiFactory(twi, cpu);
    this.resets[cause]++;
    // Host bytes in flight are lost with the old USART; the queue resumes once RXEN is set.
    this.handlers.onReset(cause);
  }

  /** Serves a reset requested from inside avr8js; returns true when one happened. */
  servePendingReset(): boolean {
    const cause = this.pendingReset;
    if (!cause) return false;
    this.pendingReset = null;
    this.reset(cause);
    return true;
  }

  /** Retries feeding queued host bytes (after the firmware enables its receiver). */
  pollRx(): void {
    if (this.rxQueue.length > 0) this.pumpRx();
  }
}

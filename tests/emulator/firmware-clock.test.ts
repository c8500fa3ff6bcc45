/**
 * A firmware built for another clock than the emulated chip's: on a desk its serial port
 * would talk at the wrong baud rate and the host would read garbage, so the emulator must
 * not run it cleanly. A profile whose fCpuHz is not the emulated ATmega328P's is refused
 * before anything runs; a firmware that sets its USART to another baud rate than its
 * profile declares (an 8 MHz build on the 16 MHz chip) is reported as soon as it does.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRig } from "../../src/config/index.js";
import { isOrbitrigError } from "../../src/core/errors.js";
import { CPU_HZ } from "../../src/emulator/atmega328p.js";
import { Emulator } from "../../src/emulator/emulator.js";
import { loadHexFile } from "../../src/emulator/hex.js";
import { buildBoard } from "../../src/rig/board.js";

const UNO_HEX = "firmware-profiles/uno-ina219/uno-ina219.hex";

/** LDI r16,K; STS addr,r16 (AVR instruction set manual: LDI 1110 KKKK dddd KKKK, STS 1001 001d dddd 0000 k). */
function store(addr: number, value: number): number[] {
  const ldi = 0xe000 | ((value & 0xf0) << 4) | (value & 0x0f); // d = 16
  const sts = 0x9200 | (16 << 4);
  return [ldi, sts, addr];
}

/**
 * What Arduino's Serial.begin(115200) leaves in USART0 when built for 8 MHz: U2X0 on,
 * UBRR0 = 8 (8 MHz / (8 × 9) = 111111 baud), receiver and transmitter on; then one byte
 * sent and a loop.
 */
function usartSetupFor8MHz(): Uint8Array {
  const words = [
    ...store(0xc5, 0), // UBRR0H
    ...store(0xc4, 8), // UBRR0L
    ...store(0xc0, 0x02), // UCSR0A: U2X0
    ...store(0xc1, 0x18), // UCSR0B: RXEN0 | TXEN0
    ...store(0xc6, 0x55), // UDR0: send a byte
    0xcfff, // RJMP .-2: stay here
  ];
  return new Uint8Array(Uint16Array.from(words).buffer);
}

describe("the firmware's clock against the emulated chip's", () => {
  it("a profile built for another F_CPU is refused with one line before anything runs", async () => {
    let err: unknown;
    try {
      new Emulator({
        firmware: await loadHexFile(UNO_HEX),
        firmwareClock: { fCpuHz: 8_000_000, baud: 115_200, source: "x/profile.json" },
      });
    } catch (e) {
      err = e;
    }
    expect(isOrbitrigError(err) && err.code).toBe("FIRMWARE_PROFILE");
    expect(isOrbitrigError(err) && err.exitCode).toBe(69);
    expect((err as Error).message).toBe(
      `x/profile.json: fCpuHz is 8000000 but the emulated ATmega328P runs at ${CPU_HZ} Hz (an Uno's crystal): on a real Uno this firmware's serial port and timers would run at twice the speed it expects; build it for 16 MHz`,
    );
  });

  it("a firmware that sets its serial port for another clock is reported as soon as it does", () => {
    const warnings: string[] = [];
    const emu = new Emulator({
      firmware: usartSetupFor8MHz(),
      firmwareClock: { fCpuHz: CPU_HZ, baud: 115_200, source: "x/profile.json" },
      onWarning: (w) => warnings.push(w),
    });
    emu.runFor(5);
    expect(warnings).toEqual([
      "the firmware set its serial port to 222222 baud, but x/profile.json says 115200: it was built for another clock (F_CPU); on a real Uno the host would read garbage",
    ]);
    expect(emu.stats.usartBaud).toBe(222_222);
  });

  it("the shipped firmware at its declared baud raises nothing", async () => {
    const warnings: string[] = [];
    const emu = new Emulator({
      firmware: await loadHexFile(UNO_HEX),
      firmwareClock: { fCpuHz: CPU_HZ, baud: 115_200, source: "uno-ina219/profile.json" },
      onWarning: (w) => warnings.push(w),
    });
    emu.runFor(200);
    expect(emu.stats.usartBaud).toBe(117_647); // U2X0, UBRR0 16: +2.1 %, as on every Uno
    expect(warnings).toEqual([]);
  });

  it("the emulated rig is built from its profile's clock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-profiles-"));
    mkdirSync(join(dir, "uno-ina219"));
    const profile = JSON.parse(readFileSync("firmware-profiles/uno-ina219/profile.json", "utf8"));
    writeFileSync(
      join(dir, "uno-ina219", "profile.json"),
      JSON.stringify({ ...profile, fCpuHz: 8_000_000 }),
    );
    copyFileSync(UNO_HEX, join(dir, "uno-ina219", "uno-ina219.hex"));
    await expect(buildBoard(loadRig("emulated"), { profilesDir: dir })).rejects.toThrow(
      /uno-ina219\/profile\.json: fCpuHz is 8000000 but the emulated ATmega328P runs at 16000000 Hz/,
    );
  });
});

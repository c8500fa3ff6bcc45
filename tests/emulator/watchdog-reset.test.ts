/**
 * The AVR hardware watchdog resetting a hung program, with a tiny C program built by
 * avr-gcc in a temporary directory: it prints its reset flags (MCUSR) at boot, enables
 * the watchdog at 15 ms and hangs. The emulator must rebuild the chip on the timeout
 * (avr8js alone only rewinds the PC) and report WDRF.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { Emulator } from "../../src/emulator/emulator.js";
import { parseIntelHex } from "../../src/emulator/hex.js";
import { needs } from "../support/requires.js";

// Every group in this file needs avr-gcc: skipped (and named at the end of the run) without it.
const { describe } = needs("avr-gcc");

const SOURCE = `
#include <avr/io.h>
#include <avr/wdt.h>
static void put(uint8_t c) { while (!(UCSR0A & _BV(UDRE0))) {} UDR0 = c; }
int main(void) {
  uint8_t flags = MCUSR;
  MCUSR = 0;
  wdt_disable();
  UBRR0 = 0; /* 1 Mbaud */
  UCSR0B = _BV(TXEN0);
  put('B');
  put('0' + (flags & 0x0f));
  wdt_enable(WDTO_15MS);
  for (;;) {}
}
`;

const dir = mkdtempSync(join(tmpdir(), "orbitrig-wdt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(): string {
  writeFileSync(join(dir, "wdt.c"), SOURCE);
  execFileSync("avr-gcc", [
    "-mmcu=atmega328p",
    "-DF_CPU=16000000UL",
    "-Os",
    "-o",
    join(dir, "wdt.elf"),
    join(dir, "wdt.c"),
  ]);
  execFileSync("avr-objcopy", [
    "-O",
    "ihex",
    "-R",
    ".eeprom",
    join(dir, "wdt.elf"),
    join(dir, "wdt.hex"),
  ]);
  return readFileSync(join(dir, "wdt.hex"), "utf8");
}

describe("AVR watchdog reset", () => {
  it("rebuilds the chip on timeout and the program sees WDRF, every ~16 ms", async () => {
    const emu = new Emulator({ firmware: parseIntelHex(build()) });
    const seen: Array<[string, number]> = [];
    emu.transport.onData((chunk) => {
      for (const b of chunk) seen.push([String.fromCharCode(b), emu.nowMs()]);
    });
    await emu.transport.open();
    emu.runFor(60);
    const text = seen.map(([c]) => c).join("");
    // Opening the port pulsed reset (EXTRF = 2); then the watchdog (WDRF = 8), again and again.
    expect(text.startsWith("B2B8B8")).toBe(true);
    expect(emu.stats.resets.watchdog).toBeGreaterThanOrEqual(3);
    const boots = seen.filter(([c]) => c === "B").map(([, t]) => t);
    // WDTO_15MS: 2048 cycles of the 128 kHz watchdog oscillator = 16 ms.
    const period = (boots[2] ?? 0) - (boots[1] ?? 0);
    expect(period).toBeGreaterThan(15.5);
    expect(period).toBeLessThan(17);
  });
});

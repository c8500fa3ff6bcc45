/**
 * The USART's Data Register Empty flag as the ATmega328P keeps it (datasheet, USART0,
 * "Transmitter Flags and Interrupts"): set while the transmit buffer is empty, cleared only
 * by a write to UDR0, and its interrupt keeps coming while it is set and UDRIE0 is on.
 * avr8js 0.21 clears it when its interrupt is served (its own usart.spec.ts asserts so);
 * the emulator's chip corrects that (keepUdreUntilWrite, docs/emulator.md).
 */
import { AVRUSART, CPU, usart0Config } from "avr8js";
import { describe, expect, it } from "vitest";
import { CPU_HZ, keepUdreUntilWrite } from "../../src/emulator/atmega328p.js";

const UCSR0A = 0xc0;
const UCSR0B = 0xc1;
const UDR0 = 0xc6;
const SREG = 0x5f;
const UDRE = 0x20;
const UDRIE = 0x20;
const TXEN = 0x08;
/** USART0 Data Register Empty vector (datasheet table 12-6: vector 20, word address 0x26). */
const UDRE_VECTOR = 0x26;

function usartWithUdreInterrupt() {
  const cpu = new CPU(new Uint16Array(1024));
  const usart = new AVRUSART(cpu, usart0Config, CPU_HZ);
  keepUdreUntilWrite(usart);
  cpu.writeData(UCSR0B, UDRIE | TXEN);
  cpu.data[SREG] = 0x80; // I: interrupts on
  return cpu;
}

describe("USART0 UDRE", () => {
  it("stays set after its interrupt is served when the routine wrote nothing", () => {
    const cpu = usartWithUdreInterrupt();
    cpu.tick();
    expect(cpu.pc).toBe(UDRE_VECTOR);
    expect(cpu.data[UCSR0A]! & UDRE).toBe(UDRE);
  });

  it("is cleared by a write to UDR0, and set again when the byte moves on", () => {
    const cpu = usartWithUdreInterrupt();
    cpu.data[SREG] = 0; // no interrupt: look at the flag alone
    cpu.writeData(UDR0, 0x61);
    expect(cpu.data[UCSR0A]! & UDRE).toBe(0);
    for (let i = 0; i < 2000; i++) {
      cpu.cycles++;
      cpu.tick();
    }
    expect(cpu.data[UCSR0A]! & UDRE).toBe(UDRE);
  });
});

import { readFileSync } from "node:fs";
import { avrInstruction, CPU } from "avr8js";
import { describe, expect, it } from "vitest";
import { parseIntelHex } from "../../src/emulator/hex.js";
import {
  applyUdivmodsi4,
  findRoutine,
  UDIVMODSI4_WORDS,
  udivmodsi4Outcome,
} from "../../src/emulator/libgcc.js";
import { mulberry32 } from "../../src/emulator/prng.js";
import { UNO_HEX } from "./uno-rig.js";

const ENTRY = 0x100;
const RETURN_TO = 0x50;

/** A CPU with the routine at ENTRY, called from RETURN_TO, with the given registers and SREG. */
function cpuAt(dividend: number, divisor: number, sreg: number, junk: number[]): CPU {
  const prog = new Uint16Array(0x4000);
  prog.set(UDIVMODSI4_WORDS, ENTRY);
  prog[RETURN_TO] = 0xcfff; // rjmp .
  const cpu = new CPU(prog, 2048);
  junk.forEach((v, r) => {
    cpu.data[r] = v;
  });
  const put = (r: number, v: number) => {
    for (let i = 0; i < 4; i++) cpu.data[r + i] = (v >>> (8 * i)) & 0xff;
  };
  put(18, divisor);
  put(22, dividend);
  cpu.data[95] = sreg;
  const sp = 0x8ff;
  cpu.data[sp] = RETURN_TO & 0xff;
  cpu.data[sp - 1] = RETURN_TO >> 8;
  cpu.dataView.setUint16(93, sp - 2, true);
  cpu.pc = ENTRY;
  return cpu;
}

describe("__udivmodsi4 run natively", () => {
  it("finds the routine in the uno-ina219 build", () => {
    const img = parseIntelHex(readFileSync(UNO_HEX, "utf8"));
    expect(findRoutine(new Uint16Array(img.flash.buffer))).toHaveLength(1);
  });

  it("leaves registers, SREG, SP, PC and cycles exactly as avr8js stepping the routine does", () => {
    const prng = mulberry32(42);
    const u32 = () => Math.floor(prng() * 2 ** 32) >>> 0;
    const cases: Array<[number, number]> = [
      [0, 1],
      [1, 1],
      [123456789, 10],
      [0xffffffff, 1],
      [0xffffffff, 0xffffffff],
      [0x80000000, 0x80000001],
      [5, 0],
      [1000, 3],
    ];
    for (let i = 0; i < 300; i++)
      cases.push([u32(), i % 3 === 0 ? u32() >>> (i % 31) : (u32() % 1000) + 1]);
    for (const [dividend, divisor] of cases) {
      const junk = Array.from({ length: 32 }, () => Math.floor(prng() * 256));
      const sreg = Math.floor(prng() * 256);
      const stepped = cpuAt(dividend, divisor, sreg, junk);
      while (stepped.pc !== RETURN_TO) avrInstruction(stepped);
      const native = cpuAt(dividend, divisor, sreg, junk);
      applyUdivmodsi4(native, udivmodsi4Outcome(native.data));
      const where = `${dividend} / ${divisor}`;
      expect([...native.data.subarray(0, 96)], where).toEqual([...stepped.data.subarray(0, 96)]);
      expect(native.pc, where).toBe(stepped.pc);
      expect(native.cycles, where).toBe(stepped.cycles);
      if (divisor !== 0) {
        const q =
          (native.data[18]! |
            (native.data[19]! << 8) |
            (native.data[20]! << 16) |
            (native.data[21]! << 24)) >>>
          0;
        expect(q, where).toBe(Math.floor(dividend / divisor));
      }
    }
  });
});

/**
 * Native execution of libgcc's `__udivmodsi4` (32-bit unsigned divide with remainder,
 * libgcc/config/avr/lib1funcs.S), the routine behind every `unsigned long` division and
 * `print(number)`. It is recognised by its exact instruction words, not by a symbol, and
 * replaced by a JavaScript model of those same instructions: the same registers (r18..r27,
 * r30, r31, r1), SREG bits and cycle count (with avr8js's per-instruction costs) and the
 * same return through RET. tests/emulator/libgcc.test.ts checks it against avr8js
 * stepping the real routine.
 *
 * The stepper only uses it when no interrupt is pending and no clock event can change
 * anything during the routine's cycles, so the firmware cannot tell the difference.
 */
import type { CPU } from "avr8js";

/** The routine, as avr-gcc 5.4 / libgcc links it (33-step restoring division). */
export const UDIVMODSI4_WORDS: readonly number[] = [
  0xe2a1, // ldi r26, 0x21
  0x2e1a, // mov r1, r26
  0x1baa, // sub r26, r26
  0x1bbb, // sub r27, r27
  0x01fd, // movw r30, r26
  0xc00d, // rjmp ep
  0x1faa, // loop: adc r26, r26
  0x1fbb, // adc r27, r27
  0x1fee, // adc r30, r30
  0x1fff, // adc r31, r31
  0x17a2, // cp r26, r18
  0x07b3, // cpc r27, r19
  0x07e4, // cpc r30, r20
  0x07f5, // cpc r31, r21
  0xf020, // brcs ep
  0x1ba2, // sub r26, r18
  0x0bb3, // sbc r27, r19
  0x0be4, // sbc r30, r20
  0x0bf5, // sbc r31, r21
  0x1f66, // ep: adc r22, r22
  0x1f77, // adc r23, r23
  0x1f88, // adc r24, r24
  0x1f99, // adc r25, r25
  0x941a, // dec r1
  0xf769, // brne loop
  0x9560, // com r22
  0x9570, // com r23
  0x9580, // com r24
  0x9590, // com r25
  0x019b, // movw r18, r22
  0x01ac, // movw r20, r24
  0x01bd, // movw r22, r26
  0x01cf, // movw r24, r30
  0x9508, // ret
];

/** Word addresses where the routine starts in this flash (usually one, or none). */
export function findRoutine(
  prog: Uint16Array,
  words: readonly number[] = UDIVMODSI4_WORDS,
): number[] {
  const found: number[] = [];
  const first = words[0];
  for (let pc = 0; pc + words.length <= prog.length; pc++) {
    if (prog[pc] !== first) continue;
    let k = 1;
    while (k < words.length && prog[pc + k] === words[k]) k++;
    if (k === words.length) found.push(pc);
  }
  return found;
}

const u32 = (d: Uint8Array, r: number) =>
  ((d[r] ?? 0) | ((d[r + 1] ?? 0) << 8) | ((d[r + 2] ?? 0) << 16) | ((d[r + 3] ?? 0) << 24)) >>> 0;

/** Result of the routine for the CPU's current registers, without touching the CPU. */
export function udivmodsi4Outcome(data: Uint8Array): {
  quotientBits: number;
  remainder: number;
  sreg: number;
  cycles: number;
} {
  const b = u32(data, 18);
  let d = u32(data, 22);
  let a = 0;
  let c = 0; // sub r26,r26 clears C
  let cycles = 7; // ldi, mov, sub, sub, movw (1 each), rjmp (2)
  let h = 0;
  for (let step = 33; ; ) {
    // ep: rotate d left through carry. H of the last `adc r25,r25`: avr8js 0.21.1 takes
    // the half-carry from bit 0 (`1 & (...)` in its ADC), so it is bit 0 of r25 before it.
    h = (d >>> 24) & 1;
    const out = d >>> 31;
    d = ((d << 1) | c) >>> 0;
    c = out;
    step--;
    if (step === 0) {
      cycles += 6; // 4 adc, dec, brne not taken
      break;
    }
    cycles += 7; // 4 adc, dec, brne taken
    // loop: rotate a left through carry (bit 32 falls out, replaced by cp's borrow).
    a = ((a << 1) | c) >>> 0;
    if (a < b) {
      c = 1;
      cycles += 10; // 4 adc, cp + 3 cpc, brcs taken
    } else {
      a = (a - b) >>> 0;
      c = 0;
      cycles += 13; // 4 adc, cp + 3 cpc, brcs not taken, sub + 3 sbc
    }
  }
  cycles += 12; // 4 com, 4 movw, ret (1 + 3 in avr8js)
  const q = ~d >>> 0;
  const r25 = q >>> 24;
  const n = r25 & 0x80 ? 1 : 0;
  const z = r25 === 0 ? 1 : 0;
  // com: C = 1, V = 0, N and Z of r25, S = N xor V; H from the last adc; I and T unchanged.
  const sreg = ((data[95] ?? 0) & 0xc0) | (h << 5) | (n << 4) | (n << 2) | (z << 1) | 1;
  return { quotientBits: q, remainder: a, sreg, cycles };
}

/** Applies the routine's effect to the CPU: registers, SREG, cycles and the RET. */
export function applyUdivmodsi4(cpu: CPU, outcome: ReturnType<typeof udivmodsi4Outcome>): void {
  const d = cpu.data;
  const put = (r: number, v: number) => {
    d[r] = v & 0xff;
    d[r + 1] = (v >>> 8) & 0xff;
    d[r + 2] = (v >>> 16) & 0xff;
    d[r + 3] = (v >>> 24) & 0xff;
  };
  put(18, outcome.quotientBits);
  put(22, outcome.remainder);
  d[26] = outcome.remainder & 0xff;
  d[27] = (outcome.remainder >>> 8) & 0xff;
  d[30] = (outcome.remainder >>> 16) & 0xff;
  d[31] = (outcome.remainder >>> 24) & 0xff;
  d[1] = 0;
  d[95] = outcome.sreg;
  // RET with a 16-bit PC, as avr8js does it.
  const sp = cpu.dataView.getUint16(93, true) + 2;
  cpu.dataView.setUint16(93, sp, true);
  cpu.pc = ((d[sp - 1] ?? 0) << 8) + (d[sp] ?? 0);
  cpu.cycles += outcome.cycles;
}

/**
 * The fast stepper must not change what a firmware observes: StandardFirmata (which
 * never sleeps, so this exercises idle-loop skipping and timer coalescing) produces the
 * same bytes, at the same emulated times, in "fast" and in the exact "sleep" reference.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Emulator } from "../../src/emulator/emulator.js";
import { parseIntelHex } from "../../src/emulator/hex.js";

const HEX = "firmware-profiles/standard-firmata/StandardFirmata.cpp.hex";

async function transcript(stepping: "sleep" | "fast") {
  const emu = new Emulator({ firmware: parseIntelHex(readFileSync(HEX, "utf8")), stepping });
  const out: string[] = [];
  emu.transport.onData((chunk) =>
    out.push(`${emu.nowMs().toFixed(3)}:${Buffer.from(chunk).toString("hex")}`),
  );
  await emu.transport.open();
  emu.runFor(2000); // this build greets the host about 1.9 s after reset
  // SAMPLING_INTERVAL 10 ms, report analog A0 (the TMP36), I2C config, PWM on D9, read the INA219 bus register.
  const send = (bytes: number[]) => void emu.transport.write(Uint8Array.from(bytes));
  send([0xf0, 0x7a, 10, 0, 0xf7]);
  send([0xc0, 1]);
  send([0xf4, 9, 3, 0xe9, 0x7f, 0x01]);
  send([0xf0, 0x78, 0, 0, 0xf7]);
  emu.runFor(200);
  send([0xf0, 0x76, 0x40, 0x08, 0x02, 0x00, 0x02, 0x00, 0xf7]);
  emu.runFor(500);
  return { out: out.join("\n"), stats: emu.stats };
}

describe("fast stepping is exact", () => {
  it("StandardFirmata gives the same bytes at the same emulated times in fast and sleep modes", async () => {
    const ref = await transcript("sleep");
    const fast = await transcript("fast");
    expect(fast.out.split("\n").length).toBeGreaterThan(50);
    expect(fast.out).toBe(ref.out);
    expect(fast.stats.loopSkippedCycles).toBeGreaterThan(0);
    expect(fast.stats.i2cTransactions).toBeGreaterThan(0);
  });
});

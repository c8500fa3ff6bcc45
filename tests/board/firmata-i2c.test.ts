import { describe, expect, it } from "vitest";
import type { FirmataIo } from "../../src/board/firmata-libs.js";
import { firmataI2cBus } from "../../src/board/firmata-session.js";

/** A fake firmata-io that records callbacks so the test plays StandardFirmata's replies. */
function fakeIo() {
  const reads: ((bytes: number[]) => void)[] = [];
  const io = {
    i2cReadOnce: (_a: number, _r: number, _n: number, cb: (b: number[]) => void) => reads.push(cb),
    i2cRead: (_a: number, _r: number, _n: number, cb: (b: number[]) => void) => reads.push(cb),
    i2cWrite: () => {},
    i2cStop: () => {},
  } as unknown as FirmataIo; // only the I2C calls are used by firmataI2cBus
  return { io, reads };
}

describe("firmataI2cBus", () => {
  it("treats a reply that follows an 'I2C: Too few bytes received' warning as a failed read, not data", () => {
    const { io, reads } = fakeIo();
    const bus = firmataI2cBus(io);
    const got: (number[] | null)[] = [];
    bus.readOnce(0x40, 0, 2, (b) => got.push(b));
    bus.readOnce(0x41, 0, 2, (b) => got.push(b));
    bus.readOnce(0x40, 1, 2, (b) => got.push(b));
    reads[0]!([0x39, 0x9f]); // the chip at 0x40 answers
    bus.warning(); // 0x41 NACKs: the warning comes first...
    reads[1]!([0x39, 0x9f]); // ...then a reply with the previous read's bytes
    reads[2]!([0x00, 0x10]);
    expect(got).toEqual([[0x39, 0x9f], null, [0x00, 0x10]]);
  });
});

/**
 * The recording's frame line is encoded straight to bytes (src/telemetry/row-line.ts): it
 * must be exactly JSON.stringify of the row the format defines (frameToRow + appendNode)
 * and a newline, whatever the numbers are (NaN, infinities, -0, nulls, tiny and huge
 * values, thousandths and millionths), and say when it does not fit rather than overrun.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Frame, FrameStatus } from "../../src/core/frame.js";
import type { NodeState } from "../../src/node/state.js";
import {
  appendNode,
  frameToRow,
  type NodeColumn,
  nodeColumnsFor,
  STATUS_BITS,
} from "../../src/telemetry/format.js";
import { encodeFrameLine } from "../../src/telemetry/row-line.js";
import { syntheticFrame, syntheticNode } from "./synthetic.js";

const reference = (f: Frame, node: NodeState | null, cols: readonly NodeColumn[]) => {
  const row = frameToRow(f);
  if (node) appendNode(row, node, cols);
  return `${JSON.stringify(row)}\n`;
};

const scratch = Buffer.alloc(64 * 1024);
function frameRowJson(f: Frame, node: NodeState | null, cols: readonly NodeColumn[]): string {
  const at = 17; // not at 0: the writer appends after other lines
  const end = encodeFrameLine(scratch, at, f, node, cols);
  if (end < 0) throw new Error("did not fit");
  return scratch.toString("utf8", at, end);
}

const anyNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.integer({ min: -(2 ** 31) * 1000, max: 2 ** 31 * 1000 }).map((m) => m / 1000),
  fc.integer({ min: -1e9, max: 1e9 }).map((m) => m / 100),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((m) => m / 1e6),
  fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 5e-324, 0.1 + 0.2),
);

describe("frameRowJson", () => {
  it("writes what JSON.stringify writes for synthetic frames with and without node states", () => {
    const cols = nodeColumnsFor(syntheticNode(0, syntheticFrame(0)));
    for (let i = 0; i < 2000; i += 7) {
      const f = syntheticFrame(i);
      const n = syntheticNode(i, f);
      expect(frameRowJson(f, n, cols)).toBe(reference(f, n, cols));
      expect(frameRowJson(f, null, cols)).toBe(reference(f, null, cols));
    }
  });

  it("writes what JSON.stringify writes for any numbers, nulls and extra node columns", () => {
    const base = syntheticFrame(3);
    const node = syntheticNode(3, base);
    fc.assert(
      fc.property(
        fc.array(anyNumber, { minLength: 11, maxLength: 11 }),
        fc.option(anyNumber, { nil: null }),
        fc.array(fc.tuple(anyNumber, anyNumber, fc.boolean(), fc.boolean()), { maxLength: 4 }),
        fc.oneof(anyNumber, fc.boolean(), fc.string(), fc.constant(null)),
        (xs, temp, chs, extra) => {
          const f: Frame = {
            ...base,
            seq: xs[0]!,
            boardMs: xs[1]!,
            hostMs: xs[2]!,
            busV: xs[3]!,
            currentMa: xs[4]!,
            powerMw: xs[5]!,
            panelTempC: temp,
            boardTempC: xs[6]!,
            lamp: xs[7]!,
            load: xs[8]!,
            flags: xs[9]!,
            channels: chs.map(([a, b, present, overflow], k) => ({
              role: k % 2 ? "load" : "array",
              address: 0x40 + k,
              present,
              overflow,
              busV: a,
              shuntMv: b,
              currentMa: xs[10]!,
              powerMw: a * b,
            })),
          };
          const n = { ...node, extraColumn: extra } as NodeState;
          const cols = nodeColumnsFor(n);
          expect(frameRowJson(f, n, cols)).toBe(reference(f, n, cols));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("writes the status bits of every combination of status fields", () => {
    const base = syntheticFrame(4);
    // Every field a status may have, the ones the format records and any others.
    const keys = [
      ...new Set([...STATUS_BITS.map(([k]) => k), ...Object.keys(base.status)]),
    ] as (keyof FrameStatus)[];
    for (let combo = 0; combo < 2 ** keys.length; combo++) {
      const status = Object.fromEntries(
        keys.map((k, i) => [k, (combo & (1 << i)) !== 0]),
      ) as unknown as FrameStatus;
      const f = { ...base, status };
      expect(frameRowJson(f, null, [])).toBe(reference(f, null, []));
    }
  });

  it("writes a number that repeats, or comes back, the same each time", () => {
    // hostMs is the same for every frame of a read: its text is kept between frames.
    const base = syntheticFrame(6);
    for (const hostMs of [1234.5678901, 1234.5678901, 0.1 + 0.2, 1234.5678901, 1e21, -0]) {
      const f = { ...base, hostMs, busV: hostMs / 7 };
      expect(frameRowJson(f, null, [])).toBe(reference(f, null, []));
    }
  });

  it("writes frames of many channels, and roles and values that change between frames", () => {
    // The encoder keeps the text of each channel's last role and values (eight channels;
    // more share the last one's): frames that alternate must still be written exactly.
    const base = syntheticFrame(8);
    const ch = base.channels[0]!;
    const frames = [12, 3, 12, 9].map((count, k) => ({
      ...base,
      channels: Array.from({ length: count }, (_, i) => ({
        ...ch,
        address: 0x40 + i,
        role: (["array", "load", "aux"] as const)[(i + k) % 3]!,
        busV: (5000 + ((i * k) % 4)) / 1000,
        currentMa: i % 2 ? -0 : k / 3,
        powerMw: i === 10 ? Number.NaN : 100.5 + k,
      })),
    }));
    for (const f of [...frames, ...frames])
      expect(frameRowJson(f, null, [])).toBe(reference(f, null, []));
  });

  it("writes a role beyond ASCII (a hand-edited recording) as UTF-8", () => {
    const base = syntheticFrame(9);
    const f = {
      ...base,
      channels: base.channels.map((c) => ({ ...c, role: "bätterie\u2028" as "array" })),
    };
    expect(frameRowJson(f, null, [])).toBe(reference(f, null, []));
  });

  it("says when a line does not fit, without writing past the buffer's end", () => {
    const f = syntheticFrame(5);
    const n = { ...syntheticNode(5, f), note: "é".repeat(300) } as NodeState;
    const cols = nodeColumnsFor(n);
    const whole = Buffer.byteLength(reference(f, n, cols));
    for (const size of [0, 100, whole - 1]) {
      const buf = Buffer.alloc(size + 8, 0xee);
      expect(encodeFrameLine(buf.subarray(0, size), 0, f, n, cols)).toBe(-1);
      expect([...buf.subarray(size)]).toEqual(Array(8).fill(0xee));
    }
    expect(encodeFrameLine(Buffer.alloc(whole + 600), 0, f, n, cols)).toBe(whole);
  });
});

/**
 * The wire fuzz as a byte stream: damaged lines with mixed terminators, cut into reads at
 * arbitrary boundaries, through a LineSplitter (checked against a plain reference split)
 * and through a SerialBoard that is up and talking, whose frames (src/protocol/to-frame.ts)
 * and rejected-line events must be what the codec says of each line. And a line that never
 * ends, which must not grow memory.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { BoardEvent } from "../../src/core/board.js";
import type { Frame } from "../../src/core/frame.js";
import { decodeBoardLine, encodeBoardMessage, telemetryToFrame } from "../../src/protocol/index.js";
import { LineSplitter } from "../../src/transport/line-splitter.js";
import { flush, mockRig } from "../board/harness.js";
import { heldMib } from "./memory.js";
import type { Checks } from "./result.js";
import { chunkSizes, mutate, mutation, streamMessage, terminator } from "./wire-arbitraries.js";

/** Line limit of the SerialBoard's splitter (its default). */
const SPLITTER_MAX_BYTES = 512;

export const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
export const bytesOf = (line: string) => Uint8Array.from(Buffer.from(line, "latin1"));

type Split = { line: string } | { overlong: number };

/**
 * What the splitter must produce for a byte stream, computed the plain way: split at LF,
 * one trailing CR dropped, a line longer than the limit is over-long (with its byte count).
 */
export function referenceSplit(stream: Uint8Array, maxLineBytes: number): Split[] {
  const out: Split[] = [];
  let start = 0;
  for (let lf = stream.indexOf(0x0a); lf >= 0; lf = stream.indexOf(0x0a, start)) {
    const raw = stream.subarray(start, lf);
    const body = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, -1) : raw;
    out.push(body.length > maxLineBytes ? { overlong: raw.length } : { line: latin1(body) });
    start = lf + 1;
  }
  return out;
}

function* reads(stream: Uint8Array, sizes: readonly number[]): Generator<Uint8Array> {
  for (let i = 0, o = 0; o < stream.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield stream.subarray(o, o + n);
    o += n;
  }
}

export interface StreamFigures {
  lines: number;
  bytes: number;
  frames: number;
  rejected: number;
  overlong: number;
  /** Lines that are not a line as sent (damaged, merged, cut). */
  damaged: number;
  /** Lines that arrived whole and were not decoded. */
  intactLost: number;
  /** Lines decoded as a message that no line of the batch carried (passed the CRC). */
  taken: string[];
}

const finite = (f: Frame) =>
  [f.seq, f.boardMs, f.busV, f.currentMa, f.powerMw, f.lamp, f.load, f.flags]
    .concat(f.channels.flatMap((c) => [c.busV, c.shuntMv, c.currentMa, c.powerMw, c.address]))
    .every(Number.isFinite);

/** The property: one batch of damaged lines as one stream, through splitter and SerialBoard. */
export async function streamFuzz(fig: StreamFigures, hugeMaxBytes: number, batch: number) {
  const rig = mockRig({ calibration: [] });
  await rig.open();
  const channels = rig.board.info?.channels ?? [];
  const events: BoardEvent[] = [];
  const frames: Frame[] = [];
  rig.board.onEvent((e) => events.push(e));
  rig.board.onFrame((f) => frames.push(f));
  return fc.asyncProperty(
    fc.array(fc.tuple(streamMessage, mutation(hugeMaxBytes), terminator), {
      minLength: batch,
      maxLength: batch,
    }),
    chunkSizes,
    async (items, sizes) => {
      const sent = new Set<string>();
      const parts: Uint8Array[] = [];
      for (const [m, mut, end] of items) {
        const clean = encodeBoardMessage(m);
        sent.add(clean);
        parts.push(mutate(bytesOf(clean), mut), bytesOf(end));
      }
      // A batch ends with a line end, so nothing runs on into the next one.
      parts.push(bytesOf("\r\n"));
      const stream = Uint8Array.from(Buffer.concat(parts));
      const expected = referenceSplit(stream, SPLITTER_MAX_BYTES);

      const got: Split[] = [];
      const splitter = new LineSplitter(
        { line: (line) => got.push({ line }), overlong: (n) => got.push({ overlong: n }) },
        SPLITTER_MAX_BYTES,
      );
      for (const r of reads(stream, sizes)) splitter.push(r);
      if (!isDeepStrictEqual(got, expected) || splitter.pendingBytes !== 0)
        throw new Error(
          `the splitter's lines differ from the reference split (reads of ${sizes.join(",")} bytes)`,
        );

      frames.length = 0;
      events.length = 0;
      for (const r of reads(stream, sizes)) await rig.link.device.write(r);
      await flush(2);
      const wantFrames: Frame[] = [];
      let wantRejected = 0;
      for (const e of expected) {
        fig.lines++;
        if ("overlong" in e) {
          wantRejected++;
          fig.overlong++;
          fig.damaged++;
          continue;
        }
        const whole = sent.has(e.line.replace(/\r$/, ""));
        if (!whole) fig.damaged++;
        const r = decodeBoardLine(e.line);
        if (!r.ok) {
          wantRejected++;
          if (whole) fig.intactLost++;
          continue;
        }
        if (!sent.has(encodeBoardMessage(r.message))) fig.taken.push(JSON.stringify(e.line));
        if (r.message.type === "T") wantFrames.push(telemetryToFrame(r.message, channels, 0));
      }
      const rejected = events.filter((e) => e.kind === "rejected-line").length;
      const same =
        frames.length === wantFrames.length &&
        frames.every((f, i) => finite(f) && isDeepStrictEqual({ ...f, hostMs: 0 }, wantFrames[i]));
      if (!same || rejected !== wantRejected)
        throw new Error(
          `the SerialBoard gave ${frames.length} frames and ${rejected} rejected lines, the codec says ${wantFrames.length} and ${wantRejected}`,
        );
      fig.frames += frames.length;
      fig.rejected += rejected;
      fig.bytes += stream.length;
    },
  );
}

/** A line that never ends, through a splitter and a SerialBoard: memory stays bounded. */
export async function neverEndingLine(totalBytes: number, c: Checks): Promise<string> {
  const rig = mockRig({ calibration: [] });
  await rig.open();
  const events: BoardEvent[] = [];
  rig.board.onEvent((e) => events.push(e));
  // Digits and no line end: what a board at the wrong baud rate or a stuck sender gives.
  const chunk = new Uint8Array(64 * 1024).fill(0x37);
  const splitter = new LineSplitter({ line: () => undefined }, SPLITTER_MAX_BYTES);
  const beforeMib = await heldMib();
  let maxPending = 0;
  for (let sent = 0; sent < totalBytes; sent += chunk.length) {
    splitter.push(chunk);
    await rig.link.device.write(chunk);
    await flush(1);
    maxPending = Math.max(maxPending, splitter.pendingBytes);
  }
  const grownMib = (await heldMib()) - beforeMib;
  const sentMib = totalBytes / 2 ** 20;
  c.that(
    maxPending <= SPLITTER_MAX_BYTES + 1,
    `a line without an end: the splitter held ${maxPending} bytes`,
  );
  // Holding the line would grow memory by at least its size (twice as a JS string).
  c.that(
    grownMib < 4,
    `a line without an end: memory held grew ${grownMib.toFixed(1)} MiB over ${sentMib} MiB`,
  );
  const boot = encodeBoardMessage({ type: "EVT", ms: 1, kind: "BOOT", arg: "" });
  await rig.link.device.write(bytesOf(`\n${boot}\r\n`));
  await flush(2);
  const rejected = events.filter((e) => e.kind === "rejected-line");
  c.that(
    rejected.length === 1 &&
      rejected[0]?.kind === "rejected-line" &&
      rejected[0].reason === "overlong",
    `a line without an end: ${rejected.length} rejected lines at its end, expected one over-long`,
  );
  c.that(
    events.some((e) => e.kind === "board-event" && e.name === "BOOT"),
    "a line without an end: the line after it was not read",
  );
  return `a ${sentMib} MiB line without an end through a splitter and a SerialBoard: the splitter held at most ${maxPending} bytes, memory held grew ${grownMib.toFixed(1)} MiB; one over-long line counted at its end, the next line read`;
}

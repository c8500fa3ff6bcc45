/**
 * Wire fuzzing: generated board messages, damaged as a serial line damages them (bit
 * flips, cut lines, inserted and dropped bytes, huge lines, non-ASCII, CR/LF mixes, a reset
 * mid-line), cut into reads at arbitrary boundaries, through every stage of the host's
 * line path: the framing and codec alone (src/protocol/framing.ts, codec.ts; this file),
 * and as a byte stream through the line splitter and a SerialBoard (./wire-stream.ts).
 * What must hold: no exception escapes; every line is rejected with a reason or decodes to
 * exactly the message it was made from; memory stays bounded on a line that never ends.
 *
 * fast-check drives the generators with a fixed seed, printed, so a failure re-runs with
 * `npm run reliability -- --only wire --seed N`.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import {
  type BoardMessage,
  decodeBoardLine,
  encodeBoardMessage,
  frame,
  MAX_LINE_LENGTH,
  type RejectReason,
  unframe,
} from "../../src/protocol/index.js";
import { type CampaignResult, Checks, count } from "./result.js";
import { boardMessage, type MutationKind, mutate, mutation } from "./wire-arbitraries.js";
import { bytesOf, latin1, neverEndingLine, type StreamFigures, streamFuzz } from "./wire-stream.js";

/** Every reason the codec may give; the compiler checks the list is the type's. */
const REASONS = {
  empty: true,
  "no-start-marker": true,
  "too-long": true,
  "non-ascii": true,
  "no-checksum": true,
  "bad-checksum": true,
  "unknown-type": true,
  "field-count": true,
  "bad-number": true,
  "out-of-range": true,
  "bad-field": true,
} satisfies Record<RejectReason, true>;

/**
 * Damage a 16-bit CRC catches every time here: up to three flipped bits (the polynomial
 * catches any odd count and any two), a cut line (its checksum or its `$` is gone), bytes
 * outside printable ASCII, a line over the length limit, a line repeated or restarted
 * after a reset (the decoder reads from the last `$`). Inserted, dropped and replaced bytes
 * change the length or many bits at once: a 16-bit check lets about one such line in
 * 65,536 through when the result still parses. No framing does better without more check
 * bits, so those are counted, reported and held to crcResidualBound.
 */
const CRC_BOUNDED = new Set<MutationKind>(["insert", "delete", "replace"]);

/** Most damaged lines a 16-bit check may let through out of n: 4 × 2^-16 × n, at least 3. */
export function crcResidualBound(n: number): number {
  return 3 + (4 * n) / 65536;
}

export interface WireFuzzOptions {
  /** Lines through the codec alone; as many again go through splitter and SerialBoard. */
  lines: number;
  seed: number;
  /** Largest run of bytes a "huge" mutation inserts into a line. */
  hugeMaxBytes: number;
  /** Bytes pushed without a line end in the memory check. */
  neverEndingBytes: number;
  /** Lines per generated batch (one fast-check run). Default 100. */
  batch?: number;
}

type Outcome = "rejected" | "original" | "taken";

interface Tally {
  byKind: Map<MutationKind, Record<Outcome, number>>;
  reasons: Map<string, number>;
  /** Damaged lines that decoded to another message, by whether the CRC should catch them. */
  taken: { bounded: string[]; guaranteed: string[] };
}

function tallyOf(t: Tally, kind: MutationKind): Record<Outcome, number> {
  let r = t.byKind.get(kind);
  if (!r) {
    r = { rejected: 0, original: 0, taken: 0 };
    t.byKind.set(kind, r);
  }
  return r;
}

/** The codec's verdict on one line, against the message it was made from. */
function judge(line: string, original: BoardMessage): { outcome: Outcome; why: string } {
  const r = decodeBoardLine(line);
  if (!r.ok) {
    if (!(r.reason in REASONS) || r.detail.length === 0)
      throw new Error(`a rejection without a known reason: ${JSON.stringify(r)}`);
    return { outcome: "rejected", why: r.reason };
  }
  return isDeepStrictEqual(r.message, original)
    ? { outcome: "original", why: "" }
    : { outcome: "taken", why: JSON.stringify(r.message) };
}

/** Each damaged line through unframe and decodeBoardLine; framing's round trip on the way. */
function codecProperty(tally: Tally, hugeMaxBytes: number, batch: number) {
  return fc.property(
    fc.array(fc.tuple(boardMessage, mutation(hugeMaxBytes)), {
      minLength: batch,
      maxLength: batch,
    }),
    (items) => {
      for (const [m, mut] of items) {
        const clean = encodeBoardMessage(m);
        const back = decodeBoardLine(clean);
        if (!back.ok || !isDeepStrictEqual(back.message, m))
          throw new Error(`round trip failed for ${clean}: ${JSON.stringify(back)}`);
        if (frame(clean.slice(1, clean.lastIndexOf("*"))) !== clean)
          throw new Error(`frame(body) is not the line ${clean}`);
        const line = latin1(mutate(bytesOf(clean), mut));
        unframe(line, MAX_LINE_LENGTH);
        const { outcome, why } = judge(line, m);
        tallyOf(tally, mut.kind)[outcome]++;
        if (outcome === "rejected") tally.reasons.set(why, (tally.reasons.get(why) ?? 0) + 1);
        if (outcome === "taken") {
          const list = CRC_BOUNDED.has(mut.kind) ? tally.taken.bounded : tally.taken.guaranteed;
          list.push(`${mut.kind}: ${JSON.stringify(line)} (sent ${JSON.stringify(clean)})`);
        }
      }
    },
  );
}

/** The error and where to find it again (fast-check's seed and path), in one line. */
function failure<T>(d: fc.RunDetails<T>): string {
  const e = d.errorInstance;
  const why = e instanceof Error ? e.message : String(e);
  return `${why.split("\n")[0]} (seed ${d.seed}, path ${d.counterexamplePath})`;
}

export async function runWireFuzz(o: WireFuzzOptions): Promise<CampaignResult> {
  const batch = o.batch ?? 100;
  const numRuns = Math.max(1, Math.ceil(o.lines / batch));
  const c = new Checks();
  const notes = [`seed ${o.seed} (re-run: npm run reliability -- --only wire --seed ${o.seed})`];

  const tally: Tally = {
    byKind: new Map(),
    reasons: new Map(),
    taken: { bounded: [], guaranteed: [] },
  };
  const codec = fc.check(codecProperty(tally, o.hugeMaxBytes, batch), {
    seed: o.seed,
    numRuns,
    endOnFailure: true,
  });
  c.that(!codec.failed, `codec: ${failure(codec)}`);
  const all = [...tally.byKind.values()];
  const codecLines = all.reduce((s, r) => s + r.rejected + r.original + r.taken, 0);
  const boundedLines = [...tally.byKind.entries()]
    .filter(([k]) => CRC_BOUNDED.has(k))
    .reduce((s, [, r]) => s + r.rejected + r.original + r.taken, 0);
  const { bounded, guaranteed } = tally.taken;
  c.that(
    guaranteed.length === 0,
    `codec: ${guaranteed.length} lines with damage a CRC always catches were decoded as another message`,
  );
  for (const t of guaranteed.slice(0, 5)) c.that(false, `  ${t}`);
  c.that(
    bounded.length <= crcResidualBound(boundedLines),
    `codec: ${bounded.length} of ${boundedLines} lines with bytes inserted, dropped or replaced were decoded as another message (a 16-bit CRC: at most ${crcResidualBound(boundedLines).toFixed(0)})`,
  );

  const fig: StreamFigures = {
    lines: 0,
    bytes: 0,
    frames: 0,
    rejected: 0,
    overlong: 0,
    damaged: 0,
    intactLost: 0,
    taken: [],
  };
  const stream = await fc.check(await streamFuzz(fig, o.hugeMaxBytes, batch), {
    seed: o.seed,
    numRuns,
    endOnFailure: true,
  });
  c.that(!stream.failed, `stream: ${failure(stream)}`);
  c.that(
    fig.intactLost === 0,
    `stream: ${fig.intactLost} lines that arrived whole were not decoded`,
  );
  c.that(
    fig.taken.length <= crcResidualBound(fig.damaged),
    `stream: ${fig.taken.length} of ${fig.damaged} damaged lines were decoded as a message no line carried (a 16-bit CRC: at most ${crcResidualBound(fig.damaged).toFixed(0)})`,
  );
  notes.push(await neverEndingLine(o.neverEndingBytes, c));

  const kinds = [...tally.byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, r]) => `${k} ${count(r.rejected)}/${count(r.original)}/${count(r.taken)}`);
  notes.push(
    `codec, by damage (rejected/decoded as sent/taken as another message): ${kinds.join("; ")}`,
  );
  const reasons = [...tally.reasons.entries()].sort((a, b) => b[1] - a[1]);
  notes.push(
    `codec, rejections by reason: ${reasons.map(([r, n]) => `${r} ${count(n)}`).join(", ")}`,
  );
  notes.push(
    `stream: ${count(fig.lines)} lines (${(fig.bytes / 2 ** 20).toFixed(1)} MiB) cut into reads of 1-300 bytes, through the line splitter (equal to a reference split every time) and a SerialBoard: ${count(fig.frames)} frames, ${count(fig.rejected)} rejected-line events (${count(fig.overlong)} over-long), each as the codec says of its line`,
  );
  const taken = [...bounded, ...fig.taken];
  if (taken.length > 0)
    notes.push(
      `damaged lines that passed the 16-bit CRC: ${bounded.length} of ${count(boundedLines)} in the codec, ${fig.taken.length} of ${count(fig.damaged)} in the stream; e.g. ${taken.slice(0, 2).join("; ")}`,
    );
  return {
    test: "wire fuzzing",
    size: `${count(codecLines + fig.lines)} lines (${count(codecLines)} codec, ${count(fig.lines)} splitter + SerialBoard), seed ${o.seed}`,
    dataLost: `${fig.intactLost} whole lines lost; ${taken.length} damaged lines passed the CRC`,
    lampOff: "n/a",
    notes,
    failures: c.failures,
  };
}

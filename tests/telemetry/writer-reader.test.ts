import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_RIG_FILE_BYTES } from "../../src/config/load.js";
import { emptyLinkStats } from "../../src/core/board.js";
import { ManualClock } from "../../src/core/clock.js";
import { isOrbitrigError } from "../../src/core/errors.js";
import { MAX_HEADER_BYTES, quantizeNode } from "../../src/telemetry/format.js";
import { openRecording, RecordingReader, scanRecordingSync } from "../../src/telemetry/reader.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { fullDiskAfter } from "./full-disk.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const tmp = () => mkdtempSync(join(tmpdir(), "orbitrig-rec-"));

function record(path: string, n: number, opts: { footer?: boolean; flushMs?: number } = {}) {
  const clock = new ManualClock();
  const w = new RecordingWriter({ clock, flushMs: opts.flushMs ?? 500 });
  w.open(path, syntheticHeader());
  const frames = [];
  const nodes = [];
  for (let i = 0; i < n; i++) {
    const f = syntheticFrame(i);
    const node = i % 10 === 3 ? null : syntheticNode(i, f);
    frames.push(f);
    nodes.push(node);
    w.frame(f, node);
    if (i === 5) w.note("lamp looks dim, moved it closer", f.hostMs);
    if (i === 7) w.event(f.hostMs, "board-error", { code: "I2C", detail: "nack 0x40" });
  }
  if (opts.footer !== false) w.close({ endReason: "quit" });
  else w.flush();
  return { frames, nodes };
}

async function readAll(path: string) {
  const r = new RecordingReader(path);
  const out = [];
  for await (const rec of r) out.push(rec);
  return { records: out, counts: r.counts, header: r.header };
}

describe("recording writer and reader", () => {
  it("reads back every frame, node state and event exactly as written", async () => {
    const path = join(tmp(), "deep/folder/session.ndjson");
    const { frames, nodes } = record(path, 1200);
    const { records, counts, header } = await readAll(path);
    expect(header.board.boardId).toBe("SYNTH");
    expect(header.rig.text).toBe("name: synthetic\n");
    const got = records.filter((r) => r.type === "frame");
    expect(got.map((r) => r.frame)).toEqual(frames);
    expect(got.map((r) => r.node)).toEqual(nodes.map((n) => (n ? quantizeNode(n) : null)));
    const events = records.filter((r) => r.type === "event").map((r) => r.event.kind);
    expect(events).toEqual(["note", "board-error"]);
    const footer = records.find((r) => r.type === "footer");
    expect(footer?.type === "footer" && footer.footer.frames).toBe(1200);
    expect(footer?.type === "footer" && footer.footer.events).toEqual({
      note: 1,
      "board-error": 1,
    });
    expect(counts).toMatchObject({ frames: 1200, corrupt: 0, truncated: 0, footer: true });
  });

  it("keeps lines in memory no longer than flushMs of the injected clock", () => {
    const path = join(tmp(), "flush.ndjson");
    const clock = new ManualClock();
    const w = new RecordingWriter({ clock, flushMs: 200 });
    w.open(path, syntheticHeader());
    const lines = () => readFileSync(path, "utf8").split("\n").filter(Boolean).length;
    w.frame(syntheticFrame(0));
    w.frame(syntheticFrame(1));
    expect(lines()).toBe(1); // header only: the frames wait
    clock.advance(199);
    expect(lines()).toBe(1);
    clock.advance(1);
    expect(lines()).toBe(3);
    w.close({ endReason: "quit" });
    expect(lines()).toBe(4);
  });

  it("flushes by size before the timer when many lines pile up", () => {
    const path = join(tmp(), "bytes.ndjson");
    const w = new RecordingWriter({ clock: new ManualClock(), flushMs: 1000, flushBytes: 4096 });
    w.open(path, syntheticHeader());
    for (let i = 0; i < 100; i++) w.frame(syntheticFrame(i));
    expect(readFileSync(path, "utf8").split("\n").length).toBeGreaterThan(20);
  });

  it("skips and counts corrupt lines and a cut-off last line, keeping everything else", async () => {
    const path = join(tmp(), "damaged.ndjson");
    record(path, 50, { footer: false });
    const lines = readFileSync(path, "utf8").split("\n");
    const lost = [10, 20, 25].flatMap((i) =>
      lines[i]!.startsWith('["f"') ? [JSON.parse(lines[i]!)[1] as number] : [],
    );
    lines[10] = `${lines[10]!.slice(0, 30)}#garbage`; // line 11
    lines[20] = "not json at all"; // line 21
    lines[25] = '["f",1,2]'; // a valid array with the wrong number of columns (line 26)
    writeFileSync(path, lines.join("\n"));
    appendFileSync(path, '["f",999,99900,99900,4.8,95,4'); // crash mid-line
    const { records, counts } = await readAll(path);
    expect(counts.corrupt).toBe(3);
    expect(counts.corruptLines).toEqual([11, 21, 26]);
    expect(counts.truncated).toBe(1);
    expect(counts.footer).toBe(false);
    const seqs = records.flatMap((r) => (r.type === "frame" ? [r.frame.seq] : []));
    const expected = Array.from({ length: 50 }, (_, i) => i).filter((i) => !lost.includes(i));
    expect(seqs).toEqual(expected);
  });

  it.each([
    ["an empty file", "", /empty: no recording header/],
    ["a file that starts with a frame", '["f",1,2,3]\n', /:1 has no recording header/],
    ["another NDJSON file", '{"hello":"world"}\n', /:1 has no recording header/],
    [
      "a newer format version",
      `${JSON.stringify({ type: "header", format: "orbitrig-recording", version: 99, columns: { frame: [], node: [] } })}\n`,
      /:1 recording format version 99 is not one this orbitrig reads \(1\)/,
    ],
    [
      "a header without a start time",
      `${JSON.stringify({ ...syntheticHeader(), type: "header", format: "orbitrig-recording", version: 1, startedAt: null, columns: { frame: [], node: [] } })}\n`,
      /:1 header.startedAt: expected an ISO 8601 time/,
    ],
  ])("refuses %s with RECORDING_INVALID naming the file and line", (_what, text, message) => {
    const path = join(tmp(), "bad.ndjson");
    writeFileSync(path, text);
    let err: unknown;
    try {
      openRecording(path);
    } catch (e) {
      err = e;
    }
    expect(isOrbitrigError(err) && err.code).toBe("RECORDING_INVALID");
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(message);
  });

  it("reads a row written by another tool with spaces and exponents (JSON fallback)", () => {
    const path = join(tmp(), "other.ndjson");
    record(path, 3);
    const lines = readFileSync(path, "utf8").split("\n");
    const row = JSON.parse(lines[2]!) as unknown[];
    row[4] = 4.8;
    lines[2] = JSON.stringify(row, null, 1).replace(/\n/g, " ");
    writeFileSync(path, lines.join("\n"));
    const rec = openRecording(path);
    const seqs: number[] = [];
    const c = scanRecordingSync(rec, { row: (p) => void seqs.push(p.values[1]!) });
    expect(c.corrupt).toBe(0);
    expect(seqs).toEqual([0, 1, 2]);
  });
});

describe("how a recording ends and how its file is made", () => {
  it("the footer says when the session really ended, not when the last frame came, and whether a board was attached", () => {
    const path = join(tmp(), "lost.ndjson");
    const started = Date.parse("2026-01-01T00:00:00.000Z");
    const w = new RecordingWriter({
      clock: new ManualClock(),
      wallClockMs: () => started + 15_000,
    });
    w.open(path, syntheticHeader());
    for (let i = 0; i < 28; i++) w.frame(syntheticFrame(i)); // the board went silent at 2.8 s
    const link = { ...emptyLinkStats(), link: "reconnecting" as const, lastFrameHostMs: 2700 };
    const footer = w.close({ endReason: "duration", endHostMs: 15_000, link });
    expect(footer).toMatchObject({
      endedAt: "2026-01-01T00:00:15.000Z",
      endHostMs: 15_000,
      boardAttachedAtEnd: false,
      lastHostMs: syntheticFrame(27).hostMs,
    });
    const last = readFileSync(path, "utf8").trimEnd().split("\n").pop()!;
    expect(JSON.parse(last)).toMatchObject({ type: "footer", boardAttachedAtEnd: false });
  });

  it("refuses an existing file unless told to overwrite; a default name gets -2, -3 instead", () => {
    const dir = tmp();
    const path = join(dir, "emulated-rig-20260101T000000Z.ndjson");
    writeFileSync(path, "someone else's recording\n");
    const w = () => new RecordingWriter({ clock: new ManualClock() });
    expect(() => w().create(path)).toThrow(
      /emulated-rig-20260101T000000Z\.ndjson: exists; give --overwrite/,
    );
    expect(readFileSync(path, "utf8")).toBe("someone else's recording\n");
    expect(w().create(path, "unique")).toBe(join(dir, "emulated-rig-20260101T000000Z-2.ndjson"));
    expect(w().create(path, "unique")).toBe(join(dir, "emulated-rig-20260101T000000Z-3.ndjson"));
    const o = w();
    expect(o.create(path, "overwrite")).toBe(path);
    o.writeHeader(syntheticHeader());
    o.close({ endReason: "quit" });
    expect(openRecording(path).header.format).toBe("orbitrig-recording");
  });

  it.each([
    ["a folder", (dir: string) => dir, /: cannot create a recording: it is a folder$/],
    [
      "/dev/full",
      () => "/dev/full",
      /^\/dev\/full: cannot create a recording: it is not a regular file$/,
    ],
    ["a path under /proc", () => "/proc/self/x/r.ndjson", /is under \/proc, a kernel file system/],
    [
      "a path through a file",
      (dir: string) => {
        writeFileSync(join(dir, "f"), "");
        return join(dir, "f", "r.ndjson");
      },
      /f\/r\.ndjson: cannot create its folder: a part of the path is a file, not a folder$/,
    ],
  ])("refuses %s with one line before writing anything", (_what, where, message) => {
    const path = where(tmp());
    let err: unknown;
    try {
      new RecordingWriter({ clock: new ManualClock() }).create(path);
    } catch (e) {
      err = e;
    }
    expect(isOrbitrigError(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });

  it("a disk that fills mid-run: nothing thrown from the clock's flush, the file reads back whole, one error reported", async () => {
    const path = join(tmp(), "full.ndjson");
    const clock = new ManualClock();
    const errors: Error[] = [];
    const w = new RecordingWriter({
      clock,
      flushMs: 100,
      writeSync: fullDiskAfter(20_000),
      onError: (e) => errors.push(e),
    });
    w.open(path, syntheticHeader());
    for (let i = 0; i < 400; i++) {
      w.frame(syntheticFrame(i), syntheticNode(i, syntheticFrame(i)));
      clock.advance(100); // each flush runs in the clock's timer, as in the emulator's pacer
    }
    w.close({ endReason: "recording-failed" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      /full\.ndjson: recording stopped: the disk is full \(ENOSPC\)/,
    );
    expect(w.error?.code).toBe("IO");
    const { records, counts } = await readAll(path);
    expect(counts).toMatchObject({ corrupt: 0, truncated: 0 });
    const seqs = records.flatMap((r) => (r.type === "frame" ? [r.frame.seq] : []));
    expect(seqs.length).toBeGreaterThan(10);
    expect(seqs).toEqual(seqs.map((_, i) => i)); // a prefix, no gap
  });

  it("a header stays within what readers accept: the rig text is stored once and bounded", () => {
    const path = join(tmp(), "big-rig.ndjson");
    const h = syntheticHeader();
    const description = "x".repeat(200_000);
    h.rig = {
      path: "big.yaml",
      text: `name: big\ndescription: ${description}\n`,
      config: { name: "big", description },
    };
    const w = new RecordingWriter({ clock: new ManualClock() });
    w.open(path, h);
    w.close({ endReason: "quit" });
    const header = openRecording(path).header;
    expect(header.rig.text).toContain(description);
    expect(header.rig.config).toEqual({ name: "big" });
    const huge = syntheticHeader();
    huge.rig = { path: "huge.yaml", text: "#".repeat(MAX_RIG_FILE_BYTES + 1), config: {} };
    const path2 = join(tmp(), "huge-rig.ndjson");
    const w2 = new RecordingWriter({ clock: new ManualClock() });
    w2.open(path2, huge);
    w2.close({ endReason: "quit" });
    expect(openRecording(path2).header.rig).toMatchObject({
      text: null,
      textBytes: MAX_RIG_FILE_BYTES + 1,
    });
    expect(statSync(path2).size).toBeLessThan(MAX_HEADER_BYTES);
  });

  it("a header line over the readers' limit is refused with a message that names the limit", () => {
    const path = join(tmp(), "giant-header.ndjson");
    const h = { ...syntheticHeader(), type: "header", format: "orbitrig-recording", version: 1 };
    (h as Record<string, unknown>).padding = "y".repeat(MAX_HEADER_BYTES);
    writeFileSync(path, `${JSON.stringify(h)}\n`);
    expect(() => openRecording(path)).toThrow(
      new RegExp(
        `giant-header\\.ndjson:1 the header line is longer than ${MAX_HEADER_BYTES / 1024 / 1024} MiB`,
      ),
    );
  });
});

describe("what is given as a recording", () => {
  it("a folder: one line naming it, no stack trace", () => {
    const dir = tmp();
    expect(() => openRecording(dir)).toThrow(
      new RegExp(`^${dir}: is a folder, not a recording; give one of the .ndjson files in it$`),
    );
  });

  it("a pipe (cat rec | orbitrig export /dev/stdin, <(…), a FIFO): one line, without waiting for a writer", () => {
    const fifo = join(tmp(), "fifo.ndjson");
    execFileSync("mkfifo", [fifo]);
    // A writer, so that a reader opening the FIFO does not wait for ever (this test would hang).
    const writer = spawn("sh", ["-c", 'exec 3>"$0"; exec sleep 30', fifo], { stdio: "ignore" });
    try {
      expect(() => openRecording(fifo)).toThrow(
        new RegExp(
          `^${fifo}: is a pipe, not a file; a recording is read by position: save it to a file first$`,
        ),
      );
    } finally {
      writer.kill();
    }
  });

  it("a recording saved with a UTF-8 byte order mark reads whole, the mark skipped", async () => {
    const path = join(tmp(), "bom.ndjson");
    const { frames } = record(path, 30);
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path)]));
    const { records, counts, header } = await readAll(path);
    expect(header.format).toBe("orbitrig-recording");
    expect(counts).toMatchObject({ frames: 30, corrupt: 0, truncated: 0, footer: true });
    expect(records.flatMap((r) => (r.type === "frame" ? [r.frame] : []))).toEqual(frames);
  });

  it("a header without the board or with column lists of the wrong shape: one line naming the field", () => {
    // biome-ignore lint/suspicious/noExplicitAny: a header edited as a user's tool would
    type Header = Record<string, any>;
    const cases: Array<[string, (h: Header) => void, string]> = [
      ["no board", (h) => delete h.board, "header.board: expected"],
      ["board a string", (h) => (h.board = "uno"), "header.board: expected"],
      ["channels not a list", (h) => (h.board.channels = 5), "header.board: expected"],
      [
        "a channel without address",
        (h) => (h.board.channels = [{ role: "array" }]),
        "header.board: expected",
      ],
      ["node columns of numbers", (h) => (h.columns.node[0] = 1), "header.columns.node: expected"],
      [
        "a node column without name",
        (h) => delete h.columns.node[1].name,
        "header.columns.node: expected",
      ],
      [
        "a frame column not a name",
        (h) => (h.columns.frame[0] = null),
        "header.columns.frame: expected",
      ],
    ];
    for (const [what, edit, message] of cases) {
      const path = join(tmp(), "header.ndjson");
      record(path, 3);
      const [first, ...rest] = readFileSync(path, "utf8").split("\n");
      const h = JSON.parse(first!) as Header;
      edit(h);
      writeFileSync(path, [JSON.stringify(h), ...rest].join("\n"));
      expect(() => openRecording(path), what).toThrow(`${path}:1 ${message}`);
    }
  });

  it("blank lines are no damage, with LF or CRLF line ends (saved by an editor on Windows)", async () => {
    for (const eol of ["\n", "\r\n"]) {
      const path = join(tmp(), "blank.ndjson");
      const { frames } = record(path, 30);
      const lines = readFileSync(path, "utf8").trimEnd().split("\n");
      lines.splice(5, 0, "", " ", "\t");
      writeFileSync(path, `${lines.join(eol)}${eol}${eol}`);
      const { records, counts } = await readAll(path);
      expect(counts, JSON.stringify(eol)).toMatchObject({ frames: 30, corrupt: 0, truncated: 0 });
      expect(records.flatMap((r) => (r.type === "frame" ? [r.frame] : []))).toEqual(frames);
      const sync = scanRecordingSync(openRecording(path), {});
      expect(sync).toMatchObject({ frames: 30, corrupt: 0, truncated: 0 });
    }
  });
});

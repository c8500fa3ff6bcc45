/**
 * The reading side of replay: a recording's frames and board events in file order, a chunk
 * at a time (memory flat), with seeking by time in both directions. Seeking back uses a
 * sparse index of (time, byte offset) built while reading, one entry per ~1 MB, so it
 * re-reads at most a megabyte before the target; seeking forward reads on and discards.
 */
import { basename } from "node:path";
import {
  ReplayBoard,
  type ReplayBoardOptions,
  type ReplayFeed,
  type ReplayItem,
} from "../board/replay.js";
import type { BoardEvent, BoardInfo } from "../core/board.js";
import { decodeFrame } from "./decode.js";
import { AsyncLineSource } from "./lines.js";
import {
  emptyCounts,
  LineHandler,
  type OpenedRecording,
  openRecording,
  type ReadCounts,
} from "./reader.js";

interface IndexEntry {
  t: number;
  offset: number;
  line: number;
}

const INDEX_EVERY_BYTES = 1 << 20;

/** Recorded session events that are board events, turned back into BoardEvents. */
export function toBoardEvent(
  kind: string,
  hostMs: number,
  d: Record<string, unknown>,
): BoardEvent | null {
  const s = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : String(d[k] ?? ""));
  switch (kind) {
    case "board-event":
      return { kind: "board-event", hostMs, name: s("name"), arg: s("arg") };
    case "board-error":
      return { kind: "board-error", hostMs, code: s("code"), detail: s("detail") };
    case "link-down":
      return { kind: "link-down", hostMs, reason: s("reason") };
    case "link-up":
      return { kind: "link-up", hostMs, reconnect: d.reconnect === true };
    case "rejected-line":
      return { kind: "rejected-line", hostMs, reason: s("reason"), detail: s("detail") };
    default:
      return null;
  }
}

/** A recording on disk as a ReplayBoard's feed. */
export class ReplaySource implements ReplayFeed {
  readonly recording: OpenedRecording;
  /** The recording's file name (the replay board's port). */
  readonly name: string;
  private readonly index: IndexEntry[] = [];
  private src: AsyncLineSource | null = null;
  private handler: LineHandler;
  private batch: ReplayItem[] = [];
  /** Items before this time are read but dropped (after a seek). */
  private skipBeforeMs = Number.NEGATIVE_INFINITY;
  private eof = false;
  /**
   * Damage seen so far, each line once: a seek back re-reads lines an earlier pass already
   * judged, so only lines past the furthest one read (`furthestLine`) are counted.
   */
  private readonly damage: ReadCounts = emptyCounts();
  private furthestLine = 0;

  constructor(path: string) {
    this.recording = openRecording(path);
    this.name = basename(path);
    this.handler = this.newHandler();
    this.restart({ t: Number.NEGATIVE_INFINITY, offset: this.recording.bodyOffset, line: 1 });
  }

  private newHandler(): LineHandler {
    const L = this.recording.layout;
    const h = new LineHandler(L, {
      row: (p, _L, line, offset) => {
        const t = p.values[L.frame.hostMs]!;
        const last = this.index[this.index.length - 1];
        if (!last || (offset >= last.offset + INDEX_EVERY_BYTES && t >= last.t))
          this.index.push({ t, offset, line: line - 1 });
        if (t >= this.skipBeforeMs) this.batch.push({ t, frame: decodeFrame(p, L) });
        return true;
      },
      event: (e) => {
        if (e.hostMs < this.skipBeforeMs) return;
        const ev = toBoardEvent(e.kind, e.hostMs, e.data ?? {});
        if (ev) this.batch.push({ t: e.hostMs, event: ev });
      },
      bad: (line, terminated) => {
        if (line <= this.furthestLine) return;
        if (!terminated) this.damage.truncated++;
        else {
          this.damage.corrupt++;
          if (this.damage.corruptLines.length < 20) this.damage.corruptLines.push(line);
        }
      },
    });
    // Replay needs the frame, not the recorded node state: the node columns are stepped
    // over and counted, so a row of the wrong length is corrupt here as in every reader.
    h.only([]);
    return h;
  }

  private restart(at: IndexEntry): void {
    void this.src?.close();
    this.handler = this.newHandler();
    const h = this.handler;
    this.src = new AsyncLineSource(
      this.recording.path,
      (b, s, e, n, o, term) => {
        h.line(b, s, e, n, o, term);
        if (n > this.furthestLine) this.furthestLine = n;
      },
      {
        fromOffset: at.offset,
        lineBefore: at.line,
      },
    );
    this.eof = false;
    this.batch = [];
  }

  /** The recorded board (from the header). */
  get board(): BoardInfo {
    return this.recording.header.board;
  }

  /** The recording's header (rig, firmware, calibration, columns). */
  get header() {
    return this.recording.header;
  }

  /**
   * Corrupt and cut-off lines met so far (skipped, never fatal), each once however often a
   * seek re-read it; the other counts are those of the current pass.
   */
  counts(): ReadCounts {
    return {
      ...this.handler.counts,
      corrupt: this.damage.corrupt,
      truncated: this.damage.truncated,
      corruptLines: [...this.damage.corruptLines],
    };
  }

  /** The next items in file order (a chunk's worth), or null at the end of the file. */
  async next(): Promise<ReplayItem[] | null> {
    while (!this.eof) {
      const src = this.src!;
      const more = await src.next();
      if (src !== this.src) continue; // a seek replaced the source while we read
      if (!more) this.eof = true;
      if (this.batch.length > 0) {
        const out = this.batch;
        this.batch = [];
        return out;
      }
    }
    return null;
  }

  /** Positions the source so the next items are those at or after tMs. */
  seek(tMs: number): void {
    let at: IndexEntry = {
      t: Number.NEGATIVE_INFINITY,
      offset: this.recording.bodyOffset,
      line: 1,
    };
    for (const e of this.index) {
      if (e.t <= tMs) at = e;
      else break;
    }
    this.restart(at);
    this.skipBeforeMs = tMs;
  }

  async close(): Promise<void> {
    this.eof = true;
    await this.src?.close();
  }
}

/** A ReplayBoard playing the recording at path. */
export function replayRecording(
  path: string,
  options: ReplayBoardOptions = {},
): ReplayBoard<ReplaySource> {
  return new ReplayBoard(new ReplaySource(path), options);
}

/**
 * One line of a recording: classified (frame row, event, footer, damage), counted, and handed
 * to a visitor. Shared by every reader (sync scan, async records, replay).
 */
import { frameRowOk, type RowLayout } from "./decode.js";
import type { EventRecord, RecordingFooter } from "./format.js";
import { RowKind, RowParser } from "./row-parser.js";
import type { RowSlots } from "./row-slots.js";

export interface ReadCounts {
  lines: number;
  frames: number;
  nodeStates: number;
  events: number;
  /** Lines that are not a valid record (garbled, wrong column count, unknown type). */
  corrupt: number;
  /** A last line cut off without its newline (a crash mid-write). */
  truncated: number;
  /** Line numbers of the first corrupt lines (at most 20), for messages. */
  corruptLines: number[];
  footer: boolean;
}

export function emptyCounts(): ReadCounts {
  return {
    lines: 0,
    frames: 0,
    nodeStates: 0,
    events: 0,
    corrupt: 0,
    truncated: 0,
    corruptLines: [],
    footer: false,
  };
}

/** One line to a user: "3 corrupt lines skipped (lines 7, 9, 12); cut-off last line skipped". */
export function describeDamage(c: ReadCounts): string | null {
  const parts: string[] = [];
  if (c.corrupt > 0) {
    const more = c.corrupt > c.corruptLines.length ? ", …" : "";
    parts.push(
      `${c.corrupt} corrupt line${c.corrupt === 1 ? "" : "s"} skipped (line ${c.corruptLines.join(", ")}${more})`,
    );
  }
  if (c.truncated > 0) parts.push("cut-off last line skipped");
  if (!c.footer) parts.push("no footer (the recording was not closed: crash or still running)");
  return parts.length ? parts.join("; ") : null;
}

export interface ScanVisitor {
  /** A frame row; the parser holds its slots until the next row. Return false to stop. */
  row?(p: RowSlots, layout: RowLayout, lineNo: number, offset: number): boolean | undefined;
  event?(e: EventRecord, lineNo: number): void;
  footer?(f: RecordingFooter, lineNo: number): void;
  /** A line that is not a valid record (terminated) or a cut-off last line (not terminated). */
  bad?(lineNo: number, terminated: boolean): void;
}

/** Classifies one line, counts it and calls the visitor. Returns false when asked to stop. */
export class LineHandler {
  readonly parser = new RowParser();
  readonly counts = emptyCounts();

  constructor(
    readonly layout: RowLayout,
    private readonly visitor: ScanVisitor,
  ) {}

  /**
   * Decode only these row elements besides the frame columns, which every reader decodes
   * so that every reader judges a row's shape alike (frameRowOk). null: decode everything.
   */
  only(indices: readonly number[] | null): void {
    this.parser.only(indices && [...new Set([...Object.values(this.layout.frame), ...indices])]);
  }

  line(
    buf: Buffer,
    s: number,
    e: number,
    lineNo: number,
    offset: number,
    terminated: boolean,
  ): boolean {
    const c = this.counts;
    c.lines++;
    const kind = this.parser.parse(buf, s, e);
    if (kind === RowKind.Frame) {
      if (!frameRowOk(this.parser, this.layout)) return this.bad(lineNo, terminated);
      c.frames++;
      if (this.parser.length === this.layout.withNodeLength && this.layout.nodeColumns.length > 0)
        c.nodeStates++;
      return this.visitor.row?.(this.parser, this.layout, lineNo, offset) !== false;
    }
    if (kind === RowKind.Object) {
      let obj: { type?: unknown } | null = null;
      try {
        obj = JSON.parse(buf.toString("utf8", s, e)) as { type?: unknown };
      } catch {
        return this.bad(lineNo, terminated);
      }
      if (obj?.type === "event" && typeof (obj as { kind?: unknown }).kind === "string") {
        c.events++;
        this.visitor.event?.(obj as EventRecord, lineNo);
        return true;
      }
      if (obj?.type === "footer") {
        c.footer = true;
        this.visitor.footer?.(obj as RecordingFooter, lineNo);
        return true;
      }
      return this.bad(lineNo, terminated);
    }
    if (terminated && blank(buf, s, e)) {
      c.lines--; // a blank line is not data (nor damage), whatever its line end
      return true;
    }
    return this.bad(lineNo, terminated);
  }

  private bad(lineNo: number, terminated: boolean): true {
    this.visitor.bad?.(lineNo, terminated);
    if (!terminated) this.counts.truncated++;
    else {
      this.counts.corrupt++;
      if (this.counts.corruptLines.length < 20) this.counts.corruptLines.push(lineNo);
    }
    return true;
  }
}

/** Only spaces, tabs and a CR (the CRLF of an editor) between s and e. */
function blank(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const x = buf[i];
    if (x !== 32 && x !== 9 && x !== 13) return false;
  }
  return true;
}

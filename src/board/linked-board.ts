/**
 * What every board behind a link (./link.ts) does alike: open and close through the link,
 * hand out its stats, and fan frames and events out to listeners. SerialBoard and
 * FirmataBoard extend it and keep only what is theirs: what they say on the wire.
 */
import type { BoardEvent, BoardInfo, LinkStats } from "../core/board.js";
import type { Frame } from "../core/frame.js";
import type { BoardLink } from "./link.js";
import { BoardListeners } from "./listeners.js";

export abstract class LinkedBoard {
  protected abstract readonly link: BoardLink;
  protected readonly listeners = new BoardListeners();
  protected info_: BoardInfo | null = null;

  /** Known after open(). */
  get info(): BoardInfo | null {
    return this.info_;
  }

  /** Opens the port and connects; on failure the port is closed again. */
  async open(): Promise<BoardInfo> {
    await this.link.open();
    return this.info_!;
  }

  onFrame(listener: (frame: Frame) => void): () => void {
    return this.listeners.onFrame(listener);
  }

  onEvent(listener: (event: BoardEvent) => void): () => void {
    return this.listeners.onEvent(listener);
  }

  stats(): LinkStats {
    return this.link.stats.snapshot();
  }

  /** Everything off, now; never throws. */
  abstract safe(): Promise<void>;

  /** Lamp and load off (best effort), then the link closed. */
  async close(): Promise<void> {
    if (this.link.phase === "closed") return;
    await this.safe();
    await this.link.close();
  }

  protected emit(event: BoardEvent): void {
    this.listeners.event(event);
  }
}

/**
 * Link statistics of a board: frames, rate, sequence gaps, rejected lines, commands.
 * A plain tracker fed by the driver; stats() hands out a copy.
 */

import { emptyLinkStats, type LinkStats } from "../core/board.js";
import { sequenceGap } from "../protocol/codec.js";
import type { RejectReason } from "../protocol/messages.js";

/** Frames per second is measured over this window of the board's clock. */
const RATE_WINDOW_MS = 5000;
const MIN_RATE_SPAN_MS = 1000;

export class LinkStatsTracker {
  private readonly s: LinkStats = emptyLinkStats();
  private lastSeq: number | null = null;
  /** The last sequence number before a lost link, until the first frame after it. */
  private seqBeforeLoss: number | null = null;
  /**
   * Board times of recent frames, oldest first from index `oldest` (at most RATE_WINDOW_MS
   * apart). Old entries are skipped by moving `oldest` and cut off in one go when they are
   * half the array: shift() per frame was a copy per frame at high rates.
   */
  private recentBoardMs: number[] = [];
  private oldest = 0;
  /** Board resets seen as a sequence that went backwards (not counted as loss). */
  seqRestarts = 0;

  snapshot(): LinkStats {
    return { ...this.s };
  }

  setLink(link: LinkStats["link"]): void {
    this.s.link = link;
  }

  get link(): LinkStats["link"] {
    return this.s.link;
  }

  /** Records a frame; returns the number of frames lost just before it (0 if none). */
  frame(seq: number, boardMs: number, hostMs: number): number {
    this.s.framesReceived++;
    this.s.lastFrameHostMs = hostMs;
    let lost = 0;
    if (this.lastSeq === null && this.seqBeforeLoss !== null) {
      // The first frame after a lost link: a sequence that went on counts what was lost
      // meanwhile; one that restarted (the board reset) leaves the loss unknown.
      const gap = sequenceGap(this.seqBeforeLoss, seq);
      if (gap > 0) {
        this.s.seqGaps++;
        this.s.framesLost += gap;
        lost = gap;
      } else if (gap < 0) this.s.gapsUnknown++;
      this.seqBeforeLoss = null;
    } else if (this.lastSeq !== null) {
      const gap = sequenceGap(this.lastSeq, seq);
      if (gap > 0) {
        this.s.seqGaps++;
        this.s.framesLost += gap;
        lost = gap;
      } else if (gap < 0) {
        this.seqRestarts++;
        this.clearWindow();
      }
    }
    this.lastSeq = seq;
    const window = this.recentBoardMs;
    if (window.length > this.oldest && boardMs < window[window.length - 1]!) this.clearWindow(); // millis() wrapped or reset
    window.push(boardMs);
    let oldest = this.oldest;
    while (window.length - oldest > 1 && boardMs - window[oldest]! > RATE_WINDOW_MS) oldest++;
    if (oldest > 64 && oldest * 2 > window.length) {
      window.splice(0, oldest);
      oldest = 0;
    }
    this.oldest = oldest;
    const count = window.length - oldest;
    const spanMs = boardMs - window[oldest]!;
    // Two frames a few ms apart (a rate change sends one at once) would claim hundreds per
    // second: the rate is reported once the window spans a second of board time.
    this.s.framesPerS = count > 1 && spanMs >= MIN_RATE_SPAN_MS ? ((count - 1) * 1000) / spanMs : 0;
    return lost;
  }

  private clearWindow(): void {
    this.recentBoardMs.length = 0;
    this.oldest = 0;
  }

  /**
   * A jump on purpose (a replay's seek) or a board that announced its reboot: its sequence
   * restarts or jumps, which is not a loss.
   */
  forgetSequence(): void {
    this.lastSeq = null;
    this.seqBeforeLoss = null;
    this.clearWindow();
  }

  /**
   * The link was lost and is being made again: the frames lost meanwhile are counted at the
   * first frame after it (or the gap is recorded as of unknown size), never taken as none.
   */
  reconnecting(): void {
    if (this.lastSeq !== null) this.seqBeforeLoss = this.lastSeq;
    this.lastSeq = null;
    this.clearWindow();
  }

  rejected(reason: RejectReason | "overlong"): void {
    if (reason === "bad-checksum") this.s.checksumRejects++;
    else this.s.malformedLines++;
  }

  commandSent(retry: boolean): void {
    this.s.commandsSent++;
    if (retry) this.s.commandsRetried++;
  }

  commandFailed(): void {
    this.s.commandsFailed++;
  }

  reconnected(): void {
    this.s.reconnects++;
  }
}

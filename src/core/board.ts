/**
 * One interface for every board: serial (our firmware), Firmata (StandardFirmata via
 * johnny-five), emulated (our firmware in avr8js) and replay (a recording). The session
 * sees only this.
 */
import type { Clock } from "./clock.js";
import type { ChannelRole, Frame } from "./frame.js";

/** One INA219 channel as the board announces it: where it is and what it measures. */
export interface HelloChannel {
  /** 7-bit I2C address, 0x40..0x4F. */
  address: number;
  role: ChannelRole;
}

export type BoardKind = "serial" | "firmata" | "emulated" | "replay";

export interface BoardInfo {
  kind: BoardKind;
  /** Port path, "emulator", or the recording's file name. */
  port: string;
  profile: string;
  protocolVersion: number;
  firmwareVersion: string;
  boardId: string;
  caps: Record<string, string | true>;
  channels: HelloChannel[];
}

export interface LinkStats {
  framesReceived: number;
  /** Frames per second over the last few seconds of the board's clock. */
  framesPerS: number;
  /** Number of gaps in the sequence numbers, and frames lost in them. */
  seqGaps: number;
  framesLost: number;
  /**
   * Gaps whose size is not known: the link was lost and the board's sequence restarted
   * across it (it reset), so the frames lost then cannot be counted. Never reported as 0 lost.
   */
  gapsUnknown: number;
  checksumRejects: number;
  /** Lines rejected for any other reason (garbled, wrong field count, out of range). */
  malformedLines: number;
  reconnects: number;
  /** Host time of the last frame, or null before the first. */
  lastFrameHostMs: number | null;
  commandsSent: number;
  commandsRetried: number;
  commandsFailed: number;
  link: "connecting" | "up" | "down" | "reconnecting" | "closed";
}

/** Something the board or the link reported that is not a frame. */
export type BoardEvent =
  | { kind: "board-event"; hostMs: number; name: string; arg: string }
  | { kind: "board-error"; hostMs: number; code: string; detail: string }
  | { kind: "link-down"; hostMs: number; reason: string }
  | { kind: "link-up"; hostMs: number; reconnect: boolean }
  | { kind: "rejected-line"; hostMs: number; reason: string; detail: string }
  | { kind: "hello"; hostMs: number; info: BoardInfo };

/** Changes how fast a board's time runs: the emulator's pace, a recording's playback. */
export interface SpeedControl {
  /** Board ms per wall ms, or "max" (as fast as the host can). */
  readonly speed: number | "max";
  setSpeed(speed: number): void;
}

/** Pause and seek: what a recording can do and a live board cannot. */
export interface PlaybackControl {
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Jumps by deltaS seconds of the board's time, forward or back. */
  seekBy(deltaS: number): void;
}

export interface BoardDriver {
  readonly kind: BoardKind;
  /**
   * Takes lamp, load and rate commands. A recording does not: what it replays is what
   * was commanded then.
   */
  readonly commandable: boolean;
  /** The board's pace, when it can change (emulator, replay); null for a real board. */
  readonly speedControl: SpeedControl | null;
  /** Pause and seek, when the board can (replay); null otherwise. */
  readonly playback: PlaybackControl | null;
  /** The clock frames are stamped with (the emulator's virtual clock, or real time). */
  readonly clock: Clock;
  /** Known after open(). */
  readonly info: BoardInfo | null;
  /** Connects and handshakes. Rejects with an OrbitrigError (PORT_*, HANDSHAKE_TIMEOUT, PROTOCOL_VERSION). */
  open(): Promise<BoardInfo>;
  onFrame(listener: (frame: Frame) => void): () => void;
  onEvent(listener: (event: BoardEvent) => void): () => void;
  /** Lamp PWM level 0..255; resolves when the board acknowledged it. */
  setLamp(level: number): Promise<void>;
  /** Compute-load PWM level 0..255. */
  setLoad(level: number): Promise<void>;
  setRateHz(hz: number): Promise<void>;
  /** Everything off, now. Must not throw; used on every exit path. */
  safe(): Promise<void>;
  stats(): LinkStats;
  /** Turns lamp and load off (best effort) and closes the link. */
  close(): Promise<void>;
}

export function emptyLinkStats(): LinkStats {
  return {
    framesReceived: 0,
    framesPerS: 0,
    seqGaps: 0,
    framesLost: 0,
    gapsUnknown: 0,
    checksumRejects: 0,
    malformedLines: 0,
    reconnects: 0,
    lastFrameHostMs: null,
    commandsSent: 0,
    commandsRetried: 0,
    commandsFailed: 0,
    link: "connecting",
  };
}

/**
 * Commands with acknowledgement (protocol v1): each command carries an id; the board
 * answers ACK or NAK with that id. Commands go one at a time (stop-and-wait), because the
 * Uno's serial receive buffer is 64 bytes and a burst of settings could overflow it while
 * the firmware is busy on I2C. A command that gets no answer within timeoutMs is sent
 * again, with the same id (all commands are idempotent: they set a level or a setting),
 * up to `retries` times; a NAK for a corrupted line (CRC) is retried the same way; any
 * other NAK fails the command with a CommandRejectedError naming the board's reason.
 */
import type { Clock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { encodeCommand } from "../protocol/codec.js";
import { Limits, NakCode, type NakCodeName } from "../protocol/constants.js";
import type { HostCommand } from "../protocol/messages.js";
import type { LinkStatsTracker } from "./link-stats.js";

/** A command as the caller gives it: everything but the id. */
export type CommandSpec = HostCommand extends infer C
  ? C extends HostCommand
    ? Omit<C, "id">
    : never
  : never;

const NAK_MEANING: Record<NakCodeName, string> = {
  CRC: "the line arrived corrupted",
  FORMAT: "malformed command",
  UNKNOWN: "unknown command",
  RANGE: "value out of range",
  DENIED: "refused in the board's current state",
  NOSENSOR: "no such sensor channel",
  TOOLONG: "command line too long",
};

/** The board answered NAK. */
export class CommandRejectedError extends OrbitrigError {
  constructor(
    readonly command: string,
    readonly nakCode: NakCodeName,
  ) {
    super(
      "COMMAND_FAILED",
      `board refused ${command}: ${nakCode} (${NAK_MEANING[nakCode]})`,
      ExitCode.unavailable,
    );
  }
}

export interface CommandChannelOptions {
  /** Wait for ACK/NAK this long before sending again. Default 500 ms. */
  timeoutMs: number;
  /** Resends after the first attempt. Default 3. */
  retries: number;
}

interface Pending {
  id: number;
  line: string;
  type: string;
  attempts: number;
  retries: number;
  timeoutMs: number;
  resolve: () => void;
  reject: (e: Error) => void;
  cancelTimer: (() => void) | null;
}

export class CommandChannel {
  private nextId = 1;
  private readonly queue: Pending[] = [];
  private inFlight: Pending | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly write: (line: string) => Promise<void>,
    private readonly stats: LinkStatsTracker,
    private readonly options: CommandChannelOptions,
  ) {}

  /** Sends a command; resolves on ACK. `urgent` puts it ahead of the queue (SAFE). */
  send(
    spec: CommandSpec,
    opts: { retries?: number; timeoutMs?: number; urgent?: boolean } = {},
  ): Promise<void> {
    const id = this.allocateId();
    const command = { ...spec, id } as HostCommand;
    return new Promise<void>((resolve, reject) => {
      const p: Pending = {
        id,
        line: `${encodeCommand(command)}\n`,
        type: `${spec.type}${"level" in spec ? ` ${spec.level}` : ""}`,
        attempts: 0,
        retries: opts.retries ?? this.options.retries,
        timeoutMs: opts.timeoutMs ?? this.options.timeoutMs,
        resolve,
        reject,
        cancelTimer: null,
      };
      if (opts.urgent) this.queue.unshift(p);
      else this.queue.push(p);
      this.pump();
    });
  }

  /** Sends a command once without waiting for its answer (INFO during the handshake). */
  sendUntracked(spec: CommandSpec): Promise<void> {
    const command = { ...spec, id: this.allocateId() } as HostCommand;
    this.stats.commandSent(false);
    return this.write(`${encodeCommand(command)}\n`);
  }

  /** Number of commands waiting or in flight. */
  get pending(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  ack(id: number): void {
    const p = this.inFlight;
    if (!p || p.id !== id) return; // a late ACK of a command already resent and answered
    this.finish(p);
    p.resolve();
  }

  nak(id: number, code: NakCodeName): void {
    const p = this.inFlight;
    if (!p) return;
    // The firmware answers a line it could not read with id 0 (NAK,0,?,CRC): with one
    // command in flight, that line was ours, so it is resent now rather than at timeout.
    if (id === 0 && (code === NakCode.crc || code === NakCode.format || code === NakCode.tooLong)) {
      p.cancelTimer?.();
      this.retryOrFail(p, `NAK ${code}`);
      return;
    }
    if (p.id !== id) return;
    if (code === NakCode.crc) {
      p.cancelTimer?.();
      this.retryOrFail(p, `NAK ${code}`);
      return;
    }
    this.finish(p);
    this.stats.commandFailed();
    p.reject(new CommandRejectedError(p.type, code));
  }

  /** Fails every waiting command (the link is gone, or the board is closing). */
  failAll(err: Error): void {
    const all = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = null;
    for (const p of all) {
      p.cancelTimer?.();
      this.stats.commandFailed();
      p.reject(err);
    }
  }

  private allocateId(): number {
    const id = this.nextId;
    this.nextId = id >= Limits.commandId.max ? Limits.commandId.min : id + 1;
    return id;
  }

  private pump(): void {
    if (this.inFlight) return;
    const p = this.queue.shift();
    if (!p) return;
    this.inFlight = p;
    this.transmit(p);
  }

  private transmit(p: Pending): void {
    this.stats.commandSent(p.attempts > 0);
    p.attempts++;
    p.cancelTimer = this.clock.setTimeout(() => {
      p.cancelTimer = null;
      if (this.inFlight === p) this.retryOrFail(p, `no answer within ${p.timeoutMs} ms`);
    }, p.timeoutMs);
    this.write(p.line).catch((e: unknown) => {
      if (this.inFlight !== p) return;
      this.finish(p);
      this.stats.commandFailed();
      p.reject(
        new OrbitrigError("LINK_LOST", `${p.type} not sent: ${(e as Error).message}`, ExitCode.io),
      );
    });
  }

  private retryOrFail(p: Pending, why: string): void {
    if (p.attempts <= p.retries) {
      this.transmit(p);
      return;
    }
    this.finish(p);
    this.stats.commandFailed();
    p.reject(
      new OrbitrigError(
        "COMMAND_FAILED",
        `${p.type}: ${why}, after ${p.attempts} attempts`,
        ExitCode.unavailable,
      ),
    );
  }

  private finish(p: Pending): void {
    p.cancelTimer?.();
    p.cancelTimer = null;
    if (this.inFlight === p) this.inFlight = null;
    queueMicrotask(() => this.pump());
  }
}

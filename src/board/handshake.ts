/**
 * The protocol v1 handshake: the host sends INFO (again every infoIntervalMs, since an
 * Uno that resets on open ignores bytes while its bootloader runs) and waits for HELLO,
 * which the board also sends by itself at boot. The first HELLO wins; a HELLO of another
 * protocol version fails with PROTOCOL_VERSION naming both versions.
 */
import type { Clock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { HelloMessage } from "../protocol/messages.js";
import type { CommandSpec } from "./commands.js";

export interface HandshakeOptions {
  timeoutMs: number;
  infoIntervalMs: number;
  protocolVersion: number;
  path: string;
}

interface Waiter {
  resolve: (hello: HelloMessage) => void;
  reject: (e: Error) => void;
  cancelTimers: () => void;
}

export class Handshake {
  private waiter: Waiter | null = null;
  /** Lines seen (accepted or not) during the current attempt: a hint when it times out. */
  linesSeen = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sendInfo: (spec: CommandSpec) => Promise<void>,
    private readonly options: HandshakeOptions,
  ) {}

  get active(): boolean {
    return this.waiter !== null;
  }

  run(): Promise<HelloMessage> {
    this.cancel();
    this.linesSeen = 0;
    return new Promise<HelloMessage>((resolve, reject) => {
      let cancelInfo = () => {};
      const sendInfo = () => {
        this.sendInfo({ type: "INFO" }).catch(() => {});
        cancelInfo = this.clock.setTimeout(sendInfo, this.options.infoIntervalMs);
      };
      const cancelTimeout = this.clock.setTimeout(() => {
        this.finish();
        reject(this.timeoutError());
      }, this.options.timeoutMs);
      this.waiter = {
        resolve,
        reject,
        cancelTimers: () => {
          cancelInfo();
          cancelTimeout();
        },
      };
      sendInfo();
    });
  }

  /** Offers a HELLO; returns true when the handshake took it. */
  offer(hello: HelloMessage): boolean {
    const w = this.waiter;
    if (!w) return false;
    this.finish();
    if (hello.protocolVersion !== this.options.protocolVersion) {
      w.reject(
        new OrbitrigError(
          "PROTOCOL_VERSION",
          `the firmware on ${this.options.path} (${hello.profile} ${hello.firmwareVersion}) speaks protocol v${hello.protocolVersion}, this orbitrig speaks protocol v${this.options.protocolVersion}: flash the matching firmware (firmware-profiles/uno-ina219) or use a matching orbitrig`,
          ExitCode.unavailable,
        ),
      );
    } else {
      w.resolve(hello);
    }
    return true;
  }

  /** Counts a line for the timeout hint. */
  sawLine(): void {
    if (this.waiter) this.linesSeen++;
  }

  /** Stops waiting, rejecting a pending run() with a LINK_LOST error. */
  cancel(): void {
    const w = this.waiter;
    if (!w) return;
    this.finish();
    w.reject(
      new OrbitrigError("LINK_LOST", `handshake on ${this.options.path} interrupted`, ExitCode.io),
    );
  }

  private finish(): void {
    this.waiter?.cancelTimers();
    this.waiter = null;
  }

  private timeoutError(): OrbitrigError {
    const hint =
      this.linesSeen > 0
        ? `${this.linesSeen} line(s) arrived but none was a protocol v1 HELLO: another firmware (StandardFirmata? use kind: firmata) or a wrong baud rate`
        : "nothing arrived: is the uno-ina219 firmware flashed, the right port chosen, the baud rate right?";
    return new OrbitrigError(
      "HANDSHAKE_TIMEOUT",
      `no HELLO from ${this.options.path} within ${this.options.timeoutMs} ms; ${hint}`,
      ExitCode.unavailable,
    );
  }
}

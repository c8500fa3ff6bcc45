/**
 * Pseudo-terminal pairs made by socat (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`; socat
 * logs "N PTY is /dev/pts/K" for each end on stderr), and a Transport over one end.
 * `orbitrig emulate --pty` bridges one end to the emulated board and prints the other,
 * which any serial program can open (another orbitrig, screen, the Arduino monitor).
 * The end we keep is read through Node's tty stream (libuv's non-blocking tty handle), so no
 * thread is parked in a blocking read, and written without ever blocking (PtyTransport). A
 * pty has no baud rate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, constants, openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { Transport } from "./types.js";

export interface PtyPair {
  /** The end this process keeps (bridged to the emulator). */
  ownPath: string;
  /** The end to print: what a user's serial program opens. */
  peerPath: string;
  /** Stops socat; both paths disappear. */
  close(): Promise<void>;
}

export const SOCAT_INSTALL_HINT =
  "socat is not installed: install it with `sudo apt-get install socat`";

/** Parses the two pty paths from socat's `-d -d` log (null until both are there). */
export function parseSocatPtys(stderrText: string): [string, string] | null {
  const paths = [...stderrText.matchAll(/PTY is (\S+)/g)].map((m) => m[1] ?? "");
  return paths.length >= 2 && paths[0] && paths[1] ? [paths[0], paths[1]] : null;
}

/** Starts socat and resolves with the pair once both paths are known and data can flow. */
export function createPtyPair(
  options: { socat?: string; timeoutMs?: number } = {},
): Promise<PtyPair> {
  const socat = options.socat ?? "socat";
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(socat, ["-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
    } catch (e) {
      reject(
        new OrbitrigError("TOOL_MISSING", SOCAT_INSTALL_HINT, ExitCode.missingTool, { cause: e }),
      );
      return;
    }
    let log = "";
    let settled = false;
    const timer = setTimeout(
      () =>
        fail(
          new OrbitrigError(
            "IO",
            `socat gave no pty paths within ${options.timeoutMs ?? 5000} ms: ${log.trim()}`,
            ExitCode.io,
          ),
        ),
      options.timeoutMs ?? 5000,
    );
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    child.on("error", (e: NodeJS.ErrnoException) => {
      fail(
        e.code === "ENOENT"
          ? new OrbitrigError("TOOL_MISSING", SOCAT_INSTALL_HINT, ExitCode.missingTool, {
              cause: e,
            })
          : e,
      );
    });
    child.on("exit", (code) =>
      fail(
        new OrbitrigError(
          "IO",
          `socat exited (${code}) before the ptys were ready: ${log.trim()}`,
          ExitCode.io,
        ),
      ),
    );
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      log += text;
      const paths = parseSocatPtys(log);
      if (!paths || settled || !log.includes("starting data transfer loop")) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        ownPath: paths[0],
        peerPath: paths[1],
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill();
          }),
      });
    });
  });
}

export interface PtyTransportOptions {
  /**
   * Bytes that may wait for a reader that is not reading; a write past that is dropped and
   * counted (droppedBytes), as a UART with no listener loses them. Default 64 KiB.
   */
  maxQueuedBytes?: number;
  /** Wall ms between tries while the pty is full. Default 10. */
  retryMs?: number;
}

/**
 * A Transport over a pty path (raw mode is set by socat).
 *
 * Writes never block this thread: they go to a descriptor of their own opened O_NONBLOCK
 * and written with fs.writeSync, which answers EAGAIN when the pty is full; what the pty
 * does not take waits in a queue, retried every retryMs, up to maxQueuedBytes, and beyond
 * that is dropped and counted. (Node's tty.WriteStream makes its descriptor blocking, so a
 * pty nobody read froze the whole process, signals included, once its buffer was full.)
 */
export class PtyTransport implements Transport {
  private readFd: number | null = null;
  private writeFd: number | null = null;
  private input: ReadStream | null = null;
  private readonly queue: { bytes: Buffer; done: () => void }[] = [];
  private queued = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private dropped = 0;
  private readonly maxQueuedBytes: number;
  private readonly retryMs: number;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(err?: Error) => void>();

  constructor(
    readonly path: string,
    options: PtyTransportOptions = {},
  ) {
    this.maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024;
    this.retryMs = options.retryMs ?? 10;
  }

  get isOpen(): boolean {
    return this.readFd !== null;
  }

  /** Bytes written but not yet taken by the pty (it fills when nobody reads the other end). */
  get bufferedBytes(): number {
    return this.queued;
  }

  /** Bytes dropped because maxQueuedBytes were already waiting. */
  get droppedBytes(): number {
    return this.dropped;
  }

  async open(): Promise<void> {
    if (this.readFd !== null) throw new Error(`${this.path} is already open`);
    try {
      this.readFd = openSync(this.path, constants.O_RDWR | constants.O_NOCTTY);
      this.writeFd = openSync(
        this.path,
        constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK,
      );
    } catch (e) {
      this.closeFds();
      throw new OrbitrigError(
        "PORT_OPEN_FAILED",
        `cannot open ${this.path}: ${(e as Error).message}`,
        ExitCode.unavailable,
        { cause: e },
      );
    }
    this.input = new ReadStream(this.readFd);
    this.input.on("data", (chunk: Buffer) => {
      for (const l of [...this.dataListeners]) l(new Uint8Array(chunk));
    });
    this.input.on("error", (err) => this.closed(err));
  }

  /**
   * Resolves once the pty has taken the bytes, or at once when they were dropped (more
   * than maxQueuedBytes waiting). Rejects when the port is closed.
   */
  write(data: Uint8Array | string): Promise<void> {
    if (this.writeFd === null) return Promise.reject(new Error(`${this.path} is not open`));
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    if (this.queued + bytes.length > this.maxQueuedBytes) {
      this.dropped += bytes.length;
      return Promise.resolve();
    }
    return new Promise((done) => {
      this.queue.push({ bytes, done });
      this.queued += bytes.length;
      if (this.retry === null) this.pump();
    });
  }

  /** Writes what the pty takes now; the rest waits for the next try. */
  private pump(): void {
    this.retry = null;
    while (this.queue.length > 0 && this.writeFd !== null) {
      const head = this.queue[0]!;
      let n: number;
      try {
        n = writeSync(this.writeFd, head.bytes);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EAGAIN" || code === "EWOULDBLOCK") break;
        this.closed(e as Error);
        return;
      }
      this.queued -= n;
      if (n < head.bytes.length) {
        head.bytes = head.bytes.subarray(n);
        break;
      }
      this.queue.shift();
      head.done();
    }
    if (this.queue.length > 0 && this.writeFd !== null)
      this.retry = setTimeout(() => this.pump(), this.retryMs);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (err?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed();
  }

  private closeFds(): void {
    for (const fd of [this.readFd, this.writeFd]) {
      if (fd === null) continue;
      try {
        closeSync(fd);
      } catch {
        // Already closed by the read stream's destroy.
      }
    }
    this.readFd = this.writeFd = null;
  }

  private closed(err?: Error): void {
    if (this.readFd === null) return;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    // Bytes still waiting are lost with the port; their writers are not left hanging.
    for (const q of this.queue.splice(0)) q.done();
    this.queued = 0;
    this.input?.removeAllListeners("data");
    this.input?.destroy();
    this.input = null;
    this.closeFds();
    for (const l of [...this.closeListeners]) l(err);
  }
}

/**
 * Pseudo-terminal pairs made by socat (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`; socat
 * logs "N PTY is /dev/pts/K" for each end on stderr), and a Transport over one end.
 * `orbitrig emulate --pty` bridges one end to the emulated board and prints the other,
 * which any serial program can open (another orbitrig, screen, the Arduino monitor).
 * The end we keep is read and written through Node's tty streams (libuv's non-blocking
 * tty handle), so no thread is parked in a blocking read. A pty has no baud rate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { ReadStream, WriteStream } from "node:tty";
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

/** A Transport over a pty path (raw mode is set by socat). */
export class PtyTransport implements Transport {
  private fd: number | null = null;
  private input: ReadStream | null = null;
  private output: WriteStream | null = null;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(err?: Error) => void>();

  constructor(readonly path: string) {}

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Bytes written but not yet taken by the pty (it fills when nobody reads the other end). */
  get bufferedBytes(): number {
    return this.output?.writableLength ?? 0;
  }

  async open(): Promise<void> {
    if (this.fd !== null) throw new Error(`${this.path} is already open`);
    try {
      this.fd = openSync(this.path, constants.O_RDWR | constants.O_NOCTTY);
    } catch (e) {
      throw new OrbitrigError(
        "PORT_OPEN_FAILED",
        `cannot open ${this.path}: ${(e as Error).message}`,
        ExitCode.unavailable,
        { cause: e },
      );
    }
    this.input = new ReadStream(this.fd);
    this.output = new WriteStream(this.fd);
    this.input.on("data", (chunk: Buffer) => {
      for (const l of [...this.dataListeners]) l(new Uint8Array(chunk));
    });
    this.input.on("error", (err) => this.closed(err));
  }

  write(data: Uint8Array | string): Promise<void> {
    const out = this.output;
    if (!out) return Promise.reject(new Error(`${this.path} is not open`));
    return new Promise((resolve, reject) =>
      out.write(data, (err) => (err ? reject(err) : resolve())),
    );
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

  private closed(err?: Error): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    // The tty streams share one fd: destroy them without letting both close it.
    this.input?.removeAllListeners("data");
    this.input?.destroy();
    this.output?.destroy();
    this.input = this.output = null;
    try {
      closeSync(fd);
    } catch {
      // Already closed by a stream's destroy.
    }
    for (const l of [...this.closeListeners]) l(err);
  }
}

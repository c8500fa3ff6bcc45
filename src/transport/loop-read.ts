/**
 * serialport's binding with one change: reads happen on the event loop's own thread.
 *
 * serialport 13 reads a Linux or macOS port with fs.read, which libuv runs on its thread
 * pool: every chunk is a hand-off to a worker thread and back (a futex wake-up, the
 * worker's read, an eventfd write, an epoll wake-up). At a few thousand chunks a second
 * the hand-offs cost more CPU than all of our line handling (bench/serial.ts through a
 * pty: about 0.47 s of CPU to read 28 MB, against 0.19 s this way). This keeps the
 * binding's open, settings, writes, close and poller, and replaces read(): a non-blocking
 * read(2) right away, as libuv does for its own streams and pyserial does; when nothing
 * is waiting (EAGAIN) it waits for the poller's 'readable' (epoll). After READS_PER_TURN
 * reads in a row that found data it waits for the poller anyway, so a stream that never
 * pauses cannot keep timers and other IO waiting (libuv bounds its reads per loop turn
 * the same way). Windows keeps serialport's own read.
 */
import { readSync } from "node:fs";
import { SerialPort } from "serialport";

const READS_PER_TURN = 8;

type Binding = typeof SerialPort.binding;
type PortBinding = Awaited<ReturnType<Binding["open"]>>;
type ReadResult = Awaited<ReturnType<PortBinding["read"]>>;

/** What a Linux or macOS port binding has beyond the interface: its fd and poller. */
interface UnixPort {
  fd: number | null;
  readonly isOpen: boolean;
  poller: { once(event: "readable", cb: (err?: Error | null) => void): unknown };
}

function isUnixPort(port: unknown): port is UnixPort {
  const p = port as Partial<UnixPort>;
  return typeof p.fd === "number" && typeof p.poller?.once === "function";
}

/** As serialport's own read reports a read cut short by close(): the stream ignores it. */
function canceled(): Error {
  return Object.assign(new Error("Port is not open"), { canceled: true });
}

function readable(port: UnixPort): Promise<void> {
  return new Promise((resolve, reject) => {
    port.poller.once("readable", (err) => (err ? reject(err) : resolve()));
  });
}

function loopReader(port: UnixPort) {
  let inARow = 0;
  return async (buffer: Buffer, offset: number, length: number): Promise<ReadResult> => {
    if (inARow >= READS_PER_TURN) {
      inARow = 0;
      await readable(port);
    }
    for (;;) {
      if (!port.isOpen || port.fd === null) throw canceled();
      let n = 0;
      try {
        n = readSync(port.fd, buffer, offset, length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EAGAIN" && code !== "EWOULDBLOCK" && code !== "EINTR") throw e;
      }
      if (n > 0) {
        inARow++;
        return { bytesRead: n, buffer };
      }
      inARow = 0;
      await readable(port);
    }
  };
}

/** serialport's binding for this platform, reading on the event loop where it can. */
export const loopReadBinding: Binding = {
  ...SerialPort.binding,
  list: () => SerialPort.binding.list(),
  async open(options: Parameters<Binding["open"]>[0]): Promise<PortBinding> {
    const port = await SerialPort.binding.open(options as never);
    if (isUnixPort(port)) {
      Object.defineProperty(port, "read", { value: loopReader(port), configurable: true });
    }
    return port;
  },
} as Binding;

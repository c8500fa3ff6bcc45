/**
 * Frames per second through the host's serial path, side by side:
 *   1. decode only: decodeBoardLine + telemetryToFrame on lines in memory (no IO);
 *   2. SerialBoard over a MemoryLink (splitter, stats, listeners; no OS);
 *   3. SerialBoard over SerialportTransport on a socat pseudo-terminal pair (the real
 *      serialport binding and the kernel's pty).
 * A pty has no baud rate: (3) measures software, not a link. For scale, 115200 baud
 * carries about 11,520 bytes/s, so ~130 two-channel frames/s of ~88 bytes.
 *   npx tsx bench/serial.ts [frames]
 */
import { SerialBoard } from "../src/board/serial-board.js";
import { RealClock } from "../src/core/clock.js";
import { decodeBoardLine, encodeBoardMessage, telemetryToFrame } from "../src/protocol/index.js";
import type { BoardMessage, HelloChannel } from "../src/protocol/messages.js";
import { MemoryLink } from "../src/transport/memory.js";
import { SerialportTransport } from "../src/transport/serialport.js";
import { SocatPair } from "../src/transport/socat-pair.js";
import type { Transport } from "../src/transport/types.js";

const N = Number(process.argv[2] ?? 100_000);
const CHANNELS: HelloChannel[] = [
  { address: 0x40, role: "array" },
  { address: 0x41, role: "load" },
];

const hello: BoardMessage = {
  type: "HELLO",
  protocolVersion: 1,
  profile: "uno-ina219",
  firmwareVersion: "bench",
  boardId: "BENCH",
  caps: {},
  channels: CHANNELS,
};

function telemetryLine(seq: number): string {
  return encodeBoardMessage({
    type: "T",
    seq,
    ms: seq * 10,
    flags: 0x0103,
    panelC100: 2500 + (seq % 300),
    boardC100: 3100,
    lamp: seq % 256,
    load: 128,
    channels: [
      { busMv: 5123, shuntUv: 6420 + (seq % 50), currentUa: 64200 + (seq % 500), powerUw: 328900 },
      { busMv: 5120, shuntUv: 2210, currentUa: 22100, powerUw: 113150 },
    ],
  });
}

const lines = Array.from({ length: N }, (_, i) => `${telemetryLine(i)}\r\n`);
const bytes = lines.reduce((n, l) => n + l.length, 0);

function decodeOnly(): number {
  const t0 = performance.now();
  let ok = 0;
  for (const l of lines) {
    const r = decodeBoardLine(l.slice(0, -2));
    if (r.ok && r.message.type === "T") {
      telemetryToFrame(r.message, CHANNELS, 0);
      ok++;
    }
  }
  if (ok !== N) throw new Error(`decoded ${ok} of ${N}`);
  return performance.now() - t0;
}

/** Plays a board on `device`: answers INFO with HELLO, then streams every line in big chunks. */
async function throughBoard(
  host: Transport,
  device: Transport,
): Promise<{ ms: number; lost: number; rejected: number }> {
  device.onData((chunk) => {
    if (Buffer.from(chunk).toString("latin1").includes("INFO")) {
      device.write(`${encodeBoardMessage(hello)}\r\n`).catch(() => {});
    }
  });
  const board = new SerialBoard(host, new RealClock(), { reconnect: false, heartbeatMs: 60_000 });
  let received = 0;
  let resolveAll = () => {};
  const all = new Promise<void>((r) => {
    resolveAll = r;
  });
  board.onFrame(() => {
    if (++received === N) resolveAll();
  });
  await board.open();
  const t0 = performance.now();
  const CHUNK = 500;
  for (let i = 0; i < N; i += CHUNK) await device.write(lines.slice(i, i + CHUNK).join(""));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise((_, rej) => {
    timer = setTimeout(() => rej(new Error(`only ${received} of ${N} frames arrived`)), 120_000);
  });
  await Promise.race([all, bound]).finally(() => clearTimeout(timer));
  const ms = performance.now() - t0;
  const s = board.stats();
  await board.close();
  return { ms, lost: s.framesLost, rejected: s.checksumRejects + s.malformedLines };
}

function row(name: string, ms: number, note = ""): string {
  const fps = (N / ms) * 1000;
  return `${name.padEnd(44)} ${fps.toFixed(0).padStart(10)} frames/s ${(((bytes / ms) * 1000) / 1e6).toFixed(2).padStart(7)} MB/s  ${note}`;
}

decodeOnly(); // warm up the JIT
const decodeMs = decodeOnly();

const memLink = new MemoryLink("memory");
await memLink.device.open();
const mem = await throughBoard(memLink.host, memLink.device);

const socat = new SocatPair();
await socat.start();
const devicePort = new SerialportTransport({ path: socat.pathB });
await devicePort.open();
const pty = await throughBoard(new SerialportTransport({ path: socat.pathA }), devicePort);
await devicePort.close();
await socat.dispose();

console.log(
  `${N} two-channel telemetry frames, ${(bytes / N).toFixed(0)} bytes each, Node ${process.version}`,
);
console.log(row("decode only (decodeBoardLine + telemetryToFrame)", decodeMs));
console.log(
  row("SerialBoard over MemoryLink", mem.ms, `lost ${mem.lost}, rejected ${mem.rejected}`),
);
console.log(
  row(
    "SerialBoard over serialport + socat pty",
    pty.ms,
    `lost ${pty.lost}, rejected ${pty.rejected}`,
  ),
);
console.log(`(115200 baud would carry ${(11520 / (bytes / N)).toFixed(0)} of these frames/s)`);

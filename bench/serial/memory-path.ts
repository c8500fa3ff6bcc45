/**
 * The host's serial line path with no IO: SerialBoard (built, from dist/) on a transport
 * that hands it the stream in 4 KiB chunks, as a pty does. Returns frames per second,
 * one figure per round.
 */

import { encodeBoardMessage } from "../../src/protocol/index.js";
import type { Transport } from "../../src/transport/types.js";
import { HELLO, telemetry } from "./stream.js";

const dist = new URL("../../dist/", import.meta.url).href;

export async function memoryLinePath(frames: number, rounds: number): Promise<number[]> {
  const { SerialBoard } = (await import(
    `${dist}board/serial-board.js`
  )) as typeof import("../../src/board/serial-board.js");
  const { RealClock } = (await import(
    `${dist}core/clock.js`
  )) as typeof import("../../src/core/clock.js");
  const hello = Buffer.from(`${encodeBoardMessage(HELLO)}\r\n`, "latin1");
  const parts: string[] = [];
  for (let i = 0; i < frames; i++) parts.push(`${encodeBoardMessage(telemetry(i))}\r\n`);
  const data = Buffer.from(parts.join(""), "latin1");
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < data.length; o += 4096) chunks.push(data.subarray(o, o + 4096));

  let deliver: (chunk: Uint8Array) => void = () => {};
  let open = false;
  const transport: Transport = {
    path: "memory",
    get isOpen() {
      return open;
    },
    open: async () => {
      open = true;
    },
    close: async () => {
      open = false;
    },
    write: async (d) => {
      if (String(d).includes("INFO")) queueMicrotask(() => deliver(hello));
    },
    onData: (l) => {
      deliver = l;
      return () => {};
    },
    onClose: () => () => {},
  };
  const board = new SerialBoard(transport, new RealClock(), {
    reconnect: false,
    heartbeatMs: 60_000,
  });
  let received = 0;
  board.onFrame(() => {
    received++;
  });
  await board.open();
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    received = 0;
    const t0 = performance.now();
    for (const c of chunks) deliver(c);
    const s = (performance.now() - t0) / 1000;
    if (received !== frames) throw new Error(`memory path: ${received} of ${frames} frames`);
    out.push(frames / s);
  }
  await board.close();
  return out;
}

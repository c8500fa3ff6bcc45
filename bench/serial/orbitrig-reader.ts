/**
 * orbitrig's side of one serial-ingest round, in a process of its own (as pyserial's is):
 * the full host path a session uses (SerialportTransport -> SerialBoard: line splitting,
 * CRC, decode, Frame, link statistics, listeners) on DEVICE, every frame checked against
 * the values the stream was generated with and, with a path, written to an NDJSON
 * recording by the RecordingWriter. Prints one JSON object: frames, lost, rejected,
 * wrong (mis-decoded), and the wall and CPU seconds from the first frame to the last.
 *   npm run build && npx tsx bench/serial/orbitrig-reader.ts DEVICE FRAMES [NDJSON]
 */
import type { Frame } from "../../src/core/frame.js";
import { syntheticHeader } from "../../tests/telemetry/synthetic.js";
import { FLAGS, telemetry } from "./stream.js";

// The measured code is the built package (dist/, as shipped), not src/ through tsx.
const dist = new URL("../../dist/", import.meta.url).href;
const { SerialBoard } = (await import(
  `${dist}board/serial-board.js`
)) as typeof import("../../src/board/serial-board.js");
const { RealClock } = (await import(
  `${dist}core/clock.js`
)) as typeof import("../../src/core/clock.js");
const { RecordingWriter } = (await import(
  `${dist}telemetry/writer.js`
)) as typeof import("../../src/telemetry/writer.js");
const { SerialportTransport } = (await import(
  `${dist}transport/serialport.js`
)) as typeof import("../../src/transport/serialport.js");

const [device, framesArg, recording] = process.argv.slice(2);
const wanted = Number(framesArg);
const clock = new RealClock();
const board = new SerialBoard(new SerialportTransport({ path: device! }), clock, {
  reconnect: false,
  // The writer plays a board that answers INFO only; a heartbeat would wait for an ACK.
  heartbeatMs: 60_000,
});
const writer = recording ? new RecordingWriter({ clock }) : null;
if (writer && recording) writer.open(recording, syntheticHeader());

const ch1 = telemetry(0).channels[1]!;
/** Does f carry exactly what frame f.seq was generated with? No allocation: it runs per frame. */
function correct(f: Frame): boolean {
  const s = f.seq;
  const a = f.channels[0];
  const b = f.channels[1];
  return (
    f.boardMs === s * 10 &&
    f.flags === FLAGS &&
    f.panelTempC === (2500 + (s % 300)) / 100 &&
    f.boardTempC === null &&
    f.lamp === s % 256 &&
    f.load === 128 &&
    f.channels.length === 2 &&
    a !== undefined &&
    b !== undefined &&
    a.present &&
    a.busV === 5.123 &&
    a.shuntMv === (6420 + (s % 50)) / 1000 &&
    a.currentMa === (64200 + (s % 500)) / 1000 &&
    a.powerMw === 328.9 &&
    f.powerMw === 328.9 &&
    b.role === "load" &&
    b.shuntMv === ch1.shuntUv / 1000 &&
    b.currentMa === ch1.currentUa / 1000 &&
    b.powerMw === ch1.powerUw / 1000
  );
}

let frames = 0;
let wrong = 0;
let expectSeq = 0;
let finish = () => {};
const all = new Promise<void>((r) => {
  finish = r;
});
let c0 = process.cpuUsage();
let t0 = 0;
board.onFrame((f) => {
  if (frames === 0) {
    c0 = process.cpuUsage();
    t0 = performance.now();
  }
  if (f.seq !== expectSeq || !correct(f)) wrong++;
  expectSeq = f.seq + 1;
  writer?.frame(f);
  if (++frames === wanted) finish();
});
await board.open();
const silence = setInterval(() => {
  if (clock.nowMs() - (board.stats().lastFrameHostMs ?? 0) > 5000) finish();
}, 1000);
await all;
const wallS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
clearInterval(silence);
writer?.close({ endReason: "quit" });
const s = board.stats();
await board.close();
process.stdout.write(
  `${JSON.stringify({
    frames,
    lost: s.framesLost,
    rejected: s.checksumRejects + s.malformedLines,
    wrong,
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
  })}\n`,
);
process.exit(0);

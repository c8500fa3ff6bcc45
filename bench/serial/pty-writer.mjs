// Plays the board for one serial-ingest round: opens the device end of a pty pair,
// waits for the reader's first command line (both readers send INFO), then writes the
// HELLO line, gives the reader 200 ms to take it (orbitrig's SerialBoard drops telemetry
// until its handshake is done, as with a real board), then writes the telemetry in 64 KiB
// blocks. Blocking writes: a pty applies
// back-pressure, so the writer runs exactly as fast as the reader reads. It stays open
// until its stdin closes, so the reader never sees a hang-up before the last byte.
//   node pty-writer.mjs DEVICE STREAMFILE
import { constants, openSync, readFileSync, readSync, writeSync } from "node:fs";

const [device, file] = process.argv.slice(2);
const data = readFileSync(file);
const fd = openSync(device, constants.O_RDWR | constants.O_NOCTTY);
const probe = Buffer.alloc(256);
for (;;) {
  const n = readSync(fd, probe, 0, probe.length, null);
  if (probe.subarray(0, n).includes(10)) break;
}
const BLOCK = 64 * 1024;
const helloEnd = data.indexOf(10) + 1;
writeSync(fd, data, 0, helloEnd);
await new Promise((r) => setTimeout(r, 200));
for (let off = helloEnd; off < data.length; ) {
  off += writeSync(fd, data, off, Math.min(BLOCK, data.length - off));
}
process.stdout.write("sent\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));

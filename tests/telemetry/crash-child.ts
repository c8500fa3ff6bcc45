/**
 * Child process for the crash test: records synthetic frames on the real clock until it is
 * killed, printing how many frames it knows were written (flushed) so far.
 */
import { RealClock } from "../../src/core/clock.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const path = process.argv[2]!;
const clock = new RealClock();
const writer = new RecordingWriter({ clock, flushMs: 20 });
writer.open(path, syntheticHeader());
let i = 0;
let written = 0;
const tick = () => {
  for (let k = 0; k < 50; k++, i++) {
    const f = syntheticFrame(i);
    writer.frame(f, syntheticNode(i, f));
  }
  clock.setTimeout(tick, 5);
};
const report = () => {
  // Everything handed over before the last flush is on disk; flush() is synchronous.
  writer.flush();
  written = i;
  process.stdout.write(`written ${written}\n`);
  clock.setTimeout(report, 30);
};
tick();
report();

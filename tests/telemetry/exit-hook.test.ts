/**
 * A recording still open when the process exits (a second Ctrl-C while the session stops,
 * an exit from an error path) is closed by the writer's exit hook: its pending lines are
 * written and a footer says "exit". Before, the lines waiting for the next flush (up to
 * flushMs) were lost and the file had no footer.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { closeOpenRecordings, RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const ROOT = join(import.meta.dirname, "../..");
const tmp = () => mkdtempSync(join(tmpdir(), "orbitrig-exit-"));

/** The file's lines: a frame row (an array starting "f") as type "frame". */
const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => {
      const v = JSON.parse(l) as unknown;
      return (Array.isArray(v) ? { type: v[0] === "f" ? "frame" : String(v[0]) } : v) as {
        type: string;
        endReason?: string;
        frames?: number;
      };
    });

describe("a recording open at exit", () => {
  it("closeOpenRecordings writes what waits and a footer 'exit'; closed ones are left", () => {
    const open = join(tmp(), "open.ndjson");
    const closed = join(tmp(), "closed.ndjson");
    const w = new RecordingWriter({ clock: new ManualClock(), flushMs: 500 });
    w.open(open, syntheticHeader());
    for (let i = 0; i < 30; i++) {
      const f = syntheticFrame(i);
      w.frame(f, syntheticNode(i, f));
    }
    const done = new RecordingWriter({ clock: new ManualClock(), flushMs: 500 });
    done.open(closed, syntheticHeader());
    done.close({ endReason: "quit" });
    const before = readFileSync(closed, "utf8");
    // The frames wait for the flush timer (the clock never moves): only the header is out.
    expect(lines(open)).toHaveLength(1);
    expect(closeOpenRecordings()).toBe(1);
    const got = lines(open);
    expect(got.filter((l) => l.type === "frame")).toHaveLength(30);
    expect(got.at(-1)).toMatchObject({ type: "footer", endReason: "exit", frames: 30 });
    expect(readFileSync(closed, "utf8")).toBe(before);
    expect(closeOpenRecordings()).toBe(0);
  });

  it("a process that exits with the recording open leaves it whole, with its footer", () => {
    const dir = tmp();
    const path = join(dir, "run.ndjson");
    const script = join(dir, "exit.ts");
    writeFileSync(
      script,
      `import { ManualClock } from ${JSON.stringify(join(ROOT, "src/core/clock.ts"))};
import { RecordingWriter } from ${JSON.stringify(join(ROOT, "src/telemetry/writer.ts"))};
import { syntheticFrame, syntheticHeader, syntheticNode } from ${JSON.stringify(join(ROOT, "tests/telemetry/synthetic.ts"))};
const w = new RecordingWriter({ clock: new ManualClock(), flushMs: 500 });
w.open(${JSON.stringify(path)}, syntheticHeader());
for (let i = 0; i < 12; i++) { const f = syntheticFrame(i); w.frame(f, syntheticNode(i, f)); }
process.exit(3);
`,
    );
    const r = spawnSync(process.execPath, ["--import", "tsx", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(3);
    const got = lines(path);
    expect(got.filter((l) => l.type === "frame")).toHaveLength(12);
    expect(got.at(-1)).toMatchObject({ type: "footer", endReason: "exit", frames: 12 });
  });
});

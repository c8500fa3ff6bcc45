import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { RecordingReader } from "../../src/telemetry/reader.js";

it("a recording killed with SIGKILL mid-session reads back up to its last complete line, no gap", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "orbitrig-crash-")), "crash.ndjson");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "crash-child.ts"), path],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let written = 0;
  await new Promise<void>((resolve, reject) => {
    const bound = setTimeout(
      () => reject(new Error("child never reported 2000 written frames")),
      30_000,
    );
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      for (const m of s.matchAll(/written (\d+)/g)) written = Math.max(written, Number(m[1]));
      if (written >= 2000) {
        clearTimeout(bound);
        child.kill("SIGKILL");
        resolve();
      }
    });
    child.on("exit", () => reject(new Error("child exited before it was killed")));
  });
  await new Promise((r) => child.once("close", r));
  const reader = new RecordingReader(path);
  const seqs: number[] = [];
  for await (const r of reader) if (r.type === "frame") seqs.push(r.frame.seq);
  expect(reader.counts.corrupt).toBe(0);
  expect(reader.counts.footer).toBe(false);
  expect(seqs.length).toBeGreaterThanOrEqual(written);
  // No line dropped in the middle: sequence numbers run 0..n-1 without a hole.
  expect(seqs.every((s, i) => s === i)).toBe(true);
});

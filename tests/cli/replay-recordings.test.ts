/**
 * `replay` on recordings a user may hold: the re-run needs the rig the session ran with, from
 * the header; a header without one is said in one line naming the file. Playback skips
 * corrupt lines as every reader does, and says how many it skipped.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { replayHeadless } from "../../src/cli/actions/replay.js";
import { isOrbitrigError } from "../../src/core/errors.js";
import { buildReplaySession } from "../../src/rig/session.js";

const SAMPLE = join(import.meta.dirname, "../fixtures/recordings/emulated-sunlit-only.ndjson");

/** The sample with its header changed by `edit` and its lines by `lines`, in a new file. */
function withHeader(
  edit: (h: Record<string, unknown>) => void,
  lines: (l: string[]) => string[] = (l) => l,
): string {
  const [first, ...body] = readFileSync(SAMPLE, "utf8").split("\n");
  const h = JSON.parse(first!) as Record<string, unknown>;
  edit(h);
  const rest = lines(body);
  const path = join(mkdtempSync(join(tmpdir(), "orbitrig-replay-")), "rec.ndjson");
  writeFileSync(path, [JSON.stringify(h), ...rest].join("\n"));
  return path;
}

const run = (path: string) => {
  try {
    replayHeadless(path, { speed: "max", set: [] });
  } catch (e) {
    return e;
  }
  return null;
};

describe("replay --headless and the header's rig", () => {
  it("re-runs the sample as recorded", () => {
    expect(replayHeadless(SAMPLE, { speed: "max", set: [] })).toMatch(
      /re-run identical to the recording/,
    );
  });

  it("says a header without its rig cannot be re-run, naming the file", () => {
    for (const edit of [
      (h: Record<string, unknown>) => delete h.rig,
      (h: Record<string, unknown>) => {
        h.rig = { path: "x.yaml", text: null, config: null };
      },
    ]) {
      const path = withHeader(edit);
      const e = run(path);
      expect(isOrbitrigError(e)).toBe(true);
      expect((e as Error).message).toBe(
        `${path}:1 header.rig.config: missing; a re-run needs the rig the session ran with`,
      );
    }
  });
});

describe("replay played back and the header's rig", () => {
  it("says a header without its rig in the same line as --headless", () => {
    const path = withHeader((h) => delete h.rig);
    let e: unknown = null;
    try {
      buildReplaySession(path, { speed: "max" });
    } catch (x) {
      e = x;
    }
    expect(isOrbitrigError(e)).toBe(true);
    expect((e as Error).message).toBe(
      `${path}:1 header.rig.config: missing; a re-run needs the rig the session ran with`,
    );
  });

  it("plays the sample with its recorded rig and policy", async () => {
    const r = buildReplaySession(SAMPLE, { speed: "max" });
    expect(r.model.policyName).toBe("sunlit-only");
    await r.board.close();
  });
});

describe("replay --headless with no frame to re-run", () => {
  it("says so, not that the recording was made without the node model", () => {
    const noFrames = withHeader(
      () => {},
      (l) => l.filter((x) => !x.startsWith('["f"')),
    );
    const late = replayHeadless(SAMPLE, { speed: "max", set: [], from: 36_000 });
    for (const out of [replayHeadless(noFrames, { speed: "max", set: [] }), late]) {
      expect(out).toMatch(/: 0 frames,/);
      expect(out).toMatch(/node states: no frames to re-run \(none in the file or in the window\)/);
      expect(out).not.toMatch(/without the node model/);
    }
  });
});

describe("replay (playback) of a damaged recording", () => {
  it("plays the good frames and says on stderr which lines it skipped", async () => {
    // Lines 5 and 9 of the file (body lines 3 and 7) garbled.
    const path = withHeader(
      () => {},
      (l) => l.map((x, i) => (i === 3 || i === 7 ? `${x.slice(0, 12)}\u0000` : x)),
    );
    const CLI = join(import.meta.dirname, "../../bin/orbitrig.js");
    const r = await promisify(execFile)(
      process.execPath,
      [CLI, "replay", path, "--speed", "max", "--json"],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ reason: "end-of-recording" });
    // After the status lines, the last line.
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(
      `${path}: 2 corrupt lines skipped (line 5, 9)`,
    );
  });
});

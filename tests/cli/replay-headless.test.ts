/**
 * `replay --headless` on recordings a user may hold: the re-run needs the rig the session ran
 * with, from the header; a header without one is said in one line naming the file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replayHeadless } from "../../src/cli/actions/replay.js";
import { isOrbitrigError } from "../../src/core/errors.js";

const SAMPLE = join(import.meta.dirname, "../fixtures/recordings/emulated-sunlit-only.ndjson");

/** The sample with its header changed by `edit`, in a new file. */
function withHeader(edit: (h: Record<string, unknown>) => void): string {
  const [first, ...rest] = readFileSync(SAMPLE, "utf8").split("\n");
  const h = JSON.parse(first!) as Record<string, unknown>;
  edit(h);
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

/**
 * What a rig (or lesson) file path can point at that is not a small text file: a device
 * that never ends, bytes that are not UTF-8, a second YAML document, a field left out.
 * Each is one line naming the file (and the line), exit 2; nothing hangs.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRig, loadRigText, MAX_RIG_FILE_BYTES, parseRig } from "../../src/config/index.js";
import { isOrbitrigError } from "../../src/core/errors.js";

function failure(fn: () => unknown): { message: string; exitCode: number } {
  try {
    fn();
  } catch (e) {
    if (isOrbitrigError(e)) return { message: e.message, exitCode: e.exitCode };
    throw e;
  }
  throw new Error("no error");
}

const dir = mkdtempSync(join(tmpdir(), "yaml-read-"));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("reading a rig file", () => {
  it("a device that never ends (/dev/zero) is refused at the size limit, not read for ever", () => {
    const e = failure(() => loadRig("/dev/zero"));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      `/dev/zero:1 (top level): the file is over ${MAX_RIG_FILE_BYTES / 1024} KiB; a rig file may be at most ${MAX_RIG_FILE_BYTES / 1024} KiB`,
    );
  });

  it("bytes that are not UTF-8 are named with their line, not read as replacement characters", () => {
    const path = file(
      "latin1.yaml",
      Buffer.concat([
        Buffer.from("name: bench\ndescription: panel at 25 "),
        Buffer.from([0xb0]),
        Buffer.from("C\n"),
      ]),
    );
    const e = failure(() => loadRig(path));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      `${path}:2 (top level): the file is not UTF-8 text (byte 0xb0); save it as UTF-8`,
    );
  });

  it("a BOM and CRLF line ends are still read", () => {
    const path = file("bom.yaml", "\ufeffname: bench\r\norbit:\r\n  timeScale: 60\r\n");
    expect(loadRig(path).config.orbit.timeScale).toBe(60);
  });
});

describe("YAML a rig file cannot hold, in the user's words", () => {
  it.each([
    [
      "a second document",
      "orbit: {}\n---\norbit: {}\n",
      "x.yaml:2 a rig file is one YAML document; a second one starts here (---)",
    ],
    [
      "a merge key",
      "base: &b\n  timeScale: 30\norbit:\n  <<: *b\n",
      "x.yaml:4 orbit.<<: YAML merge keys (<<) are not read; write the fields out",
    ],
    [
      "a section whose fields are all commented out",
      "orbit:\n  # timeScale: 60\nnode: {}\n",
      "x.yaml:1 orbit: an empty section; give its fields, or remove it",
    ],
    [
      "an alias to no anchor",
      "x: &v 60\norbit:\n  altitudeKm: *v\n  timeScale: *nope\n",
      "x.yaml:4 the alias *nope names no anchor (&nope) set before it",
    ],
  ])("%s", (_what, text, message) => {
    const e = failure(() => loadRigText(text, "x.yaml"));
    expect(e.exitCode).toBe(2);
    expect(e.message.startsWith(message)).toBe(true);
  });
});

it("a key that is a collection is one line, with no warning from the YAML library", async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on("warning", onWarning);
  try {
    const e = failure(() => loadRigText("? [a, b]\n: 3\n", "x.yaml"));
    expect(e.message).toBe("x.yaml:1 [ a, b ]: unknown field");
    // Node emits a process warning on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", onWarning);
  }
  expect(warnings).toEqual([]);
});

it("a rig built from overrides (--set) names an unknown field as the file loader does", () => {
  const e = failure(() => parseRig({ orbit: { betaDegs: 0 } }, "rig.yaml + --set"));
  expect(e.exitCode).toBe(2);
  expect(e.message).toBe("rig.yaml + --set orbit.betaDegs: unknown field");
});

/**
 * doctor's last step, storing the measured full-sun power in the rig file: a file that
 * cannot be written no longer crashes the command after a good measurement; it prints the
 * value and the line to add by hand, and exits 74.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { storeMeasurement } from "../../src/cli/actions/doctor.js";
import { loadRig, setRigValue } from "../../src/config/index.js";
import { isOrbitrigError } from "../../src/core/errors.js";

function copiedRig() {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-doctor-"));
  const path = join(dir, "desk.yaml");
  copyFileSync("rigs/desk-uno.yaml", path);
  return { dir, path, rig: loadRig(path) };
}

describe("doctor stores the measurement", () => {
  it("in a writable rig file", () => {
    const { path, rig } = copiedRig();
    expect(storeMeasurement(rig, 692.8, true)).toEqual({
      text: `stored calibration.fullSunBenchMw: 692.8 in ${path}\n`,
      exitCode: 0,
    });
    expect(loadRig(path).config.calibration.fullSunBenchMw).toBe(692.8);
  });

  it("a rig file that cannot be written: one IO line, the file as it was", () => {
    const { path } = copiedRig();
    const before = readFileSync(path, "utf8");
    // Something already sits where the new file is written before it replaces the old one.
    mkdirSync(`${path}.tmp-${process.pid}`);
    let err: unknown;
    try {
      setRigValue(path, ["calibration", "fullSunBenchMw"], 692.8);
    } catch (e) {
      err = e;
    }
    expect(isOrbitrigError(err) && err.code).toBe("IO");
    expect((err as Error).message).toMatch(new RegExp(`^${path}: cannot write: `));
    expect((err as Error).message).not.toContain("\n");
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  it("when the write fails: the value, the line to add by hand, exit 74", () => {
    const { path, rig } = copiedRig();
    mkdirSync(`${path}.tmp-${process.pid}`);
    const r = storeMeasurement(rig, 692.8, true);
    expect(r.exitCode).toBe(74);
    const [first, ...rest] = r.text.trimEnd().split("\n");
    expect(first).toMatch(
      new RegExp(`^full-sun bench power 692.8 mW, not stored: ${path}: cannot write: `),
    );
    expect(rest).toEqual([
      `add it by hand under calibration: in ${path}:`,
      "  fullSunBenchMw: 692.8",
    ]);
  });

  it("a mistake of the store itself is not turned into advice", () => {
    const { rig } = copiedRig();
    const broken = () => {
      throw new TypeError("a bug");
    };
    expect(() => storeMeasurement(rig, 692.8, true, broken)).toThrow(TypeError);
  });
});

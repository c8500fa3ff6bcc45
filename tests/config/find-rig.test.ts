/**
 * --rig lookup (src/config/load.ts findRig, src/core/shipped.ts): a file that exists wins,
 * a bare name is a rig shipped in the package's rigs/, an unknown name lists them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRig, loadRig, shippedRigs } from "../../src/config/index.js";
import { isOrbitrigError } from "../../src/core/errors.js";
import { isBareName, packageRoot, shipped, shippedNames } from "../../src/core/shipped.js";

const rigsDir = join(packageRoot, "rigs");
const onDisk = readdirSync(rigsDir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""))
  .sort();

describe("shipped files", () => {
  it.each([
    ["classroom", true],
    ["classroom.yaml", true],
    ["my rig.yaml", true],
    ["rigs/classroom.yaml", false],
    ["./classroom", false],
    ["..\\classroom", false],
    ["/abs/x.yaml", false],
    ["..", false],
    ["", false],
  ] as const)("%j is a bare name: %s", (text, bare) => {
    expect(isBareName(text)).toBe(bare);
  });

  it("lists and finds the package's rigs, with or without .yaml", () => {
    expect(shippedNames("rigs")).toEqual(onDisk);
    expect(shipped("rigs", "classroom")).toBe(join(rigsDir, "classroom.yaml"));
    expect(shipped("rigs", "classroom.yaml")).toBe(join(rigsDir, "classroom.yaml"));
    expect(shipped("rigs", "nope")).toBeNull();
    expect(shipped("rigs", "../rigs/classroom")).toBeNull();
  });
});

describe("findRig", () => {
  it("a bare name is the shipped rig", () => {
    expect(findRig("classroom")).toEqual({
      path: join(rigsDir, "classroom.yaml"),
      shippedName: "classroom",
    });
    expect(findRig("desk-uno.yaml").shippedName).toBe("desk-uno");
  });

  it("a file that exists wins; a path is read as given", () => {
    // The tests run in the package root, where rigs/classroom.yaml and README.md exist.
    expect(findRig("rigs/classroom.yaml")).toEqual({
      path: "rigs/classroom.yaml",
      shippedName: null,
    });
    expect(findRig("README.md")).toEqual({ path: "README.md", shippedName: null });
    expect(findRig("elsewhere/x.yaml")).toEqual({ path: "elsewhere/x.yaml", shippedName: null });
  });

  it.each(["nope", "classrom.yaml", "rigs"])(
    "an unknown name %j lists the shipped rigs on one line",
    (name) => {
      let message = "";
      try {
        findRig(name);
      } catch (e) {
        expect(isOrbitrigError(e) && e.code === "RIG_NOT_FOUND" && e.exitCode === 2).toBe(true);
        message = (e as Error).message;
      }
      expect(message).toBe(
        `${name}: no such rig file, and no shipped rig of that name (shipped: ${onDisk.join(", ")}; \`orbitrig rigs list\` describes them)`,
      );
    },
  );

  it("loadRig marks a rig found by name, and only that", () => {
    const byName = loadRig("classroom");
    expect(byName.shippedName).toBe("classroom");
    expect(byName.text).toBe(readFileSync(join(rigsDir, "classroom.yaml"), "utf8"));
    expect(loadRig("rigs/classroom.yaml").shippedName).toBeUndefined();
  });
});

describe("shippedRigs", () => {
  it("describes every shipped rig; board kind none only for files without a board", () => {
    const rigs = shippedRigs();
    expect(rigs.map((r) => r.name)).toEqual(onDisk);
    for (const r of rigs) {
      const hasBoard = /^board:/m.test(readFileSync(r.path, "utf8"));
      expect(r.boardKind === null, r.name).toBe(!hasBoard);
      expect(r.description, r.name).not.toMatch(/\n|^$/);
    }
    expect(rigs.find((r) => r.name === "desk-firmata")?.boardKind).toBe("firmata");
  });
});

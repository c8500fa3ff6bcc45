import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRig, setRigValue } from "../../src/config/index.js";
import { runDoctor } from "../../src/session/doctor.js";
import { driveClock, FakeBoard, streamFrames } from "./fakes.js";

const opts = { lampFullLevel: 255, responseFactor: 3, responseMs: 2000 };

describe("doctor", () => {
  it("passes a healthy rig and measures the settled full-sun power", async () => {
    const board = new FakeBoard();
    streamFrames(board, 50, { darkMa: 0.2, litMaPerLevel: 0.5, lagMs: 100 });
    const r = await driveClock(board.clock, runDoctor(board, opts));
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ["handshake", true],
      ["telemetry", true],
      ["current sensor", true],
      ["panel temperature", true],
      ["lamp response", true],
      ["full-sun bench power", true],
    ]);
    // Settled: (0.2 + 255 × 0.5) mA × 5 V.
    expect(r.fullSunBenchMw).toBeCloseTo((0.2 + 127.5) * 5, 0);
    expect(r.ok).toBe(true);
    expect(board.lamp).toBe(0);
    expect(board.closed).toBe(true);
  });

  it("fails the lamp check with wiring advice when the cell does not respond", async () => {
    const board = new FakeBoard();
    streamFrames(board, 50, { darkMa: 0.2, litMaPerLevel: 0.0005 });
    const r = await driveClock(board.clock, runDoctor(board, opts));
    const lampCheck = r.checks.find((c) => c.name === "lamp response");
    expect(lampCheck?.ok).toBe(false);
    expect(lampCheck?.advice).toMatch(/MOSFET|relay/);
    expect(r.fullSunBenchMw).toBeNull();
    expect(board.lamp).toBe(0);
  });

  it("fails when the lamp responds too slowly for the bound", async () => {
    const board = new FakeBoard();
    streamFrames(board, 50, { darkMa: 0.2, litMaPerLevel: 0.5, lagMs: 600_000 });
    const r = await driveClock(board.clock, runDoctor(board, { ...opts, responseMs: 500 }));
    expect(r.checks.find((c) => c.name === "lamp response")?.ok).toBe(false);
  });

  it("reports a handshake failure with advice and no further checks", async () => {
    const board = new FakeBoard();
    board.open = async () => {
      throw new Error("no HELLO within 5000 ms on /dev/ttyACM0");
    };
    const r = await driveClock(board.clock, runDoctor(board, opts));
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0]).toMatchObject({ name: "handshake", ok: false });
    expect(r.checks[0]!.advice).toMatch(/firmware/);
  });
});

describe("writing the measurement back into the rig file", () => {
  it("keeps comments and validates the result", () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-rig-"));
    const path = join(dir, "desk.yaml");
    writeFileSync(
      path,
      "# my desk rig\nname: desk # the one by the window\ncalibration:\n  shuntOhms: 0.1\n",
    );
    setRigValue(path, ["calibration", "fullSunBenchMw"], 412.5);
    const text = readFileSync(path, "utf8");
    expect(text).toContain("# my desk rig");
    expect(text).toContain("# the one by the window");
    expect(loadRig(path).config.calibration.fullSunBenchMw).toBe(412.5);
    expect(() => setRigValue(path, ["calibration", "fullSunBenchMw"], "bright")).toThrow(
      /calibration.fullSunBenchMw/,
    );
    expect(loadRig(path).config.calibration.fullSunBenchMw).toBe(412.5);
  });
});

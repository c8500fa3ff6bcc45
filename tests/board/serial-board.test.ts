import { describe, expect, it } from "vitest";
import { CommandRejectedError } from "../../src/board/commands.js";
import { ina219Calibration } from "../../src/chips/ina219-calibration.js";
import { OrbitrigError } from "../../src/core/errors.js";
import { NakCode } from "../../src/protocol/constants.js";
import { mockRig, settle, until } from "./harness.js";

describe("SerialBoard handshake", () => {
  it("accepts the boot HELLO of a board that ignored INFO while its bootloader ran, then applies settings in order", async () => {
    const rig = mockRig(
      {
        watchdogMs: 2000,
        overTempC: 55.5,
        rateHz: 25,
        calibration: [{ channel: "array", shuntOhms: 0.1, maxCurrentA: 0.4 }],
      },
      { bootDelayMs: 1600, boardId: "UNO-42" },
    );
    await rig.open();
    expect(rig.board.info).toMatchObject({
      kind: "serial",
      port: "/dev/ttyMOCK0",
      profile: "uno-ina219",
      boardId: "UNO-42",
      protocolVersion: 1,
    });
    expect(rig.clock.nowMs()).toBeGreaterThanOrEqual(1600);
    // Settings, in the order the driver sends them, once the board is up.
    expect(
      rig.mock.received.filter((c) => c.type !== "INFO" && c.type !== "HB").map((c) => c.type),
    ).toEqual(["WDT", "OTL", "CAL", "RATE"]);
    expect(rig.mock.watchdogMs).toBe(2000);
    expect(rig.mock.overTempC100).toBe(5550);
    expect(rig.mock.rateHz).toBe(25);
    const expected = ina219Calibration({ shuntOhms: 0.1, maxCurrentA: 0.4 });
    expect(rig.mock.calibrations.get(0)).toEqual({
      cal: expected.cal,
      config: expected.config,
      currentLsbNa: expected.currentLsbNa,
    });
    expect(rig.events.filter((e) => e.kind === "link-up")).toEqual([
      { kind: "link-up", hostMs: expect.any(Number), reconnect: false },
    ]);
  });

  it("fails with HANDSHAKE_TIMEOUT saying nothing arrived when the board is silent", async () => {
    const rig = mockRig({ handshakeTimeoutMs: 3000 }, { bootDelayMs: 60_000 });
    rig.mock.dropCommands = 1000;
    const err = await rig.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OrbitrigError);
    expect((err as OrbitrigError).code).toBe("HANDSHAKE_TIMEOUT");
    expect((err as Error).message).toMatch(
      /no HELLO from \/dev\/ttyMOCK0 within 3000 ms; nothing arrived/,
    );
    expect(rig.link.host.isOpen).toBe(false);
  });

  it("says lines arrived but none was HELLO when another firmware is talking", async () => {
    const rig = mockRig({ handshakeTimeoutMs: 2000 }, { bootDelayMs: 60_000 });
    rig.mock.dropCommands = 1000;
    const tick = () => {
      rig.mock.injectRaw("\xf9\x02\x04StandardFirmata\n");
      rig.clock.setTimeout(tick, 300);
    };
    tick();
    const err = await rig.open().catch((e: unknown) => e);
    expect((err as OrbitrigError).code).toBe("HANDSHAKE_TIMEOUT");
    expect((err as Error).message).toMatch(/line\(s\) arrived but none was a protocol v1 HELLO/);
  });

  it("refuses a firmware of another protocol version, naming both versions", async () => {
    const rig = mockRig({}, { protocolVersion: 2, firmwareVersion: "2.0.0" });
    const err = await rig.open().catch((e: unknown) => e);
    expect((err as OrbitrigError).code).toBe("PROTOCOL_VERSION");
    expect((err as Error).message).toMatch(/speaks protocol v2, this orbitrig speaks protocol v1/);
    expect((err as Error).message).toContain("2.0.0");
    expect(rig.board.stats().link).toBe("closed");
  });
});

describe("SerialBoard commands", () => {
  it("resends an unanswered command until it is acknowledged", async () => {
    const rig = mockRig({ commandTimeoutMs: 300, commandRetries: 3 });
    await rig.open();
    rig.mock.dropCommands = 2;
    const s = settle(rig.board.setLamp(120));
    await until(rig, () => s.done, 5000, "setLamp");
    expect(s.error).toBeUndefined();
    expect(rig.mock.lamp).toBe(120);
    expect(rig.board.stats().commandsRetried).toBe(2);
  });

  it("reports a command failed after its retries when the board never answers", async () => {
    const rig = mockRig({ commandTimeoutMs: 300, commandRetries: 2, heartbeatMs: 60_000 });
    await rig.open();
    rig.mock.dropCommands = 100;
    const s = settle(rig.board.setLoad(10));
    await until(rig, () => s.done, 5000, "setLoad");
    expect((s.error as OrbitrigError).code).toBe("COMMAND_FAILED");
    expect((s.error as Error).message).toBe("LOAD 10: no answer within 300 ms, after 3 attempts");
    expect(rig.board.stats()).toMatchObject({ commandsFailed: 1, commandsRetried: 2 });
  });

  it.each([NakCode.denied, NakCode.range, NakCode.noSensor])(
    "turns NAK %s into a typed error with the board's reason",
    async (code) => {
      const rig = mockRig();
      await rig.open();
      rig.mock.nak = { code, count: 1 };
      const s = settle(rig.board.setLamp(100));
      await until(rig, () => s.done, 2000, "setLamp");
      expect(s.error).toBeInstanceOf(CommandRejectedError);
      expect((s.error as CommandRejectedError).nakCode).toBe(code);
      expect((s.error as Error).message).toMatch(
        new RegExp(`^board refused LAMP 100: ${code} \\(`),
      );
      expect(rig.mock.lamp).toBe(0);
    },
  );

  it("resends a command the board received corrupted (NAK CRC)", async () => {
    const rig = mockRig();
    await rig.open();
    rig.mock.nak = { code: NakCode.crc, count: 1 };
    const s = settle(rig.board.setLamp(77));
    await until(rig, () => s.done, 2000, "setLamp");
    expect(s.error).toBeUndefined();
    expect(rig.mock.lamp).toBe(77);
    expect(rig.board.stats().commandsRetried).toBe(1);
  });

  it("resends at once a command the firmware could not read (NAK,0,?,CRC), without waiting for the timeout", async () => {
    const rig = mockRig({ commandTimeoutMs: 5000 });
    await rig.open();
    rig.mock.corruptCommands = 2;
    const t0 = rig.clock.nowMs();
    const s = settle(rig.board.setLoad(33));
    await until(rig, () => s.done, 1000, "setLoad");
    expect(s.error).toBeUndefined();
    expect(rig.clock.nowMs() - t0).toBeLessThan(100);
    expect(rig.mock.load).toBe(33);
    expect(rig.board.stats().commandsRetried).toBe(2);
  });

  it("keeps the firmware watchdog fed while idle", async () => {
    const rig = mockRig({ watchdogMs: 1500 });
    await rig.open();
    await rig.board.setLamp(50);
    await rig.advance(20_000);
    expect(rig.mock.watchdogTripped).toBe(false);
    expect(rig.mock.lamp).toBe(50);
    expect(rig.mock.received.filter((c) => c.type === "HB").length).toBeGreaterThanOrEqual(35);
  });

  it("without heartbeats the firmware watchdog would trip (the mock enforces it)", async () => {
    const rig = mockRig({ watchdogMs: 1500, heartbeatMs: 60_000 });
    await rig.open();
    await rig.board.setLamp(50);
    await rig.advance(2000);
    expect(rig.mock.watchdogTripped).toBe(true);
    expect(rig.frames.at(-1)?.status.watchdogTripped).toBe(true);
    expect(rig.events.some((e) => e.kind === "board-event" && e.name === "HOSTLOST")).toBe(true);
  });
});

describe("MockBoard over-temperature cut (as the firmware does it)", () => {
  it("cuts the lamp at the limit, refuses LAMP > 0 with DENIED, and clears 5 C below", async () => {
    let panelC = 40;
    const rig = mockRig({ overTempC: 50 }, { panelTempC: () => panelC });
    await rig.open();
    await rig.board.setLamp(255);
    panelC = 50.5;
    await rig.advance(300);
    expect(rig.mock.lamp).toBe(0);
    expect(rig.frames.at(-1)?.status.overTempCut).toBe(true);
    expect(
      rig.events.some((e) => e.kind === "board-event" && e.name === "OTCUT" && e.arg === "5050"),
    ).toBe(true);
    const refused = settle(rig.board.setLamp(100));
    await rig.advance(50);
    expect((refused.error as CommandRejectedError).nakCode).toBe("DENIED");
    panelC = 45.5; // not yet 5 C below
    await rig.advance(300);
    expect(rig.mock.overTempCut).toBe(true);
    panelC = 45;
    await rig.advance(300);
    expect(rig.mock.overTempCut).toBe(false);
    await rig.board.setLamp(100);
    expect(rig.mock.lamp).toBe(100);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BoardMessage,
  CRC_CHECK,
  crc16,
  decodeBoardLine,
  decodeCommandLine,
  encodeBoardMessage,
  encodeCommand,
  frame,
  type HostCommand,
  sequenceGap,
  telemetryToFrame,
} from "../../src/protocol/index.js";

describe("CRC-16/CCITT-FALSE", () => {
  it("matches the catalogue check value for '123456789'", () => {
    expect(crc16("123456789")).toBe(CRC_CHECK);
    expect(CRC_CHECK).toBe(0x29b1);
  });
  it("gives the worked example of docs/protocol.md", () => {
    // docs/protocol.md, "Checksum": body "LAMP,7,255".
    expect(frame("LAMP,7,255")).toBe(
      `$LAMP,7,255*${crc16("LAMP,7,255").toString(16).toUpperCase().padStart(4, "0")}`,
    );
    expect(frame("HB,1")).toMatch(/^\$HB,1\*[0-9A-F]{4}$/);
  });
});

const boardMessages: BoardMessage[] = [
  {
    type: "HELLO",
    protocolVersion: 1,
    profile: "uno-ina219",
    firmwareVersion: "0.1.0",
    boardId: "5A3C01F2",
    caps: {
      lamp: "pwm",
      load: "pwm",
      panel: "tmp36",
      boardtemp: true,
      baud: "115200",
      maxhz: "100",
      wdtms: "3000",
    },
    channels: [
      { address: 0x40, role: "array" },
      { address: 0x41, role: "load" },
    ],
  },
  {
    type: "HELLO",
    protocolVersion: 1,
    profile: "x",
    firmwareVersion: "1",
    boardId: "0",
    caps: {},
    channels: [],
  },
  {
    type: "T",
    seq: 4294967295,
    ms: 123456,
    flags: 0x0323,
    panelC100: -1234,
    boardC100: 3100,
    lamp: 255,
    load: 0,
    channels: [
      { busMv: 5124, shuntUv: 14520, currentUa: 145200, powerUw: 744000 },
      { busMv: 4980, shuntUv: -300, currentUa: -3000, powerUw: 14940 },
    ],
  },
  {
    type: "T",
    seq: 0,
    ms: 0,
    flags: 0,
    panelC100: 0,
    boardC100: 0,
    lamp: 0,
    load: 0,
    channels: [],
  },
  { type: "ACK", id: 65535, command: "LAMP" },
  { type: "NAK", id: 12, command: "RATE", code: "RANGE" },
  { type: "NAK", id: 0, command: "?", code: "CRC" },
  { type: "EVT", ms: 3001, kind: "HOSTLOST", arg: "3000" },
  { type: "EVT", ms: 0, kind: "BOOT", arg: "08" },
  { type: "ERR", ms: 77, code: "I2C", detail: "2" },
];

const commands: HostCommand[] = [
  { type: "LAMP", id: 1, level: 255 },
  { type: "LOAD", id: 2, level: 0 },
  { type: "RATE", id: 3, hz: 200 },
  { type: "CAL", id: 4, channel: 3, cal: 4096, config: 0x399f, currentLsbNa: 100000 },
  { type: "WDT", id: 5, ms: 3000 },
  { type: "OTL", id: 6, c100: -4000 },
  { type: "HB", id: 65535 },
  { type: "SAFE", id: 8 },
  { type: "INFO", id: 9 },
];

describe("round trip", () => {
  it.each(boardMessages.map((m) => [m.type, m] as const))("board message %s", (_t, m) => {
    const line = encodeBoardMessage(m);
    expect(decodeBoardLine(line)).toEqual({ ok: true, message: m });
    // A CR before the LF (what Serial.println sends) is accepted.
    expect(decodeBoardLine(`${line}\r`)).toEqual({ ok: true, message: m });
  });
  it.each(commands.map((c) => [c.type, c] as const))("command %s", (_t, c) => {
    expect(decodeCommandLine(encodeCommand(c))).toEqual({ ok: true, message: c });
  });
  it("any telemetry message within the protocol's ranges", () => {
    const channel = fc.record({
      busMv: fc.integer({ min: 0, max: 32764 }),
      shuntUv: fc.integer({ min: -327680, max: 327680 }),
      currentUa: fc.integer({ min: -2147483648, max: 2147483647 }),
      powerUw: fc.integer({ min: 0, max: 2147483647 }),
    });
    const t = fc.record({
      type: fc.constant("T" as const),
      seq: fc.integer({ min: 0, max: 0xffffffff }),
      ms: fc.integer({ min: 0, max: 0xffffffff }),
      flags: fc.integer({ min: 0, max: 0xffff }),
      panelC100: fc.integer({ min: -27315, max: 100000 }),
      boardC100: fc.integer({ min: -27315, max: 100000 }),
      lamp: fc.integer({ min: 0, max: 255 }),
      load: fc.integer({ min: 0, max: 255 }),
      channels: fc.array(channel, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(t, (m) => {
        const line = encodeBoardMessage(m);
        expect(line.length).toBeLessThanOrEqual(200);
        expect(decodeBoardLine(line)).toEqual({ ok: true, message: m });
      }),
    );
  });
});

describe("malformed lines are rejected with a reason, never thrown", () => {
  const good = encodeBoardMessage({ type: "ACK", id: 7, command: "LAMP" });
  const body = good.slice(1, good.indexOf("*"));
  const cases: [string, string, string][] = [
    ["empty line", "", "empty"],
    ["no start marker", good.slice(1), "no-start-marker"],
    ["no checksum", `$${body}`, "no-checksum"],
    ["short checksum", `$${body}*12`, "no-checksum"],
    ["checksum not hex", `$${body}*12G4`, "no-checksum"],
    ["one bit flipped in the body", good.replace("LAMP", "LAMQ"), "bad-checksum"],
    ["wrong checksum", `$${body}*0000`, good.endsWith("0000") ? "ok" : "bad-checksum"],
    ["too long", `$${"X".repeat(300)}*0000`, "too-long"],
    ["binary garbage", "\u0000\u00ff\u0013$ACK", "non-ascii"],
    ["unknown type", frame("WHAT,1,2"), "unknown-type"],
    ["ACK with a missing field", frame("ACK,7"), "field-count"],
    [
      "telemetry whose channel count disagrees",
      frame("T,1,2,0000,0,0,0,0,2,1,2,3,4"),
      "field-count",
    ],
    ["telemetry with a letter in a number", frame("T,1,2x,0000,0,0,0,0,0"), "bad-number"],
    ["lamp level above 255", frame("T,1,2,0000,0,0,256,0,0"), "out-of-range"],
    ["too many channels", frame(`T,1,2,0000,0,0,0,0,5${",1,1,1,1".repeat(5)}`), "out-of-range"],
    ["flags not hex", frame("T,1,2,ZZ,0,0,0,0,0"), "bad-number"],
    ["NAK with an unknown code", frame("NAK,3,LAMP,SLEEPY"), "bad-field"],
    ["event of an unknown kind", frame("EVT,1,PARTY,0"), "bad-field"],
    ["HELLO with a bad channel list", frame("HELLO,1,p,1,id,-,40-array"), "bad-field"],
    [
      "HELLO with an address outside the INA219 range",
      frame("HELLO,1,p,1,id,-,60:array"),
      "out-of-range",
    ],
    ["HELLO with an unknown role", frame("HELLO,1,p,1,id,-,40:sun"), "bad-field"],
    ["negative sequence number", frame("T,-1,2,0000,0,0,0,0,0"), "out-of-range"],
  ];
  it.each(cases)("%s", (_name, line, reason) => {
    const r = decodeBoardLine(line);
    if (reason === "ok") expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, reason });
  });

  it("reads a message after line noise that ends in a start marker", () => {
    expect(decodeBoardLine(`#!?${good}`)).toEqual({
      ok: true,
      message: { type: "ACK", id: 7, command: "LAMP" },
    });
  });

  const commandCases: [string, string, string][] = [
    ["lamp level 256", frame("LAMP,1,256"), "out-of-range"],
    ["id 0", frame("LAMP,0,1"), "out-of-range"],
    ["rate 0 Hz", frame("RATE,1,0"), "out-of-range"],
    ["watchdog 50 ms", frame("WDT,1,50"), "out-of-range"],
    ["CAL on channel 4", frame("CAL,1,4,4096,14751,100000"), "out-of-range"],
    ["telemetry sent as a command", frame("T,1,2,0000,0,0,0,0,0"), "unknown-type"],
    ["a board message sent as a command", frame("ACK,1"), "unknown-type"],
    ["a command longer than the firmware's buffer", frame(`LAMP,1,${"1".repeat(70)}`), "too-long"],
  ];
  it.each(commandCases)("command: %s", (_n, line, reason) => {
    expect(decodeCommandLine(line)).toMatchObject({ ok: false, reason });
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        decodeBoardLine(s);
        decodeCommandLine(s);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("sequence gaps", () => {
  it.each([
    [1, 2, 0],
    [1, 5, 3],
    [0xffffffff, 0, 0],
    [0xfffffffe, 1, 2],
    [10, 10, -1],
    [10, 0, -1],
  ])("%d -> %d loses %d", (a, b, lost) => {
    expect(sequenceGap(a, b)).toBe(lost);
  });
});

describe("telemetry to frame", () => {
  it("converts wire units to SI-suffixed fields and reads the flags", () => {
    const r = decodeBoardLine(encodeBoardMessage(boardMessages[2]!));
    if (!r.ok || r.message.type !== "T") throw new Error("decode failed");
    const f = telemetryToFrame(
      r.message,
      [
        { address: 0x40, role: "array" },
        { address: 0x41, role: "load" },
      ],
      1500,
    );
    expect(f.busV).toBeCloseTo(5.124, 9);
    expect(f.currentMa).toBeCloseTo(145.2, 9);
    expect(f.powerMw).toBeCloseTo(744, 9);
    expect(f.panelTempC).toBeCloseTo(-12.34, 9); // flags 0x0323: bit 8 set
    expect(f.boardTempC).toBeCloseTo(31, 9); // bit 9 set
    expect(f.channels[1]).toMatchObject({
      role: "load",
      present: true,
      overflow: true,
      currentMa: -3,
    });
    expect(f.channels[0]!.overflow).toBe(false);
    expect(f.hostMs).toBe(1500);
  });
  it("reports an absent panel sensor as null", () => {
    const f = telemetryToFrame(
      {
        type: "T",
        seq: 1,
        ms: 1,
        flags: 0,
        panelC100: 2500,
        boardC100: 0,
        lamp: 0,
        load: 0,
        channels: [],
      },
      [],
      0,
    );
    expect(f.panelTempC).toBeNull();
    expect(f.boardTempC).toBeNull();
  });
});

/**
 * Pure pieces of the classroom given odd input: each mistake is one line that says what
 * was expected, never a surprise that only shows later (a class with a rig called "0").
 */
import { describe, expect, it } from "vitest";
import { reachableUrls } from "../../src/network/broker.js";
import { ClassState, rigLink } from "../../src/network/class-state.js";
import { rigIds } from "../../src/network/credentials.js";
import { parsePublishFlag } from "../../src/network/join.js";
import { PacketSizeCheck } from "../../src/network/packet-guard.js";
import { classStateJson } from "./states.js";

describe("--rigs", () => {
  it("a number is a count from 1 to 500, never a rig id", () => {
    expect(rigIds("3")).toEqual(["desk-1", "desk-2", "desk-3"]);
    expect(rigIds("500")).toHaveLength(500);
    for (const n of ["0", "501", "100000", "007"])
      expect(() => rigIds(n)).toThrow(`--rigs: "${n}": a count is 1 to 500`);
    // A list may still hold ids that are digits.
    expect(rigIds("7,8")).toEqual(["7", "8"]);
  });
});

describe("the addresses serve hands out", () => {
  it("a wildcard --listen means this laptop's address, for the rigs and for the page", () => {
    expect(reachableUrls("0.0.0.0", "192.168.1.10", { broker: 1883, web: 8080 })).toEqual({
      broker: "mqtt://192.168.1.10:1883",
      page: "http://192.168.1.10:8080/",
    });
    expect(reachableUrls("::", null, { broker: 1883, web: 8080 })).toEqual({
      broker: "mqtt://127.0.0.1:1883",
      page: "http://127.0.0.1:8080/",
    });
    expect(reachableUrls("::1", "10.0.0.2", { broker: 1884 })).toEqual({
      broker: "mqtt://[::1]:1884",
      page: null,
    });
  });
});

describe("--publish", () => {
  it("a URL without a host is one line, before the session", () => {
    expect(() => parsePublishFlag("mqtt://")).toThrow(
      '--publish: expected mqtt://HOST[:PORT], got "mqtt://"',
    );
    expect(parsePublishFlag("mqtt://u:p@[::1]:1884")).toEqual({
      url: "mqtt://[::1]:1884",
      username: "u",
      password: "p",
    });
  });
});

describe("a rig's own numbers cannot hide it", () => {
  it("a hello that says stateHz 0 still goes stale when its states stop", () => {
    const s = new ClassState("c");
    const hello = {
      v: 1,
      rig: "desk-1",
      name: "desk-1",
      instance: "i",
      orbitrig: "0",
      mode: "live",
      board: null,
      orbit: { periodS: 1, timeScale: 1, altitudeKm: null, betaDeg: null },
      node: {
        policy: "p",
        batteryCapacityWh: 1,
        floorSocFraction: 0.2,
        arrayFullSunW: 1,
        accelerators: 1,
      },
      stateHz: 0,
      wallMs: 0,
    };
    expect(s.apply("orbitrig/v1/c/desk-1/hello", JSON.stringify(hello), 0)).toBe(true);
    expect(s.apply("orbitrig/v1/c/desk-1/state", classStateJson(), 0)).toBe(true);
    const at = (ms: number) =>
      rigLink(s.snapshot(ms, { broker: "b", connected: true, problem: null }).rigs[0]!, ms);
    expect(at(1000)).toBe("online");
    // Three periods of the slowest rate a rig file allows (0.2 Hz): 15 s.
    expect(at(16_000)).toBe("stale");
  });
});

describe("the embedded broker's packet size check", () => {
  it("follows headers across chunks and stops at the first packet over the limit", () => {
    const check = new PacketSizeCheck(200);
    // PINGREQ (no body), then a PUBLISH of 130 bytes whose length byte pair is split.
    expect(check.feed(Uint8Array.from([0xc0, 0x00, 0x30, 0x82]))).toBe(true);
    expect(check.feed(Uint8Array.from([0x01, ...new Array(130).fill(0x41)]))).toBe(true);
    // Exactly the limit passes; one more byte declared does not.
    expect(check.feed(Uint8Array.from([0x30, 0xc8, 0x01, ...new Array(200).fill(0)]))).toBe(true);
    expect(check.feed(Uint8Array.from([0x30, 0xc9, 0x01]))).toBe(false);
    // A fifth length byte is malformed (§2.2.3).
    expect(new PacketSizeCheck(2 ** 30).feed(Uint8Array.from([0x30, 0xff, 0xff, 0xff, 0xff]))).toBe(
      false,
    );
  });
});

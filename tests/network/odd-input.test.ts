/**
 * Pure pieces of the classroom given odd input: each mistake is one line that says what
 * was expected, never a surprise that only shows later (a class with a rig called "0").
 */
import { describe, expect, it } from "vitest";
import { reachableUrls } from "../../src/network/broker.js";
import { rigIds } from "../../src/network/credentials.js";
import { parsePublishFlag } from "../../src/network/join.js";

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

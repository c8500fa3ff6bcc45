/**
 * The network's pure parts: topics and filters, the one ACL (and the Mosquitto file made
 * from it), class credentials and join files, where a session publishes (--publish and
 * network.mqtt), and the class state a view reads.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { idFromName } from "../../src/config/schema/network.js";
import { canPublish, canSubscribe, mosquittoAcl } from "../../src/network/acl.js";
import { ClassState, rigLink } from "../../src/network/class-state.js";
import {
  authenticate,
  joinFileText,
  newCredentials,
  readCredentials,
  rigIds,
} from "../../src/network/credentials.js";
import { publishTarget, readJoinFile } from "../../src/network/join.js";
import { filterCovered, parseTopic } from "../../src/network/topics.js";
import { pageClass } from "../../src/web/bridge.js";
import { classStateJson } from "./states.js";

describe("topics", () => {
  it.each([
    [
      "orbitrig/v1/physics/desk-1/state",
      { scope: "rig", cls: "physics", rig: "desk-1", kind: "state" },
    ],
    ["orbitrig/v1/physics/cmd", { scope: "class", cls: "physics", kind: "cmd" }],
    ["orbitrig/v2/physics/desk-1/state", null],
    ["orbitrig/v1/physics/teacher/state", null],
    ["orbitrig/v1/physics/desk-1/bogus", null],
    ["orbitrig/v1/physics/desk 1/state", null],
  ])("%s", (topic, want) => {
    expect(parseTopic(topic)).toEqual(want);
  });

  it.each([
    ["orbitrig/v1/c/#", "orbitrig/v1/c/#", true],
    ["orbitrig/v1/c/desk-1/state", "orbitrig/v1/c/#", true],
    ["orbitrig/v1/c/+/state", "orbitrig/v1/c/desk-1/#", false],
    ["orbitrig/v1/#", "orbitrig/v1/c/#", false],
    ["orbitrig/v1/c/desk-1/#", "orbitrig/v1/c/desk-1/#", true],
    ["orbitrig/v1/c/cmd", "orbitrig/v1/c/+/cmd", false],
  ])("filter %s within %s: %s", (filter, pattern, want) => {
    expect(filterCovered(filter, pattern)).toBe(want);
  });

  it("a rig's name as an id", () => {
    expect(idFromName("emulated rig")).toBe("emulated-rig");
    expect(idFromName("Desk Uno #2")).toBe("desk-uno-2");
    expect(idFromName("teacher")).toBe("rig-teacher");
  });
});

describe("the ACL", () => {
  it("a rig writes its own topics only and reads its own and the class commands", () => {
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/desk-1/state")).toBe(true);
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/desk-2/state")).toBe(false);
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/desk-1/cmd")).toBe(false);
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/cmd")).toBe(false);
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/other/desk-1/state")).toBe(false);
    expect(canSubscribe("rig", "c", "desk-1", "orbitrig/v1/c/desk-1/cmd")).toBe(true);
    expect(canSubscribe("rig", "c", "desk-1", "orbitrig/v1/c/cmd")).toBe(true);
    expect(canSubscribe("rig", "c", "desk-1", "orbitrig/v1/c/#")).toBe(false);
  });

  it("a desk constellation: a rig reports on member and reads its own assignment; only the teacher assigns", () => {
    const assign = (rig: string) => `orbitrig/v1/c/constellation/assign/${rig}`;
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/desk-1/member")).toBe(true);
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/desk-2/member")).toBe(false);
    // No rig may drive another's load pin, nor its own, nor speak for the coordinator.
    expect(canPublish("rig", "c", "desk-1", assign("desk-2"))).toBe(false);
    expect(canPublish("rig", "c", "desk-1", assign("desk-1"))).toBe(false);
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/constellation/plan")).toBe(false);
    expect(canPublish("rig", "c", "desk-1", "orbitrig/v1/c/constellation/event")).toBe(false);
    expect(canPublish("viewer", "c", "viewer", assign("desk-1"))).toBe(false);
    expect(canPublish("teacher", "c", "teacher", assign("desk-1"))).toBe(true);
    expect(canSubscribe("rig", "c", "desk-1", assign("desk-1"))).toBe(true);
    expect(canSubscribe("rig", "c", "desk-1", assign("desk-2"))).toBe(false);
    expect(canSubscribe("rig", "c", "desk-1", "orbitrig/v1/c/constellation/assign/+")).toBe(false);
    expect(canSubscribe("rig", "c", "desk-1", "orbitrig/v1/c/constellation/plan")).toBe(true);
    expect(canSubscribe("rig", "c", "desk-1", "orbitrig/v1/c/constellation/event")).toBe(true);
    expect(canSubscribe("rig", "c", "desk-1", "orbitrig/v1/c/+/member")).toBe(false);
    expect(canSubscribe("teacher", "c", "teacher", "orbitrig/v1/c/+/member")).toBe(true);
    const acl = mosquittoAcl("c", "teacher", "viewer").split("\n");
    expect(acl).toEqual(
      expect.arrayContaining([
        "pattern write orbitrig/v1/c/%u/member",
        "pattern read orbitrig/v1/c/constellation/assign/%u",
      ]),
    );
    expect(
      acl.filter((l) => !l.startsWith("#") && l.includes("constellation") && /write/.test(l)),
    ).toEqual([]);
  });

  it("the teacher commands, the viewer only reads", () => {
    expect(canPublish("teacher", "c", "teacher", "orbitrig/v1/c/cmd")).toBe(true);
    expect(canPublish("viewer", "c", "viewer", "orbitrig/v1/c/cmd")).toBe(false);
    expect(canSubscribe("viewer", "c", "viewer", "orbitrig/v1/c/#")).toBe(true);
    expect(canSubscribe("viewer", "c", "viewer", "#")).toBe(false);
  });

  it("the Mosquitto file says the same", () => {
    expect(mosquittoAcl("c", "teacher", "viewer").split("\n")).toEqual(
      expect.arrayContaining([
        "user teacher",
        "topic readwrite orbitrig/v1/c/#",
        "user viewer",
        "topic read orbitrig/v1/c/#",
        "pattern write orbitrig/v1/c/%u/state",
        "pattern read orbitrig/v1/c/%u/#",
        "pattern read orbitrig/v1/c/cmd",
      ]),
    );
  });
});

describe("credentials and join files", () => {
  it("rig ids from a count or a list; bad ones are one line", () => {
    expect(rigIds("3")).toEqual(["desk-1", "desk-2", "desk-3"]);
    expect(rigIds("red, green")).toEqual(["red", "green"]);
    expect(() => rigIds("red,red")).toThrow(/distinct ids/);
    expect(() => rigIds("teacher")).toThrow(/reserved/);
    expect(() => rigIds("a/b")).toThrow(/--rigs: "a\/b"/);
  });

  it("each account with its own password; a join file holds one group's only", () => {
    const c = newCredentials("physics", ["desk-1", "desk-2"]);
    expect(authenticate(c, "desk-1", Buffer.from(c.rigs[0]!.password))).toBe("rig");
    expect(authenticate(c, "desk-1", Buffer.from(c.rigs[1]!.password))).toBe(null);
    expect(authenticate(c, "teacher", Buffer.from(c.teacher.password))).toBe("teacher");
    expect(authenticate(c, undefined, undefined)).toBe(null);
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-join-"));
    const path = join(dir, "desk-2.yaml");
    writeFileSync(path, joinFileText(c, "desk-2", "mqtt://10.0.0.5:1883"));
    const text = readFileSync(path, "utf8");
    expect(text).toContain(c.rigs[1]!.password);
    expect(text).not.toContain(c.rigs[0]!.password);
    expect(text).not.toContain(c.teacher.password);
    expect(readJoinFile(path)).toMatchObject({
      url: "mqtt://10.0.0.5:1883",
      class: "physics",
      rigId: "desk-2",
    });
  });

  it("a device that never ends as a join, credentials or password file is one line, not a hang", () => {
    // Before, each was read whole: /dev/zero until memory ran out.
    expect(() => readJoinFile("/dev/zero")).toThrow(
      /^--publish \/dev\/zero: the file is over 64 KiB/,
    );
    expect(() => readCredentials("/dev/zero")).toThrow(
      /^\/dev\/zero: cannot read the class credentials: the file is over 64 KiB/,
    );
    const withFile = parseRig({
      name: "desk uno",
      network: { mqtt: { url: "mqtt://a:1883", class: "physics", passwordFile: "/dev/zero" } },
    });
    expect(() => publishTarget(withFile, "r.yaml")).toThrow(
      /passwordFile \/dev\/zero: the file is over 64 KiB/,
    );
  });
});

describe("where a session publishes", () => {
  const rig = parseRig({ name: "desk uno" });
  it("nothing without a section or --publish", () => {
    expect(publishTarget(rig, "r.yaml")).toBe(null);
  });
  it("--publish URL with the rest from the rig file; the id is the rig's name", () => {
    const withNet = parseRig({
      name: "desk uno",
      network: { mqtt: { url: "mqtt://a:1883", class: "physics", password: "p4ssw0rd!" } },
    });
    expect(publishTarget(withNet, "r.yaml", "mqtt://b:1884")).toEqual({
      url: "mqtt://b:1884",
      cls: "physics",
      rigId: "desk-uno",
      username: "desk-uno",
      password: "p4ssw0rd!",
      stateHz: 5,
      queueLimit: 500,
    });
  });
  it("mistakes are one line", () => {
    expect(() => publishTarget(rig, "r.yaml", "http://x")).toThrow(
      '--publish: expected mqtt://HOST[:PORT] or a join file, got "http://x"',
    );
    expect(() => publishTarget(rig, "r.yaml", "mqtt://x:1883")).toThrow(
      /--publish: no password for rig desk-uno/,
    );
    expect(() => parseRig({ network: { mqtt: { url: "mqtt://x", rigId: "a b" } } })).toThrow(
      /network\.mqtt\.rigId/,
    );
    // An IPv6 address without brackets was accepted, and the rig then failed to connect.
    expect(() => parseRig({ network: { mqtt: { url: "mqtt://::1:1883" } } })).toThrow(
      /network\.mqtt\.url: an IPv6 address goes in brackets: mqtt:\/\/\[::1\]:1883/,
    );
    expect(parseRig({ network: { mqtt: { url: "mqtt://[::1]:1883" } } }).network.mqtt?.url).toBe(
      "mqtt://[::1]:1883",
    );
  });
});

describe("the class state", () => {
  const st = (seq: number, instance = "i") => classStateJson({ seq, wallMs: 1, instance });
  it("counts what it ignores and the states it never got; links go stale and offline", () => {
    const s = new ClassState("c");
    expect(s.apply("orbitrig/v1/c/desk-1/state", st(1), 0)).toBe(true);
    expect(s.apply("orbitrig/v1/c/desk-1/state", st(4), 100)).toBe(true);
    expect(s.apply("orbitrig/v1/c/desk-1/state", "{", 100)).toBe(false);
    expect(s.apply("orbitrig/v1/other/desk-1/state", st(5), 100)).toBe(false);
    expect(s.apply("orbitrig/v1/c/desk-1/event", "x".repeat(20_000), 100)).toBe(false);
    expect(s.ignored).toBe(3);
    const r = s.snapshot(100, { broker: "b", connected: true, problem: null }).rigs[0]!;
    expect(r.statesLost).toBe(2);
    expect(rigLink(r, 1000)).toBe("online");
    expect(rigLink(r, 5000)).toBe("stale");
    s.apply(
      "orbitrig/v1/c/desk-1/status",
      JSON.stringify({ v: 1, online: false, instance: "i", wallMs: 2, reason: "lost" }),
      200,
    );
    expect(
      rigLink(s.snapshot(200, { broker: "b", connected: true, problem: null }).rigs[0]!, 200),
    ).toBe("offline");
  });

  it("the page gets numbers and the rig's name, nothing else", () => {
    const s = new ClassState("c");
    s.apply("orbitrig/v1/c/desk-1/state", st(1), 0);
    const p = pageClass(
      s.snapshot(0, { broker: "mqtt://u:secret@x", connected: true, problem: null }),
    );
    expect(JSON.stringify(p)).not.toContain("secret");
    expect(p.rigs[0]).toMatchObject({
      id: "desk-1",
      name: "desk-1",
      link: "online",
      powerMw: null,
    });
  });
});

describe("recordings keep no broker password", () => {
  it("the recorded rig loses network.mqtt.password, in its config and its text", async () => {
    const { loadRigText } = await import("../../src/config/load.js");
    const { withoutSecrets, REMOVED } = await import("../../src/rig/redact.js");
    const text = "name: desk\nnetwork:\n  mqtt:\n    url: mqtt://h\n    password: hunter22\n";
    const r = withoutSecrets(loadRigText(text, "r.yaml"));
    expect(JSON.stringify(r)).not.toContain("hunter22");
    expect(r.text).toContain(`password: "${REMOVED}"`);
    expect(r.config.network.mqtt).toEqual(
      expect.objectContaining({ url: "mqtt://h", class: "classroom" }),
    );
    // Still a rig a replay can read.
    expect(parseRig(r.config).network.mqtt?.password).toBeUndefined();
  });
});

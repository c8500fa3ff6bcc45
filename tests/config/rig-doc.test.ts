import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadRig, loadRigText } from "../../src/config/index.js";
import { rigSchema } from "../../src/config/rig.js";
import { shippedNames } from "../../src/core/shipped.js";

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema };

/** Every leaf field of the rig schema as a dotted path (array items as `[]`). */
function leafPaths(s: JsonSchema, path: string[] = []): string[] {
  if (s.type === "object" && s.properties && Object.keys(s.properties).length > 0) {
    return Object.entries(s.properties).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  }
  if (s.type === "array" && s.items?.type === "object")
    return leafPaths(s.items, [...path.slice(0, -1), `${path.at(-1)}[]`]);
  return [path.join(".")];
}

describe("docs/rig-file.md", () => {
  it("lists every field of the rig schema", () => {
    const doc = readFileSync(new URL("../../docs/rig-file.md", import.meta.url), "utf8");
    const schema = z.toJSONSchema(rigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const paths = leafPaths(schema);
    expect(paths.length).toBeGreaterThan(80);
    const missing = paths.filter((p) => !doc.includes(`\`${p}\``));
    expect(missing).toEqual([]);
  });

  it("names every shipped rig", () => {
    const doc = readFileSync(new URL("../../docs/rig-file.md", import.meta.url), "utf8");
    const names = shippedNames("rigs");
    expect(names.length).toBeGreaterThan(4);
    expect(names.filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });
});

describe("rig files", () => {
  it.each(["emulated", "emulated-firmata", "classroom", "desk-uno", "desk-firmata"])(
    "rigs/%s.yaml loads",
    (name) => {
      const rig = loadRig(`rigs/${name}.yaml`);
      expect(rig.config.name.length).toBeGreaterThan(0);
    },
  );

  it.each([
    ["a wrong type", "board:\n  kind: serial\n  baud: fast\n", "rigs/x.yaml:3 board.baud:"],
    ["an unknown enum value", "name: x\nboard:\n  kind: usb\n", "rigs/x.yaml:3 board.kind:"],
    [
      "an unknown field",
      "safety:\n  maxLampOnS: 5\n  bogus: 1\n",
      "rigs/x.yaml:3 safety.bogus: unknown field",
    ],
    ["a YAML syntax error", "a: [1\n", "rigs/x.yaml:1"],
    ["a list where a section belongs", "- 1\n", "rigs/x.yaml:1 (top level): expected a mapping"],
    [
      "a nested bad value",
      "orbit:\n  preset: starlink\n  timeScale: -3\n",
      "rigs/x.yaml:3 orbit.timeScale:",
    ],
  ])("names the file, line and field for %s", (_n, text, prefix) => {
    let message = "";
    try {
      loadRigText(text, "rigs/x.yaml");
    } catch (e) {
      message = (e as Error).message;
      expect((e as { exitCode?: number }).exitCode).toBe(2);
    }
    expect(message.startsWith(prefix)).toBe(true);
    expect(message).not.toContain("\n");
  });

  it("reports a missing rig file in one line", () => {
    expect(() => loadRig("rigs/nope.yaml")).toThrow(
      /^rigs\/nope.yaml: cannot read rig file \(no such file\)$/,
    );
  });
});

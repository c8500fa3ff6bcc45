/**
 * The hardware docs agree with each other and with the rig files: the array's fixed load
 * in the README's parts list, docs/wiring.md and the firmware profile's WIRING.md is the
 * resistor the rig files model (`bench.baseLoadOhms`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "../..");
const read = (p: string) => readFileSync(join(root, p), "utf8");

/** Ohms of the array's fixed load as a document states it ("39 Ω 2 W" near "load"). */
function arrayLoadOhms(text: string, near: RegExp): number[] {
  return text
    .split("\n")
    .filter((l) => near.test(l))
    .flatMap((l) => [...l.matchAll(/(\d+) Ω,? 2 W/g)].map((m) => Number(m[1])));
}

describe("the array's fixed load", () => {
  it("is the same resistor in the parts lists, the wiring docs and the rig files", () => {
    const stated = [
      ...arrayLoadOhms(read("README.md"), /fixed load/),
      ...arrayLoadOhms(read("docs/wiring.md"), /array current/),
      ...arrayLoadOhms(read("firmware-profiles/uno-ina219/WIRING.md"), /fixed load/),
    ];
    expect(stated).toHaveLength(3);
    const rigs = readdirSync(join(root, "rigs"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => (parse(read(`rigs/${f}`)) as { bench?: { baseLoadOhms?: number } }).bench)
      .flatMap((b) => (b?.baseLoadOhms === undefined ? [] : [b.baseLoadOhms]));
    expect(rigs.length).toBeGreaterThan(0);
    expect(new Set([...stated, ...rigs])).toEqual(new Set([39]));
  });
});

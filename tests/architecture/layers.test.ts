/**
 * The house a newcomer reads: folders of src/ in layers, each importing only layers below
 * it (docs/architecture.md), no circle between files, and each IO library in its one
 * folder. A failure names the file, the line and the rule.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fileCycles, folderOf, importEdges } from "./imports.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Lowest first. A folder may import folders of a lower rank only: folders that share a
 * rank stand side by side and do not import each other.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["core"],
  ["chips", "protocol", "transport", "firmware", "config"],
  ["orbit"],
  ["scheduler"],
  ["node"],
  ["constellation", "emulator"],
  ["board"],
  ["telemetry"],
  ["session"],
  ["rig"],
  ["network"],
  ["report", "ui", "web"],
  ["lesson"],
  ["cli"],
];

/** IO libraries and the only folder (or file) allowed to import each. */
const IO_HOMES: Record<string, readonly string[]> = {
  serialport: ["src/transport/"],
  "@serialport/bindings-cpp": ["src/transport/"],
  "@serialport/bindings-interface": ["src/transport/"],
  avr8js: ["src/emulator/"],
  ink: ["src/ui/"],
  react: ["src/ui/"],
  "johnny-five": ["src/board/firmata-board.ts", "src/board/firmata-parts.ts"],
  "firmata-io": ["src/board/firmata-board.ts"],
  mqtt: ["src/network/"],
  aedes: ["src/network/"],
  "hyparquet-writer": ["src/telemetry/"],
  "playwright-core": [],
  hyparquet: [],
};

const rank = new Map<string, number>();
LAYERS.forEach((row, i) => {
  for (const f of row) rank.set(f, i);
});

const edges = importEdges(root);

describe("layers", () => {
  it("reads the imports of every source file", () => {
    // The graph reader must see the code, or every rule below would pass vacuously.
    expect(edges.filter((e) => e.kind === "file").length).toBeGreaterThan(500);
    expect(edges.some((e) => e.to === "avr8js")).toBe(true);
  });

  it("every folder of src/ has a layer", () => {
    const unknown = [...new Set(edges.map((e) => folderOf(e.from)))].filter((f) => !rank.has(f));
    expect(unknown).toEqual([]);
  });

  it("no folder imports a folder above it or beside it", () => {
    const wrong = edges
      .filter((e) => e.kind === "file")
      .filter((e) => {
        const a = folderOf(e.from);
        const b = folderOf(e.to);
        return a !== b && !((rank.get(b) ?? Number.POSITIVE_INFINITY) < (rank.get(a) ?? -1));
      })
      .map((e) => `${e.from}:${e.line} imports ${e.to} (${folderOf(e.from)} -> ${folderOf(e.to)})`);
    expect(wrong).toEqual([]);
  });

  it("core imports nothing of ours but core", () => {
    const wrong = edges
      .filter((e) => e.kind === "file" && folderOf(e.from) === "core" && folderOf(e.to) !== "core")
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it("no circle between files", () => {
    expect(fileCycles(edges)).toEqual([]);
  });

  it("each IO library is imported only in its one folder", () => {
    const wrong = edges
      .filter((e) => e.kind === "package" && e.to in IO_HOMES)
      .filter((e) => !IO_HOMES[e.to]!.some((home) => e.from.startsWith(home)))
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });
});

describe("the rules can fail", () => {
  it("a file circle is found", () => {
    const fake = [
      { from: "src/a/x.ts", to: "src/a/y.ts", kind: "file" as const, line: 1 },
      { from: "src/a/y.ts", to: "src/a/z.ts", kind: "file" as const, line: 1 },
      { from: "src/a/z.ts", to: "src/a/x.ts", kind: "file" as const, line: 1 },
      { from: "src/a/z.ts", to: "src/a/w.ts", kind: "file" as const, line: 1 },
    ];
    expect(fileCycles(fake)).toEqual([["src/a/x.ts", "src/a/y.ts", "src/a/z.ts"]]);
  });
});

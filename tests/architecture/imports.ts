/**
 * Reads the import graph of src/: every static import or re-export and every dynamic
 * import() with a string literal, resolved to files (relative specifiers) or package names.
 * Used by the layer test; kept apart so the rules read as a table.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

export interface ImportEdge {
  /** Importing file, relative to the repository root (src/board/serial-board.ts). */
  from: string;
  /** Imported file (src/core/board.ts) or package name (serialport, @serialport/bindings-cpp). */
  to: string;
  kind: "file" | "package";
  line: number;
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g;

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** A package specifier's name: `@scope/name/sub` -> `@scope/name`, `ink/build/x` -> `ink`. */
export function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** `./x.js` from src/a/b.ts -> src/a/x.ts (or .tsx), as the TypeScript resolver would. */
function resolveFile(root: string, fromFile: string, spec: string): string {
  const base = normalize(join(dirname(fromFile), spec)).replace(/\.js$/, "");
  for (const ext of [".ts", ".tsx", "/index.ts"]) {
    try {
      if (statSync(join(root, base + ext)).isFile()) return base + ext;
    } catch {
      // try the next extension
    }
  }
  return `${base}.ts`;
}

export function importEdges(root: string, dir = "src"): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const abs of sourceFiles(join(root, dir))) {
    const file = relative(root, abs);
    const text = readFileSync(abs, "utf8");
    // Comments may name modules (`see ../x.js`); only code counts.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "));
    const lines = code.split("\n").map((l) => l.replace(/(^|[^:"'`])\/\/.*$/, "$1"));
    const joined = lines.join("\n");
    for (const m of joined.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
      const line = joined.slice(0, m.index).split("\n").length;
      if (spec.startsWith(".")) {
        edges.push({ from: file, to: resolveFile(root, file, spec), kind: "file", line });
      } else if (!spec.startsWith("node:")) {
        edges.push({ from: file, to: packageName(spec), kind: "package", line });
      }
    }
  }
  return edges;
}

/** src/board/serial-board.ts -> "board"; src/x.ts -> "". */
export function folderOf(file: string): string {
  const parts = file.split("/");
  return parts.length > 2 ? parts[1]! : "";
}

/** Strongly connected components of more than one file (Tarjan), each sorted. */
export function fileCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.kind !== "file") continue;
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of next.keys()) if (!idx.has(v)) visit(v);
  return out;
}

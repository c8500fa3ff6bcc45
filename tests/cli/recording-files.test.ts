/**
 * Where `demo` may record, as a user meets it on the command line (the built CLI): a path
 * that cannot be a recording is one line and a documented exit code before anything runs;
 * an existing file is kept unless --overwrite; two sessions never share a default name; a
 * file system that refuses more bytes mid-run stops the session cleanly (exit 74).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRig } from "../../src/config/index.js";
import { defaultRecordingPath } from "../../src/rig/board.js";
import { RecordingReader } from "../../src/telemetry/index.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "bin/orbitrig.js");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `fileSizeKb` caps the size of any file it writes (ulimit -f), as a full disk would. */
async function orbitrig(args: string[], opts: { cwd?: string; fileSizeKb?: number } = {}) {
  const [cmd, argv] =
    opts.fileSizeKb === undefined
      ? [process.execPath, [CLI, ...args]]
      : [
          "bash",
          ["-c", `ulimit -f ${opts.fileSizeKb}; exec "$0" "$@"`, process.execPath, CLI, ...args],
        ];
  try {
    const r = await run(cmd, argv, {
      encoding: "utf8",
      cwd: opts.cwd ?? ROOT,
      // Bounded: a path that makes mkdir spin (/proc) must fail the test, not hang it.
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as Result & { killed?: boolean; signal?: string };
    if (x.killed) throw new Error(`orbitrig ${args.join(" ")} did not end (${x.signal})`);
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), "orbitrig-rec-cli-"));
const demo = (...more: string[]) => [
  "demo",
  "--headless",
  "--speed",
  "max",
  "--duration",
  "2s",
  ...more,
];

/** stderr without the status lines ("[0:02] orbit 1 …"). */
const messages = (stderr: string) =>
  stderr
    .trimEnd()
    .split("\n")
    .filter((l) => !l.startsWith("["));

beforeAll(() => {
  readFileSync(join(ROOT, "dist/cli/main.js")); // npm test builds first
});

describe("demo --record: where a recording may go", () => {
  it.each([
    ["a folder", 74, (d: string) => d, /: cannot create a recording: it is a folder$/],
    [
      "/dev/full",
      74,
      () => "/dev/full",
      /\/dev\/full: cannot create a recording: it is not a regular file$/,
    ],
    [
      "a path under /proc",
      2,
      () => "/proc/orbitrig-x/r.ndjson",
      /is under \/proc, a kernel file system/,
    ],
  ])("%s: one line, exit %i, nothing started", async (_what, code, where, message) => {
    const r = await orbitrig(demo("--record", where(tmp())));
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("");
    const lines = messages(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it("an existing file is refused and kept; --overwrite replaces it", async () => {
    const path = join(tmp(), "mine.ndjson");
    writeFileSync(path, "keep me\n");
    const refused = await orbitrig(demo("--record", path));
    expect(refused.code).toBe(2);
    expect(messages(refused.stderr)).toEqual([
      `orbitrig: ${path}: exists; give --overwrite to replace it, or another path (see \`orbitrig demo --help\`)`,
    ]);
    expect(readFileSync(path, "utf8")).toBe("keep me\n");
    const replaced = await orbitrig(demo("--record", path, "--overwrite"));
    expect(replaced.code).toBe(0);
    expect(new RecordingReader(path).header.format).toBe("orbitrig-recording");
  });

  it("a default name already taken (another session, the same second) is never written over", {
    timeout: 120_000,
  }, async () => {
    const cwd = tmp();
    // Someone else's recordings under every default name of the next minute.
    const rig = loadRig("rigs/emulated.yaml");
    const now = Date.now();
    const taken = Array.from({ length: 60 }, (_, i) => {
      const path = join(cwd, defaultRecordingPath(rig, new Date(now + i * 1000)));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, "another session\n");
      return path;
    });
    const [a, b] = await Promise.all([orbitrig(demo(), { cwd }), orbitrig(demo(), { cwd })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    for (const p of taken) expect(readFileSync(p, "utf8")).toBe("another session\n");
    const ours = readdirSync(join(cwd, "recordings"))
      .map((f) => join(cwd, "recordings", f))
      .filter((p) => !taken.includes(p));
    expect(ours).toHaveLength(2);
    for (const p of ours) {
      expect(p).toMatch(/-\d\.ndjson$/);
      const reader = new RecordingReader(p);
      for await (const _ of reader) {
        // read to the end
      }
      expect(reader.counts).toMatchObject({ corrupt: 0, truncated: 0, footer: true });
    }
  });

  it("a file system that refuses more bytes mid-run: one line, exit 74, the recording reads back", {
    timeout: 120_000,
  }, async () => {
    const path = join(tmp(), "full.ndjson");
    const r = await orbitrig(
      ["demo", "--headless", "--speed", "max", "--duration", "10m", "--record", path],
      { fileSizeKb: 100 },
    );
    expect(r.code).toBe(74);
    const lines = messages(r.stderr);
    expect(lines).toEqual([
      `orbitrig: recording to ${path}`,
      expect.stringMatching(
        /^orbitrig: .*full\.ndjson: recording stopped: the file is larger than the file system allows \(EFBIG\); .*; lamp and load turned off$/,
      ),
    ]);
    expect(r.stderr).not.toMatch(/internal error|did not stop within/);
    const reader = new RecordingReader(path);
    let frames = 0;
    for await (const rec of reader) if (rec.type === "frame") frames++;
    expect(reader.counts).toMatchObject({ corrupt: 0, truncated: 0 });
    expect(frames).toBeGreaterThan(100);
  });
});

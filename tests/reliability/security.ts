/**
 * Security checks of the reliability campaign, on the built CLI:
 * - no socket: `demo`, `report`, `export` and `replay` run under strace, which lists every
 *   socket(2), connect(2), bind(2) and listen(2); none may appear unless a network feature
 *   is configured (a `--publish` run is the control: its socket must show, or the check
 *   proves nothing);
 * - nothing world-writable: every file and folder those commands create, under the common
 *   umasks 022 and 002;
 * - text is never code or markup: a recording handed in with a hostile rig name,
 *   description, note and event detail (HTML, a javascript: link, shell substitutions, a
 *   spreadsheet formula, terminal escape sequences) goes through report (summary.md,
 *   report.html), export (CSV, JSON), replay (its summary and the dashboard, in a
 *   pseudo-terminal): nothing runs, no markup or escape sequence comes out raw.
 */
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goodRecording } from "./bad-input-corpus.js";
import { type CampaignResult, Checks } from "./result.js";

const CLI = join(process.cwd(), "bin/orbitrig.js");
const FIXTURE = "tests/fixtures/recordings/emulated-sunlit-only.ndjson";

interface Ran {
  exit: number | null;
  out: string;
}

/** Runs a shell command line in `dir` (bounded: 120 s), stdout and stderr together. */
function sh(dir: string, line: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      "/bin/sh",
      ["-c", line],
      { cwd: dir, timeout: 120_000, maxBuffer: 64 * 2 ** 20, env: { ...process.env, CI: "false" } },
      (error, stdout, stderr) => {
        const exit = error && typeof error.code === "number" ? error.code : error ? null : 0;
        resolve({ exit, out: stdout + stderr });
      },
    );
  });
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const orbitrig = (args: string) => `${q(process.execPath)} ${q(CLI)} ${args}`;

/**
 * The network socket calls strace saw (one line each): Internet and packet sockets, and
 * any connect or listen. A NETLINK_ROUTE socket is not one: it asks the kernel for the
 * machine's interfaces (process.report, which @resvg/resvg-js calls as it loads to tell
 * glibc from musl); nothing leaves the machine and nothing can connect to it. Those are
 * counted apart.
 */
function socketCalls(traceFile: string): { network: string[]; netlink: number } {
  const lines = readFileSync(traceFile, "utf8").split("\n");
  const netlinkFds = new Set<string>();
  let netlink = 0;
  const network: string[] = [];
  for (const l of lines) {
    const sock = /socket\((AF_\w+).*\)\s*=\s*(\d+)/.exec(l);
    if (sock) {
      if (sock[1] === "AF_NETLINK") {
        netlink++;
        netlinkFds.add(sock[2] as string);
      } else network.push(l);
      continue;
    }
    const call = /\b(connect|bind|listen)\((\d+),/.exec(l);
    if (call && !(call[1] === "bind" && netlinkFds.has(call[2] as string))) network.push(l);
  }
  return { network, netlink };
}

/** Every file and folder under `dir` that anyone may write. */
function worldWritable(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    if ((statSync(p).mode & 0o002) !== 0) out.push(p);
  }
  if ((statSync(dir).mode & 0o002) !== 0) out.push(dir);
  return out;
}

/** Text a hostile recording carries; `marker` is the file its shell substitutions would make. */
export function payload(marker: string): string {
  // The escape sequences first: the dashboard cuts a long name to its width.
  return [
    "\x1b]0;PWNED\x07\x1b[31mRED",
    `<script>alert("x")</script><img src=x onerror=alert(1)>`,
    "[click](javascript:alert(1))",
    `$(touch ${marker}) \`touch ${marker}\``,
    `=HYPERLINK("http://example.invalid","x")`,
  ].join(" ");
}

/** The fixture with the payload as rig name and description, a note and an event's detail. */
function hostileRecording(text: string): string {
  const lines = goodRecording(readFileSync(FIXTURE, "utf8")).trimEnd().split("\n");
  const header = JSON.parse(lines[0] as string) as {
    rig: { config: { name: string; description?: string }; text: string };
  };
  header.rig.config.name = text;
  header.rig.config.description = text;
  header.rig.text = `name: ${JSON.stringify(text)}\n`;
  const note = { type: "event", hostMs: 500, kind: "note", data: { text } };
  const err = {
    type: "event",
    hostMs: 600,
    kind: "board-error",
    data: { code: text, detail: text },
  };
  const out = [
    JSON.stringify(header),
    ...lines.slice(1, 10),
    JSON.stringify(note),
    JSON.stringify(err),
    ...lines.slice(10),
  ];
  return `${out.join("\n")}\n`;
}

/** Raw markup, links, formulas or escape sequences from the payload, as found in `text`. */
export function rawPayload(text: string, where: "html" | "md" | "csv" | "terminal"): string[] {
  const found: string[] = [];
  if (text.includes("\x1b]0;PWNED") || text.includes("\x1b[31mRED"))
    found.push("an escape sequence");
  if (where === "html" || where === "md") {
    if (/<script>alert/i.test(text)) found.push("<script>");
    if (/<img src=x/i.test(text)) found.push("<img>");
  }
  if (where === "md" && text.includes("](javascript:")) found.push("a javascript: link");
  if (where === "html" && /href=["']?javascript:/i.test(text)) found.push("a javascript: link");
  if (where === "csv" && /(^|[,\n])"?=HYPERLINK/.test(text)) found.push("a formula cell");
  return found;
}

export async function runSecurityChecks(o: { demoS: number }): Promise<CampaignResult> {
  const c = new Checks();
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-security-"));
  const marker = join(dir, "PWNED");

  // 1. Sockets, and the files the commands write (umask 022).
  const traced = async (name: string, args: string, umask = "022") => {
    const trace = join(dir, `${name}.strace`);
    const r = await sh(
      dir,
      `umask ${umask}; strace -f -qq -e trace=socket,connect,bind,listen -o ${q(trace)} ${orbitrig(args)} > ${q(join(dir, `${name}.out`))} 2>&1`,
    );
    return {
      ...r,
      calls: socketCalls(trace),
      output: readFileSync(join(dir, `${name}.out`), "latin1"),
    };
  };
  const demo = await traced(
    "demo",
    `demo --headless --speed max --duration ${o.demoS}s --record out/demo.ndjson`,
  );
  c.that(demo.exit === 0, `demo exited ${demo.exit}: ${demo.output.slice(-300)}`);
  const rec = join(dir, "out/demo.ndjson");
  const runs = [
    demo,
    await traced("report", `report ${q(rec)} --out out/report`),
    await traced("export", `export ${q(rec)} --csv out/demo.csv --json`, "002"),
    await traced("replay", `replay ${q(rec)} --headless --speed max`, "002"),
  ];
  const names = ["demo", "report", "export", "replay"];
  runs.forEach((r, i) => {
    c.that(
      r.calls.network.length === 0,
      `${names[i]} opened a network socket: ${r.calls.network.slice(0, 2).join("; ")}`,
    );
  });
  // The control: a rig that publishes (to a port nobody listens on) must show its socket.
  writeFileSync(
    join(dir, "publishing.yaml"),
    `${readFileSync("rigs/emulated.yaml", "utf8")}\nnetwork:\n  mqtt:\n    url: mqtt://127.0.0.1:9\n    password: x\n`,
  );
  const control = await traced(
    "publish",
    `demo --rig publishing.yaml --headless --speed max --duration 2s --no-record`,
  );
  c.that(
    control.calls.network.some((l) => /socket\(AF_INET/.test(l)),
    `the control (a rig with network.mqtt) showed no socket: the trace does not see them (${control.output.slice(-200)})`,
  );
  notes.push(
    `no network socket in demo, report, export or replay under strace (each has ${runs[0]?.calls.netlink ?? 0} NETLINK_ROUTE query of the interfaces, from @resvg/resvg-js's libc check as it loads); the control (a rig with network.mqtt) showed ${control.calls.network.filter((l) => l.includes("socket(")).length} Internet socket(s)`,
  );
  const writable = worldWritable(join(dir, "out"));
  c.that(writable.length === 0, `world-writable: ${writable.slice(0, 3).join(", ")}`);

  // 2. A hostile recording.
  const text = payload(marker);
  const hostile = join(dir, "hostile.ndjson");
  writeFileSync(hostile, hostileRecording(text));
  const rep = await sh(dir, orbitrig(`report ${q(hostile)} --out hostile-report`));
  c.that(
    rep.exit === 0,
    `report of the hostile recording exited ${rep.exit}: ${rep.out.slice(-300)}`,
  );
  const exp = await sh(dir, orbitrig(`export ${q(hostile)} --csv hostile.csv --json`));
  c.that(
    exp.exit === 0,
    `export of the hostile recording exited ${exp.exit}: ${exp.out.slice(-300)}`,
  );
  const rpl = await sh(dir, orbitrig(`replay ${q(hostile)} --headless --speed max`));
  // The dashboard, in a pseudo-terminal (script(1)), as a user would watch it.
  const dash = await sh(
    dir,
    `script -qec ${q(`${orbitrig(`replay ${q(hostile)} --speed max --to 1s`)} < /dev/null`)} /dev/null`,
  );
  const outputs: [string, string, Parameters<typeof rawPayload>[1]][] = [
    ["report.html", readIf(join(dir, "hostile-report/report.html")), "html"],
    ["summary.md", readIf(join(dir, "hostile-report/summary.md")), "md"],
    ["CSV", readIf(join(dir, "hostile.csv")), "csv"],
    ["report's output", rep.out, "terminal"],
    ["export's output (JSON)", exp.out, "terminal"],
    ["replay's summary", rpl.out, "terminal"],
    ["the dashboard", dash.out, "terminal"],
  ];
  for (const [name, content, kind] of outputs) {
    c.that(content.length > 0, `${name}: empty`);
    const raw = rawPayload(content, kind);
    c.that(raw.length === 0, `${name}: ${raw.join(", ")} from the recording came out raw`);
  }
  c.that(!existsSync(marker), "a shell substitution from the recording ran");
  const shown = outputs.filter(([, content]) => content.includes("PWNED")).map(([n]) => n);
  notes.push(
    `the hostile text shows (escaped) in: ${shown.join(", ")}; the others do not carry it`,
  );
  c.that(
    readIf(join(dir, "hostile-report/summary.md")).includes("&lt;script&gt;"),
    "summary.md does not show the rig name at all (nothing to check)",
  );
  notes.push(
    "a recording with HTML, a javascript: link, shell substitutions, a spreadsheet formula and terminal escapes in its rig name, description, a note and an event: nothing ran; report.html, summary.md, CSV, JSON, replay's summary and the dashboard show it as text",
  );
  return {
    test: "security",
    size: `4 commands under strace + a control; a hostile recording through 7 outputs`,
    dataLost: "n/a",
    lampOff: "n/a",
    notes,
    failures: c.failures,
  };
}

function readIf(path: string): string {
  return existsSync(path) ? readFileSync(path, "latin1") : "";
}

/**
 * Screenshots of the fixture dashboards as a real terminal shows them: each fixture runs
 * in its own tmux session (a private tmux server, -L) at the given sizes; capture-pane
 * prints the screen. For looking, and for the report.
 *   npx tsx bench/dashboard-shots.ts [fixture ...] [--size 80x24] [--size 140x40] [--keys '?']
 */
import { execFileSync } from "node:child_process";
import { FIXTURES } from "../tests/ui/fixtures.js";

const args = process.argv.slice(2);
const sizes: [number, number][] = [];
const names: string[] = [];
let keys: string | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--size") {
    const [c, r] = (args[++i] ?? "").split("x").map(Number);
    if (c && r) sizes.push([c, r]);
  } else if (a === "--keys") keys = args[++i] ?? null;
  else names.push(a);
}
if (sizes.length === 0) sizes.push([80, 24]);
const socket = `orbitrig-shots-${process.pid}`;
const tmux = (...a: string[]) => execFileSync("tmux", ["-L", socket, ...a], { encoding: "utf8" });

function waitForScreen(session: string, boundMs: number): string {
  const t0 = Date.now();
  for (;;) {
    const screen = tmux("capture-pane", "-p", "-t", session);
    if (/q quit|note›|HELP/.test(screen)) return screen;
    if (Date.now() - t0 > boundMs)
      throw new Error(`no dashboard in ${session} after ${boundMs} ms:\n${screen}`);
    execFileSync("sleep", ["0.2"]);
  }
}

// A session that outlives the others keeps the private server up between shots.
tmux("new-session", "-d", "-s", "keep", "sleep 600");
try {
  for (const name of names.length ? names : Object.keys(FIXTURES)) {
    for (const [c, r] of sizes) {
      const session = `${name}-${c}x${r}`;
      tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        String(c),
        "-y",
        String(r),
        `npx tsx bench/dashboard-preview.ts ${name}; sleep 60`,
      );
      let screen = waitForScreen(session, 30_000);
      if (keys) {
        tmux("send-keys", "-t", session, "-l", keys);
        execFileSync("sleep", ["0.5"]);
        screen = waitForScreen(session, 5_000);
      }
      process.stdout.write(
        `=== ${name} ${c}x${r}${keys ? ` keys ${JSON.stringify(keys)}` : ""}\n${screen}`,
      );
      tmux("kill-session", "-t", session);
    }
  }
} finally {
  try {
    tmux("kill-server");
  } catch {
    // already gone with its last session
  }
}

/**
 * simavr (Debian's `simavr`) running the same uno-ina219 hex: emulated seconds per wall
 * second and per CPU second of the simavr process, from the board's own clock in its
 * telemetry lines (`$T,seq,ms,…`). simavr needs no build of its own: the hex runs as it is.
 * It has no INA219 on its I2C bus and nothing on the TMP36 pin, so the firmware reports both
 * sensors lost (SENSLOST) and streams empty readings at its default 10 Hz; no host sends it
 * commands. That is less work per emulated second than orbitrig's rig in bench/emulator.ts
 * (two INA219s read over I2C, 50 Hz telemetry, heartbeats), so the comparison favours simavr.
 * simavr writes the firmware's UART output to stderr, a line at a time.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface SimavrSpeed {
  wall: number;
  cpu: number;
}

/** Is simavr installed? (Its --help and --list-cores exit 1: only a failed spawn says no.) */
export function simavrAvailable(): boolean {
  return spawnSync("simavr", ["--help"], { stdio: "ignore" }).error === undefined;
}

/** CPU seconds (user + system) of a process so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/**
 * Runs the hex in simavr until the board's clock has passed warmMs + runMs; measures from the
 * first telemetry line at or after warmMs to the last. Bounded by the board's clock, with a
 * wall-clock guard against a simavr that never streams.
 */
export function simavrSpeed(hex: string, runMs: number, warmMs = 500): Promise<SimavrSpeed> {
  return new Promise((resolve, reject) => {
    const child = spawn("simavr", ["-m", "atmega328p", "-f", "16000000", hex], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let start: { ms: number; wall: number; cpu: number } | null = null;
    let rest = "";
    const guard = setTimeout(
      () => {
        child.kill();
        reject(new Error("simavr: no telemetry reached the end of the run"));
      },
      120_000 + runMs * 20,
    );
    child.stderr.setEncoding("latin1").on("data", (s: string) => {
      const lines = (rest + s).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        const m = /\$T,\d+,(\d+),/.exec(line);
        if (!m) continue;
        const ms = Number(m[1]);
        if (ms < warmMs) continue;
        const now = { ms, wall: performance.now(), cpu: cpuSeconds(child.pid!) };
        if (!start) {
          start = now;
          continue;
        }
        if (ms - start.ms >= runMs) {
          clearTimeout(guard);
          child.kill();
          const emulatedS = (ms - start.ms) / 1000;
          resolve({
            wall: emulatedS / ((now.wall - start.wall) / 1000),
            cpu: emulatedS / Math.max(0.01, now.cpu - start.cpu),
          });
          return;
        }
      }
    });
    child.on("error", (e) => {
      clearTimeout(guard);
      reject(e);
    });
  });
}

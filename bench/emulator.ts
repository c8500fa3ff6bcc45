/**
 * Emulator benchmark (`npx tsx bench/emulator.ts`): emulated seconds per wall second of
 * the real uno-ina219 firmware with the virtual bench attached, streaming telemetry at
 * 50 Hz (lamp and load PWM on, a host heartbeat every 500 ms), in three stepping modes:
 *   plain  the bare avr8js loop, `avrInstruction(cpu); cpu.tick()` per instruction;
 *   sleep  SLEEP halts the core and clock events are fired one by one (exact reference);
 *   fast   sleep + coalesced timer events + idle-loop skipping (the default).
 * plus the bare avr8js loop on the same hex with no bench and no host at all.
 * Rounds are interleaved so machine load hits every mode alike; the median is printed,
 * per wall second (what a user sees now) and per CPU second of this process (what one
 * idle core would give; on a shared, loaded machine the two differ a lot).
 * Target (issue 3): fast >= 4x real time on a 2-core machine.
 */
import { fileURLToPath } from "node:url";
import {
  AVRADC,
  AVRClock,
  AVRIOPort,
  AVRTimer,
  AVRTWI,
  AVRUSART,
  adcConfig,
  avrInstruction,
  CPU,
  clockConfig,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  twiConfig,
  usart0Config,
} from "avr8js";
import { Emulator, loadHexFile, type SteppingMode } from "../src/emulator/index.js";
import { encodeCommand, type HostCommand } from "../src/protocol/index.js";
import { simavrAvailable, simavrSpeed } from "./emulator-simavr.js";
import { emit, figure, LoadRange, tiny } from "./lib/figures.js";

const HEX = fileURLToPath(
  new URL("../firmware-profiles/uno-ina219/uno-ina219.hex", import.meta.url),
);
const RUN_MS = tiny ? 300 : Number(process.env.BENCH_EMU_MS ?? 4000);
const ROUNDS = tiny ? 1 : Number(process.env.BENCH_ROUNDS ?? 3);
const load = new LoadRange();
const image = await loadHexFile(HEX);

async function rig(stepping: SteppingMode): Promise<Speed> {
  const emu = new Emulator({ firmware: image, stepping });
  let lines = 0;
  emu.transport.onData((c) => {
    for (const b of c) if (b === 10) lines++;
  });
  await emu.transport.open();
  let id = 1;
  const send = (
    c: HostCommand extends infer C ? (C extends HostCommand ? Omit<C, "id"> : never) : never,
  ) => void emu.transport.write(`${encodeCommand({ ...c, id: id++ } as HostCommand)}\n`);
  emu.runFor(300); // boot
  send({ type: "RATE", hz: 50 });
  send({ type: "LAMP", level: 200 });
  send({ type: "LOAD", level: 128 });
  const beat = () => {
    send({ type: "HB" });
    emu.clock.setTimeout(beat, 500);
  };
  beat();
  emu.runFor(200);
  const lines0 = lines;
  const m = measure(() => emu.runFor(RUN_MS));
  const hz = ((lines - lines0) / RUN_MS) * 1000;
  if (hz < 45)
    throw new Error(
      `${stepping}: only ${hz.toFixed(1)} lines/s; the firmware is not streaming at 50 Hz`,
    );
  return m;
}

interface Speed {
  /** Emulated s per wall s: what a user sees on this machine now. */
  wall: number;
  /** Emulated s per CPU s of this process: what one idle core gives (load-independent). */
  cpu: number;
}

function measure(run: () => void): Speed {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall: RUN_MS / wallMs, cpu: RUN_MS / ((c.user + c.system) / 1000) };
}

/** The bare loop from avr8js's README: CPU and peripherals, nothing attached. */
function bare(): Speed {
  const program = new Uint16Array(16384);
  new Uint8Array(program.buffer).set(image.flash);
  const cpu = new CPU(program, 2048);
  new AVRClock(cpu, 16e6, clockConfig);
  for (const c of [timer0Config, timer1Config, timer2Config]) new AVRTimer(cpu, c);
  new AVRUSART(cpu, usart0Config, 16e6);
  new AVRADC(cpu, adcConfig);
  new AVRTWI(cpu, twiConfig, 16e6);
  for (const c of [portBConfig, portCConfig, portDConfig]) new AVRIOPort(cpu, c);
  const warm = 16e6 * 0.5;
  while (cpu.cycles < warm) {
    avrInstruction(cpu);
    cpu.tick();
  }
  const end = cpu.cycles + (16e6 * RUN_MS) / 1000;
  return measure(() => {
    while (cpu.cycles < end) {
      avrInstruction(cpu);
      cpu.tick();
    }
  });
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const LABELS: Record<string, string> = {
  bare: "bare avr8js loop, nothing attached",
  plain: "plain avr8js loop, bench attached",
  sleep: "idle sleep (exact reference)",
  fast: "fast (the default)",
};
const results: Record<string, Speed[]> = { bare: [], plain: [], sleep: [], fast: [] };
const withSimavr = simavrAvailable();
if (withSimavr) {
  results.simavr = [];
  LABELS.simavr = "simavr, same hex (sensors absent, 10 Hz)";
}
for (let r = 0; r < ROUNDS; r++) {
  results.bare!.push(bare());
  for (const mode of ["plain", "sleep", "fast"] as const) results[mode]!.push(await rig(mode));
  if (withSimavr) results.simavr!.push(await simavrSpeed(HEX, RUN_MS));
  load.sample();
}
console.log(
  `uno-ina219 firmware, 50 Hz telemetry, ${RUN_MS / 1000} s emulated per run, median of ${ROUNDS} interleaved rounds`,
);
console.log(
  `${"mode".padEnd(36)} ${"per wall s".padStart(11)} ${"per CPU s".padStart(10)}   (wall, each round)`,
);
const med = (name: string, k: keyof Speed) => median((results[name] ?? []).map((x) => x[k]));
for (const name of Object.keys(results)) {
  const xs = results[name] ?? [];
  console.log(
    `${(LABELS[name] ?? name).padEnd(36)} ${`${med(name, "wall").toFixed(2)}x`.padStart(11)} ${`${med(name, "cpu").toFixed(2)}x`.padStart(10)}   (${xs.map((x) => x.wall.toFixed(2)).join(", ")})`,
  );
}
console.log(
  `fast / plain: ${(med("fast", "wall") / med("plain", "wall")).toFixed(2)}x wall, ${(med("fast", "cpu") / med("plain", "cpu")).toFixed(2)}x CPU; ` +
    `target fast >= 4x real time: ${med("fast", "wall") >= 4 ? "met" : "NOT met"} on the wall clock now, ${med("fast", "cpu") >= 4 ? "met" : "NOT met"} per CPU second`,
);
const wallOf = (name: string) => (results[name] ?? []).map((x) => x.wall);
emit(
  figure({
    name: "emulator: uno-ina219 firmware at 50 Hz telemetry, fast mode",
    unit: "emulated s per wall s",
    values: wallOf("fast"),
    peer: withSimavr
      ? "simavr (Debian), the same hex, sensors absent (bench/emulator-simavr.ts)"
      : "avr8js plain loop, same firmware and bench (simavr not installed)",
    peerValues: withSimavr ? wallOf("simavr") : wallOf("plain"),
    limit: 4,
    target: "≥ 4× real time on this 2-core machine; ahead of simavr",
    load,
    note:
      `per CPU second: fast ${med("fast", "cpu").toFixed(2)}, plain ${med("plain", "cpu").toFixed(2)}, sleep (exact) ${med("sleep", "cpu").toFixed(2)}, bare avr8js ${med("bare", "cpu").toFixed(2)}` +
      (withSimavr
        ? `, simavr ${med("simavr", "cpu").toFixed(2)}; per wall second avr8js plain loop ${med("plain", "wall").toFixed(2)}; simavr paces a sleeping AVR to real time`
        : ""),
    bench: "bench/emulator.ts",
  }),
);

/**
 * `orbitrig constellation --bench RIG1 RIG2 …` (the rigs in this process: emulated boards,
 * or boards on serial ports) and `--ring ID1,ID2,…` (the coordinator alone: each rig's own
 * session joins from its laptop with `run --join`). The ring is drawn on a terminal (the
 * teacher's ring, src/ui/classroom-ring.ts) or told as lines in a pipe; it stops after
 * --orbits of the constellation's clock, or on Ctrl-C, with every lamp and load off.
 */
import { existsSync } from "node:fs";
import { type LoadedRig, loadRig } from "../config/load.js";
import type { PlacementMode } from "../config/schema/constellation.js";
import { deskOptions } from "../constellation/desk-setup.js";
import type { DeskEvent, DeskRound } from "../constellation/desk-types.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import {
  type ClassCredentials,
  DeskLink,
  type DeskView,
  deskStatePayload,
  readCredentials,
  startDeskBench,
} from "../network/index.js";
import { lineToAnsi } from "../ui/ansi.js";
import { ringLines } from "../ui/classroom-ring.js";
import { formatAccelHours } from "../ui/format.js";
import { guardOutput, SignalLatch } from "./lifecycle.js";

export interface DeskCliOptions {
  /** Rig files or names, one per slot (--bench). */
  bench?: string[];
  /** Rig ids of a ring whose rigs join over the broker (--ring); with `rig` for the orbit. */
  ring?: string[];
  rig?: string;
  ids?: string[];
  ports?: string[];
  speed?: number | "max";
  /** --bench: lockstep (the default for emulated rigs) or wall (../network/desk-bench.ts). */
  pacing?: "lockstep" | "wall";
  broker?: string;
  credentials?: string;
  caFile?: string;
  orbits?: number;
  record: boolean;
  linkGbps?: number;
  placement?: PlacementMode;
  load?: number;
  seed?: number;
}

function usage(message: string): never {
  throw new OrbitrigError("USAGE", message, ExitCode.usage);
}

function classBroker(o: DeskCliOptions) {
  if (o.broker === undefined && o.credentials === undefined) return null;
  if (o.broker === undefined || o.credentials === undefined)
    usage("--broker and --credentials go together: the class's broker and its credentials file");
  if (!existsSync(o.credentials)) usage(`--credentials ${o.credentials}: no such file`);
  const credentials: ClassCredentials = readCredentials(o.credentials);
  return { url: o.broker, credentials, ...(o.caFile ? { caFile: o.caFile } : {}) };
}

/** Runs until --orbits or a signal; resolves with the exit code. */
export async function runDeskBench(o: DeskCliOptions): Promise<number> {
  // A closed terminal (SIGHUP) must not turn the last draw or the summary into a crash.
  guardOutput([process.stdout, process.stderr]);
  const out = process.stdout;
  const tty = out.isTTY === true;
  const color = tty && !process.env.NO_COLOR;
  const view: DeskView = { plan: null, state: null, events: [] };
  const events: DeskEvent[] = [];
  /** The first and the latest round (an object: the callbacks set them). */
  const seen: { first: DeskRound | null; last: DeskRound | null } = { first: null, last: null };
  let periodS = 0;
  let drawnAtMs = 0;
  let toldOrbits = 0;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  // Ctrl-C, SIGTERM or SIGHUP from the first moment: while the rigs start it waits for them
  // (their lamps may be on), then stops them; again, and the start or the stop is left.
  const latch = new SignalLatch();
  latch.onSignal((sig) => finish(SignalLatch.exitCode(sig)));
  try {
    const draw = () => {
      const lines = ringLines(view, Math.max(60, out.columns ?? 100), Math.max(10, out.rows ?? 30));
      out.write(`\x1b[H\x1b[2J${lines.map((l) => lineToAnsi(l, color)).join("\n")}\n`);
    };
    const request = {
      ...(o.linkGbps !== undefined ? { linkGbps: o.linkGbps } : {}),
      ...(o.placement ? { placement: o.placement } : {}),
      ...(o.load !== undefined ? { loadFraction: o.load } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
    };
    const onRound = (r: DeskRound) => {
      seen.first ??= r;
      seen.last = r;
      view.state = deskStatePayload(r, periodS, Date.now());
      const orbits = (r.orbitS - seen.first.orbitS) / periodS;
      if (tty && Date.now() - drawnAtMs > 250) {
        drawnAtMs = Date.now();
        draw();
      } else if (!tty && Math.floor(orbits * 4) > toldOrbits) {
        toldOrbits = Math.floor(orbits * 4);
        const where = r.nodes
          .map((x) => `${x.rig} ${x.live ? x.region : "out"} pin ${Math.round(x.level * 100)}%`)
          .join(", ");
        out.write(
          `orbit ${orbits.toFixed(2)}: ${where}; moved ${formatAccelHours(r.totals.movedAccelS)}\n`,
        );
      }
      if (o.orbits !== undefined && orbits >= o.orbits) finish(ExitCode.ok);
    };
    /** Events before the first line (rigs join while the bench starts) wait for it. */
    let pending: string[] | null = [];
    const headline = (line: string) => {
      if (!tty) out.write(`${[line, ...(pending ?? [])].join("\n")}\n`);
      pending = null;
    };
    const onEvent = (e: DeskEvent) => {
      events.push(e);
      view.events.push({
        v: 1,
        kind: e.kind,
        rig: e.rig,
        orbitS: e.orbitS,
        text: e.text,
        wallMs: Date.now(),
      });
      if (view.events.length > 6) view.events.shift();
      if (tty) return;
      if (pending) pending.push(e.text);
      else out.write(`${e.text}\n`);
    };
    // Under the drawn ring, a notice would be wiped at the next draw: it waits for the end.
    const notices: string[] = [];
    const say = (line: string) => {
      if (tty) notices.push(line);
      else process.stderr.write(`orbitrig: ${line}\n`);
    };
    const broker = classBroker(o);
    let stop: () => Promise<void>;
    let ids: string[];
    let recordings: string[] = [];
    if (o.bench) {
      if (o.ring)
        usage(
          "--bench and --ring: give the rigs here (--bench) or the ids of rigs that join (--ring)",
        );
      const rigs: LoadedRig[] = o.bench.map((r) => loadRig(r));
      ids = o.ids ?? rigs.map((_, i) => `desk-${i + 1}`);
      if (o.ports && o.ports.length !== rigs.length)
        usage(
          `--ports: ${o.ports.length} ports for ${rigs.length} rigs: give one per rig, in ring order`,
        );
      periodS = deskOptions(rigs[0]!.config, { ids, ...request }).periodS;
      const bench = await latch.race(
        startDeskBench({
          rigs,
          ids,
          ...(o.ports ? { ports: o.ports } : {}),
          ...(o.speed !== undefined ? { speed: o.speed } : {}),
          ...(o.pacing ? { pacing: o.pacing } : {}),
          ...(o.record ? {} : { record: null }),
          ...(broker ? { broker } : {}),
          request,
          onRound,
          onEvent,
          onNotice: say,
        }),
      );
      recordings = bench.rigs.map((r) => r.rs.recordPath).filter((p): p is string => p !== null);
      view.plan = {
        v: 1,
        online: true,
        ids,
        startPhases: [...bench.desk.startPhases],
        periodS,
        timeScale: bench.desk.timeScale,
        wallMs: Date.now(),
      };
      headline(
        `desk constellation: ${ids.join(", ")} on ${bench.url} (class ${bench.cls}), slots ${bench.desk.startPhases.map((p) => p.toFixed(3)).join(", ")} of the orbit`,
      );
      stop = () => bench.stop("stopped");
    } else if (o.ring) {
      if (!o.rig)
        usage("--ring: give --rig FILE too (the ring's orbit and constellation settings)");
      if (!broker) usage("--ring: give --broker URL and --credentials FILE (the class's broker)");
      ids = o.ring;
      const desk = deskOptions(loadRig(o.rig).config, { ids, ...request });
      periodS = desk.periodS;
      const link = new DeskLink({
        url: broker.url,
        cls: broker.credentials.class,
        account: broker.credentials.teacher,
        ...(broker.caFile ? { caFile: broker.caFile } : {}),
        desk,
        onRound,
        onEvent,
      });
      await latch.race(link.start());
      view.plan = {
        v: 1,
        online: true,
        ids,
        startPhases: [...desk.startPhases],
        periodS,
        timeScale: desk.timeScale,
        wallMs: Date.now(),
      };
      headline(
        `coordinating ${ids.join(", ")} in class ${broker.credentials.class} on ${broker.url}: each rig joins with \`orbitrig run --rig RIG --publish JOIN_FILE --join\``,
      );
      stop = () => link.close();
    } else usage("give --bench RIG1 RIG2 … or --ring ID1,ID2,… (or --rig for the model)");
    if (tty) draw();
    const code = await finished;
    // A second signal leaves a stop that hangs (a board that no longer answers): its
    // firmware's watchdog turns its lamp off.
    await latch.race(stop()).catch((e: unknown) => {
      if (!(e instanceof OrbitrigError && e.code === "INTERRUPTED")) throw e;
      say(e.message);
    });
    const { first, last } = seen;
    const t = last?.totals;
    const orbits = first && last ? (last.orbitS - first.orbitS) / periodS : 0;
    out.write(
      `${tty ? "\n" : ""}desk constellation of ${ids.length}: ${last?.round ?? 0} rounds over ${orbits.toFixed(2)} orbits; ` +
        (t
          ? `work arrived ${formatAccelHours(t.arrivedAccelS)}, done ${formatAccelHours(t.doneUsefulAccelS)}, moved ${formatAccelHours(t.movedAccelS)}, re-planned from drop-outs ${formatAccelHours(t.evacuatedAccelS)}; `
          : "") +
        `${events.filter((e) => e.kind === "drop-out").length} drop-outs\n`,
    );
    for (const p of recordings) out.write(`recording: ${p}\n`);
    for (const line of notices.slice(-10)) process.stderr.write(`orbitrig: ${line}\n`);
    return code;
  } finally {
    latch.release();
  }
}

/**
 * A desk constellation on one machine: several rigs (emulated boards in this process, or
 * boards on serial ports), each a whole session from its rig file with a DeskMember as one
 * more sink, and the coordinator (DeskLink), over a broker: the embedded one on loopback
 * with fresh credentials, or a class's broker (Mosquitto, `classroom serve`) with the class
 * credentials. Every rig starts at its rig file's phase; the coordinator's first round moves
 * each to its slot (recorded, so a re-run of a rig's recording reproduces it).
 *
 * Emulated rigs run in lockstep by default (./desk-lockstep.ts): one driver advances their
 * clocks together and holds them while a report or an assignment is on its way, so their
 * slots stay a third of an orbit apart on a busy machine, and `speed: "max"` is as fast as
 * the machine runs. Rigs on serial ports keep the wall clock's time: they cannot be held.
 */
import type { LoadedRig } from "../config/load.js";
import { type DeskRequest, deskOptions } from "../constellation/desk-setup.js";
import type { DeskEvent, DeskOptions, DeskRound } from "../constellation/desk-types.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { buildRigSession, type RigSession, startRigSession } from "../rig/session.js";
import { startBroker } from "./broker.js";
import { type ClassCredentials, newCredentials } from "./credentials.js";
import { DeskLink } from "./desk-link.js";
import { DeskInFlight, LockstepDriver } from "./desk-lockstep.js";
import { DeskMember } from "./desk-member.js";
import type { AssignPayload } from "./desk-payloads.js";

export interface DeskBenchOptions {
  /** One rig file per slot, in ring order (the same file may be given several times). */
  rigs: LoadedRig[];
  /** Rig ids in ring order. Default desk-1..desk-N (the class credentials' ids with `broker`). */
  ids?: string[];
  /** Serial ports, one per rig, over each rig file's board.port. */
  ports?: (string | undefined)[];
  /** Emulator speed (emulated ms per wall ms) or "max". Default 1. */
  speed?: number | "max";
  /**
   * "lockstep" (the default when every rig is emulated): the emulators advance together,
   * held while the constellation's messages are in flight, at `speed` at most. "wall": each
   * emulator paced by the wall clock on its own (their clocks part when the machine is busy).
   */
  pacing?: "lockstep" | "wall";
  /** Each rig's recording: undefined, the default path; null, none. */
  record?: ((id: string) => string) | null;
  /** A class's broker and its credentials; default: the embedded broker on a free loopback port. */
  broker?: { url: string; credentials: ClassCredentials; caFile?: string };
  request?: Omit<DeskRequest, "ids">;
  onRound?: (round: DeskRound) => void;
  onEvent?: (event: DeskEvent) => void;
  onAssign?: (rig: string, a: AssignPayload, orbitS: number) => void;
  onNotice?: (line: string) => void;
}

export interface DeskBench {
  desk: DeskOptions;
  link: DeskLink;
  rigs: { id: string; rs: RigSession; member: DeskMember }[];
  url: string;
  cls: string;
  /** The class's accounts (fresh ones for the embedded broker). */
  credentials: ClassCredentials;
  /** In lockstep: the messages waited for (a member added later joins with it), and the driver. */
  inFlight: DeskInFlight | null;
  lockstep: LockstepDriver | null;
  /** Stops the rigs (lamp and load off), the coordinator, the embedded broker. Idempotent. */
  stop(reason?: string): Promise<void>;
}

function usage(message: string): never {
  throw new OrbitrigError("USAGE", message, ExitCode.usage);
}

export async function startDeskBench(o: DeskBenchOptions): Promise<DeskBench> {
  const n = o.rigs.length;
  const ids = o.ids ?? Array.from({ length: n }, (_, i) => `desk-${i + 1}`);
  if (ids.length !== n) usage(`${n} rigs but ${ids.length} ids: give one id per rig`);
  const first = o.rigs[0];
  if (!first) usage("--bench: name at least two rig files");
  const desk = deskOptions(first.config, { ...o.request, ids });
  // One plane: the rigs must share the orbit's period and time scale, or the slots drift.
  for (const r of o.rigs) {
    const a = r.config.orbit;
    const b = first.config.orbit;
    if (a.preset !== b.preset || a.altitudeKm !== b.altitudeKm || a.timeScale !== b.timeScale)
      usage(
        `${r.path}: its orbit (${a.preset}, time scale ${a.timeScale}) is not ${first.path}'s (${b.preset}, time scale ${b.timeScale}): the rigs of one ring share one orbit`,
      );
  }
  const credentials = o.broker?.credentials ?? newCredentials("desk", ids);
  for (const id of ids)
    if (!credentials.rigs.some((r) => r.id === id))
      usage(`rig ${id} has no account in class ${credentials.class}'s credentials`);
  // Refused before anything starts (the embedded broker below).
  const real = o.rigs.find((r) => r.config.board.kind !== "emulated");
  const pacing = o.pacing ?? (real ? "wall" : "lockstep");
  if (pacing === "lockstep" && real)
    usage(
      `${real.path}: board.kind ${real.config.board.kind}: lockstep pacing holds emulated rigs only (a board on a port keeps real time)`,
    );
  const embedded = o.broker
    ? null
    : await startBroker({ credentials, port: 0, onRefusal: (l) => o.onNotice?.(l) });
  const url = o.broker?.url ?? embedded!.url;
  const caFile = o.broker?.caFile;
  const cls = credentials.class;
  const inFlight = pacing === "lockstep" ? new DeskInFlight() : null;
  const lockstep = inFlight
    ? new LockstepDriver(inFlight, {
        speed: o.speed ?? 1,
        ...(o.onNotice ? { onNotice: o.onNotice } : {}),
      })
    : null;
  const link = new DeskLink({
    url,
    cls,
    account: credentials.teacher,
    ...(caFile ? { caFile } : {}),
    desk,
    ...(o.onRound ? { onRound: o.onRound } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    ...(inFlight ? { inFlight } : {}),
  });
  const rigs: DeskBench["rigs"] = [];
  let stopping: Promise<void> | null = null;
  // The coordinator goes first, so the rigs' goodbyes are not drop-outs; then the rigs
  // (lamp and load off), then the broker they spoke through.
  const stop = (reason = "stopped") =>
    (stopping ??= (async () => {
      await link.close();
      await Promise.all(rigs.map((r) => r.rs.session.stop(reason)));
      for (const r of rigs) r.rs.built.stop();
      await Promise.all(rigs.map((r) => r.member.close()));
      await embedded?.close();
    })());
  const built: DeskBench["rigs"] = [];
  try {
    await link.start();
    // Every session is built before any starts: building an emulator takes a while, and
    // rigs that start together keep their clocks (and so their slots) together.
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const port = o.ports?.[i];
      // The session is named for its slot too: its recording (recordings/<name>-desk-2-<time>.ndjson)
      // and its hello say which desk it was.
      const rig = o.rigs[i]!;
      const named = { ...rig, config: { ...rig.config, name: `${rig.config.name} ${id}` } };
      const rs = await buildRigSession(named, {
        ...(port ? { port } : {}),
        ...(o.speed !== undefined ? { speed: o.speed } : {}),
        ...(o.record === null ? { record: null } : o.record ? { record: o.record(id) } : {}),
      });
      // The driver paces this emulator with the others, from the first session's start.
      if (lockstep) rs.built = lockstep.paced(rs.built);
      const password = credentials.rigs.find((r) => r.id === id)!.password;
      const member = new DeskMember({
        url,
        cls,
        rigId: id,
        account: { username: id, password },
        ...(caFile ? { caFile } : {}),
        session: rs.session,
        node: rs.model.params,
        reportEveryOrbitS: desk.nominalStepS,
        ...(o.onNotice
          ? { onNotice: (l: string) => stopping === null && o.onNotice!(`${id}: ${l}`) }
          : {}),
        ...(o.onAssign ? { onAssign: (a, t) => o.onAssign!(id, a, t) } : {}),
        ...(inFlight ? { inFlight } : {}),
      });
      rs.session.addSink(member);
      built.push({ id, rs, member });
    }
    // In lockstep the clocks start once every member listens: a member still connecting
    // would miss rounds while the others' emulators run on (bounded: a broker that never
    // answers leaves that rig to join late).
    if (lockstep)
      await Promise.race([Promise.all(built.map((r) => r.member.ready)), wallMs(10_000)]);
    const started = await Promise.allSettled(built.map((r) => startRigSession(r.rs)));
    built.forEach((r, i) => {
      if (started[i]!.status === "fulfilled") rigs.push(r);
    });
    const failed = started.find((x) => x.status === "rejected");
    if (failed) throw failed.reason;
  } catch (e) {
    await Promise.all(built.filter((r) => !rigs.includes(r)).map((r) => r.member.close()));
    await stop("error");
    throw e;
  }
  return { desk, link, rigs, url, cls, credentials, inFlight, lockstep, stop };
}

function wallMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

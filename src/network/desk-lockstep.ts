/**
 * Lockstep for a desk constellation of emulated rigs in one process: one driver advances
 * every rig's emulated clock together, a small step at a time, and holds them all while a
 * message of the constellation is in flight (a member's report not yet taken by the
 * coordinator, an assignment not yet applied by its rig). Paced by the wall clock, each
 * emulator falls behind on its own when the machine is busy and their slots part; an MQTT
 * hop costs emulated time that depends on the machine's load. In lockstep the rigs' clocks
 * stay together and a hop costs at most one step of emulated time, whatever the load, and
 * with `speed: "max"` the bench runs as fast as the machine allows.
 *
 * The same idea as the end-to-end tests' pty lockstep (tests/e2e/lockstep.ts), with
 * messages in place of serial bytes.
 */
import type { Socket } from "node:net";
import type { MqttClient } from "mqtt";
import { SliceLoop } from "../emulator/slice-loop.js";
import type { BuiltBoard } from "../rig/board.js";

/**
 * No Nagle on the client's socket (each connection's): a report or an assignment is one
 * small packet, and held back for the previous one's delayed ACK it costs ~40 ms of wall
 * time per hop, which in lockstep is time every rig waits.
 */
export function sendPromptly(client: MqttClient): void {
  const apply = () => (client.stream as Partial<Socket> | undefined)?.setNoDelay?.(true);
  apply();
  client.on("connect", apply);
}

/** The keys of a member's report and of a rig's assignment in flight. */
export const reportKey = (rig: string, instance: string, seq: number) =>
  `report ${rig} ${instance} ${seq}`;
export const assignKey = (rig: string, round: number) => `assign ${rig} ${round}`;

/** What the driver needs of an emulator (src/emulator's Emulator has both). */
export interface SteppedClock {
  nowMs(): number;
  runFor(ms: number): void;
}

/**
 * The constellation's messages in flight, by key. Members count their reports and the
 * coordinator its assignments as sent; the other end counts them as arrived. Only rigs
 * whose member in this process is listening are waited for: an assignment to a rig that has
 * left (or that runs elsewhere) is not.
 */
export class DeskInFlight {
  private readonly keys = new Map<string, string>();
  private readonly listening = new Map<string, number>();
  private readonly idleListeners = new Set<() => void>();
  private off = false;
  /** Messages counted so far (sent), for the figures. */
  messages = 0;

  get busy(): boolean {
    return this.keys.size > 0;
  }

  /** A member of `rig` listens in this process. */
  join(rig: string): void {
    this.listening.set(rig, (this.listening.get(rig) ?? 0) + 1);
  }

  /** A member of `rig` has gone: what was on its way to or from it is not waited for. */
  leave(rig: string): void {
    const n = (this.listening.get(rig) ?? 0) - 1;
    if (n > 0) {
      this.listening.set(rig, n);
      return;
    }
    this.listening.delete(rig);
    for (const [key, r] of this.keys) if (r === rig) this.keys.delete(key);
    this.settle();
  }

  /** A message to or from `rig` went out; it is waited for until it arrives. */
  sent(rig: string, key: string): void {
    if (this.off || !this.listening.has(rig)) return;
    this.keys.set(key, rig);
    this.messages++;
  }

  arrived(key: string): void {
    if (this.keys.delete(key)) this.settle();
  }

  /** Nothing is waited for any more (the coordinator has stopped). */
  stop(): void {
    this.off = true;
    this.keys.clear();
    this.settle();
  }

  /** Forgets what is in flight (a message lost on the way), so the rigs go on. */
  drop(): number {
    const n = this.keys.size;
    this.keys.clear();
    this.settle();
    return n;
  }

  onIdle(listener: () => void): () => void {
    this.idleListeners.add(listener);
    return () => this.idleListeners.delete(listener);
  }

  private settle(): void {
    if (!this.busy) for (const l of [...this.idleListeners]) l();
  }
}

export interface LockstepOptions {
  /** Emulated ms per wall ms at most (1 = real time), or "max": as fast as the machine runs. */
  speed: number | "max";
  /** Emulated ms the clocks advance together between looks at the messages. Default 2. */
  stepMs?: number;
  /**
   * Wall ms a message may stay in flight before it counts as lost (a broker that dropped
   * it) and the rigs go on, with a notice. Default 30 000: never, on a working broker.
   */
  lostAfterWallMs?: number;
  onNotice?: (line: string) => void;
}

/** Drives several emulators in lockstep, held while messages are in flight. */
export class LockstepDriver {
  private readonly clocks: SteppedClock[] = [];
  private readonly loop = new SliceLoop(() => this.slice());
  private anchor: { wallMs: number; emuMs: number } | null = null;
  private heldSinceWallMs: number | null = null;
  private lostTimer: ReturnType<typeof setTimeout> | null = null;
  private speed_: number | "max";
  /** Times the rigs were held for a message, and the wall ms it cost in all. */
  holds = 0;
  heldWallMs = 0;

  constructor(
    private readonly inFlight: DeskInFlight,
    private readonly o: LockstepOptions,
  ) {
    if (o.speed !== "max" && !(o.speed > 0))
      throw new RangeError(`speed must be > 0 or "max", got ${o.speed}`);
    this.speed_ = o.speed;
    inFlight.onIdle(() => this.release());
  }

  get speed(): number | "max" {
    return this.speed_;
  }

  setSpeed(speed: number): void {
    this.speed_ = speed;
    this.anchor = null;
  }

  /** The rigs' common emulated time, ms (the slowest clock's). */
  nowMs(): number {
    return this.clocks.length ? Math.min(...this.clocks.map((c) => c.nowMs())) : 0;
  }

  add(clock: SteppedClock): void {
    if (!this.clocks.includes(clock)) this.clocks.push(clock);
  }

  /**
   * A built rig whose emulator this driver paces, in place of the board's own Pacer: its
   * start starts the driver, its stop lets the emulator go. A board on a port is left as
   * it is.
   */
  paced(built: BuiltBoard): BuiltBoard {
    const emulator = built.emulator;
    if (!emulator) return built;
    this.add(emulator);
    return { ...built, start: () => this.start(), stop: () => this.remove(emulator) };
  }

  /** Stops driving one emulator; with none left, the driver stops. */
  remove(clock: SteppedClock): void {
    const i = this.clocks.indexOf(clock);
    if (i >= 0) this.clocks.splice(i, 1);
    if (this.clocks.length === 0) this.stop();
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
  }

  private hold(): void {
    if (this.heldSinceWallMs !== null) return;
    this.heldSinceWallMs = performance.now();
    this.holds++;
    const lostMs = this.o.lostAfterWallMs ?? 30_000;
    this.lostTimer = setTimeout(() => {
      this.lostTimer = null;
      const n = this.inFlight.drop();
      if (n > 0)
        this.o.onNotice?.(
          `lockstep: ${n} constellation message(s) still in flight after ${lostMs / 1000} s; counted as lost, the rigs go on`,
        );
    }, lostMs);
    this.lostTimer.unref?.();
  }

  private release(): void {
    if (this.heldSinceWallMs !== null) {
      this.heldWallMs += performance.now() - this.heldSinceWallMs;
      this.heldSinceWallMs = null;
      if (this.lostTimer) clearTimeout(this.lostTimer);
      this.lostTimer = null;
    }
    this.loop.schedule();
  }

  /**
   * One step of every clock, then the event loop: what the host does in promises (the
   * handshake, a command's reply) and the broker's hops happen before the next step, so
   * each costs at most one step of emulated time, however slow the machine.
   */
  private slice(): void {
    const now = this.nowMs();
    if (this.inFlight.busy) {
      this.hold();
      return;
    }
    const wallMs = performance.now();
    let to = now + (this.o.stepMs ?? 2);
    const speed = this.speed_;
    if (speed !== "max") {
      this.anchor ??= { wallMs, emuMs: now };
      let targetMs = this.anchor.emuMs + (wallMs - this.anchor.wallMs) * speed;
      // Far behind (a long hold, a busy machine): go on from here rather than race to catch up.
      if (now < targetMs - 250 * speed) {
        this.anchor = { wallMs, emuMs: now };
        targetMs = now;
      }
      if (targetMs <= now) {
        this.loop.schedule(Math.max(1, Math.min(5, (to - targetMs) / speed)));
        return;
      }
      to = Math.min(to, targetMs);
    }
    // Every clock to the same instant: a report sent on the way holds them all after it.
    for (const c of this.clocks) {
      const ms = to - c.nowMs();
      if (ms > 0) c.runFor(ms);
    }
    if (this.inFlight.busy) this.hold();
    else this.loop.schedule();
  }
}

/**
 * The MQTT publisher: one more sink of a session (docs/network.md). It never slows the
 * session: every sink call only builds a small message and queues it; a bounded queue
 * holds what waits for the broker (slow, restarting or absent), and when it is full the
 * oldest state is dropped and counted. mqtt.js reconnects by itself; the local recording
 * is another sink and knows nothing of this one.
 *
 * On each connect the publisher first listens on its own id for a join window and sends
 * one probe state: state from another instance there means the id is online elsewhere, and
 * no echo of its own probe means the broker's ACL does not let this account use this id;
 * either way this rig stops publishing (one line says so). Then hello and status
 * (retained) go out, the queue drains, and commands on its `cmd` topics reach the session's controls, each answered on `event`.
 */
import { randomBytes } from "node:crypto";
import type { MqttClient } from "mqtt";
import type { BoardInfo } from "../core/board.js";
import type { ChangeResult, SessionEvent, SessionSink } from "../session/types.js";
import { applyCommand, type CommandTarget } from "./commands.js";
import {
  type Account,
  describeMqttError,
  endClient,
  isRefusal,
  openClient,
  subscribeChecked,
} from "./connect.js";
import { JoinCheck } from "./join-check.js";
import { ackPayload, eventPayload, helloPayload, type RigFacts, statePayload } from "./messages.js";
import { Outbox, type Outgoing } from "./outbox.js";
import { parsePayload, type StatusPayload } from "./payloads.js";
import { classCmdTopic, parseTopic, type RigTopic, rigTopic } from "./topics.js";

export interface PublisherOptions {
  url: string;
  cls: string;
  rigId: string;
  account: Account;
  caFile?: string;
  /** State messages per second. Default 5. */
  stateHz?: number;
  /** Messages held for the broker. Default 500. */
  queueLimit?: number;
  facts: RigFacts;
  session: CommandTarget;
  /** One line for people each time the publisher's situation changes (not each retry). */
  onNotice?: (line: string) => void;
  /** Wall clock, Unix ms. Default Date.now. */
  now?: () => number;
  /** Listening for another instance of this id before publishing, ms. Default max(1000, 3 state periods). */
  joinWindowMs?: number;
}

export type PublisherState = "connecting" | "joining" | "online" | "offline" | "refused" | "closed";

export interface PublisherStats {
  state: PublisherState;
  published: number;
  dropped: number;
  queued: number;
  reconnects: number;
  commands: number;
  /** The last notice: why it is offline or refused. */
  problem: string | null;
}

/** How long the join probe may take to come back before the ACL is taken to forbid it. */
const ECHO_WAIT_MS = 5000;

/** Publishes in flight to the client before the queue waits: bounds mqtt.js's buffers. */
const MAX_IN_FLIGHT = 32;

export class MqttPublisher implements SessionSink {
  readonly instance = randomBytes(6).toString("hex");
  private readonly client: MqttClient;
  private readonly queue: Outbox;
  private readonly stateHz: number;
  private readonly now: () => number;
  private state: PublisherState = "connecting";
  private inFlight = 0;
  private published = 0;
  private reconnects = 0;
  private commands = 0;
  private stateSeq = 0;
  private problem: string | null = null;
  private info: BoardInfo | null = null;
  private stateTimer: ReturnType<typeof setInterval> | null = null;
  private join: JoinCheck | null = null;
  private everConnected = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly o: PublisherOptions) {
    this.stateHz = o.stateHz ?? 5;
    this.queue = new Outbox(o.queueLimit ?? 500);
    this.now = o.now ?? Date.now;
    const offline: StatusPayload = {
      v: 1,
      online: false,
      instance: this.instance,
      wallMs: this.now(),
      reason: "lost",
    };
    this.client = openClient({
      url: o.url,
      account: o.account,
      clientId: `orbitrig-${o.cls}-${o.rigId}-${this.instance}`,
      ...(o.caFile ? { caFile: o.caFile } : {}),
      will: {
        topic: this.topic("status"),
        payload: Buffer.from(JSON.stringify(offline)),
        qos: 1,
        retain: true,
      },
    });
    this.client.on("connect", () => this.onConnect());
    this.client.on("close", () => this.onClose());
    this.client.on("error", (e) => this.onError(e));
    this.client.on("message", (topic, payload) => this.onMessage(topic, payload));
  }

  private topic(kind: RigTopic): string {
    return rigTopic(this.o.cls, this.o.rigId, kind);
  }

  stats(): PublisherStats {
    return {
      state: this.state,
      published: this.published,
      dropped: this.queue.dropped,
      queued: this.queue.length,
      reconnects: this.reconnects,
      commands: this.commands,
      problem: this.problem,
    };
  }

  private notice(line: string | null): void {
    if (line === this.problem) return;
    this.problem = line;
    if (line) this.o.onNotice?.(line);
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters) w();
  }

  /**
   * Resolves once the first connection has an outcome (online, refused, or a problem such
   * as an unreachable broker), or after timeoutMs; publishing goes on either way.
   */
  settled(timeoutMs: number): Promise<PublisherStats> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.state === "connecting" || this.state === "joining") {
          if (this.problem === null) return;
        }
        done();
      };
      const done = () => {
        clearTimeout(t);
        this.waiters.delete(check);
        resolve(this.stats());
      };
      const t = setTimeout(done, timeoutMs);
      t.unref?.();
      this.waiters.add(check);
      check();
    });
  }

  // ---- the session's sink calls: cheap, never wait ----------------------------------

  begin(info: BoardInfo): void {
    this.info = info;
    this.stateTimer ??= setInterval(() => this.queueState(), 1000 / this.stateHz);
    this.stateTimer.unref?.();
    if (this.state === "online") this.queueHello();
  }

  event(e: SessionEvent): void {
    const p = eventPayload(e, this.now());
    if (p) this.enqueue({ kind: "event", payload: JSON.stringify(p), qos: 1, retain: false });
    // A new policy is part of the hello a late subscriber reads.
    if (e.kind === "operator" && e.data.action === "set-policy" && this.state === "online")
      this.queueHello();
  }

  /** Publishes the last state and "offline, ended", then disconnects; bounded to timeoutMs. */
  async end(): Promise<void> {
    await this.close(1000);
  }

  async close(timeoutMs = 1000): Promise<void> {
    if (this.state === "closed") return;
    if (this.stateTimer) clearInterval(this.stateTimer);
    this.join?.cancel();
    const wasOnline = this.state === "online";
    this.state = "closed";
    if (wasOnline && this.client.connected) {
      this.queueState(true);
      this.queueStatus(false);
      this.pump(true);
    }
    if (!this.client.connected) {
      // Nothing in flight can be delivered: stop the retries and go.
      this.client.end(true);
      return;
    }
    await endClient(this.client, timeoutMs);
  }

  // ---- the queue --------------------------------------------------------------------

  private stateJson(): string {
    const p = statePayload(this.o.session.status(), this.stateSeq++, this.instance, this.now(), {
      queued: this.queue.length,
      dropped: this.queue.dropped,
    });
    return JSON.stringify(p);
  }

  private queueState(force = false): void {
    if (!force && (this.state === "closed" || this.state === "refused")) return;
    this.enqueue({ kind: "state", payload: this.stateJson(), qos: 0, retain: false });
  }

  private queueHello(): void {
    const s = this.o.session.status();
    const p = helloPayload(
      this.o.rigId,
      this.instance,
      this.o.facts,
      this.info ?? s.board,
      s.policy,
      this.stateHz,
      this.now(),
    );
    // Retained, so a view that starts later knows the rig; first in line.
    this.queue.add({ kind: "hello", payload: JSON.stringify(p), qos: 1, retain: true }, true);
  }

  private queueStatus(online: boolean): void {
    const p: StatusPayload = {
      v: 1,
      online,
      instance: this.instance,
      wallMs: this.now(),
      ...(online ? {} : { reason: "ended" as const }),
    };
    this.enqueue({ kind: "status", payload: JSON.stringify(p), qos: 1, retain: true }, true);
  }

  private enqueue(m: Outgoing, front = false): void {
    if (this.state === "refused") return;
    this.queue.add(m, front);
    this.pump();
  }

  private pump(closing = false): void {
    if (!(this.state === "online" || (closing && this.state === "closed"))) return;
    if (!this.client.connected) return;
    while (this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const m = this.queue.take()!;
      this.inFlight++;
      this.client.publish(this.topic(m.kind), m.payload, { qos: m.qos, retain: m.retain }, (e) => {
        this.inFlight--;
        if (e) this.queue.dropped++;
        else this.published++;
        this.pump(closing);
      });
    }
  }

  // ---- the connection ---------------------------------------------------------------

  private onConnect(): void {
    if (this.state === "closed" || this.state === "refused") return;
    if (this.everConnected) this.reconnects++;
    this.everConnected = true;
    this.state = "joining";
    const own = [this.topic("state"), this.topic("cmd"), classCmdTopic(this.o.cls)];
    subscribeChecked(this.client, own, `user ${this.o.account.username}`)
      .then(() => {
        if (this.state !== "joining") return;
        this.join = new JoinCheck({
          instance: this.instance,
          windowMs: this.o.joinWindowMs ?? Math.max(1000, 3000 / this.stateHz),
          echoWaitMs: ECHO_WAIT_MS,
          probe: () => this.client.publish(this.topic("state"), this.stateJson(), { qos: 1 }),
          done: (r) => {
            if (r.ok) this.joined();
            else if (r.why === "duplicate")
              this.refuse(
                `rig id ${this.o.rigId} is already online in class ${this.o.cls} (another orbitrig publishes as it): give this rig its own id`,
              );
            else
              this.refuse(
                `the broker does not let user ${this.o.account.username} publish and read under ${this.topic("state").replace(/\/state$/, "")} (rig id ${this.o.rigId} must be the account's user name)`,
              );
          },
        });
      })
      .catch((e: Error) =>
        this.refuse(`${e.message} (rig id ${this.o.rigId} must be the account's user name)`),
      );
  }

  private joined(): void {
    if (this.state !== "joining") return;
    // Our own state would come back to us from now on: only the commands are wanted.
    this.client.unsubscribe(this.topic("state"));
    this.state = "online";
    this.notice(null);
    this.wake();
    if (this.reconnects > 0 || this.queue.dropped > 0)
      this.o.onNotice?.(
        `publishing to ${this.o.url} again (${this.queue.dropped} messages dropped while away)`,
      );
    this.queueStatus(true);
    this.queueHello();
    this.pump();
  }

  private refuse(line: string): void {
    if (this.state === "refused" || this.state === "closed") return;
    this.state = "refused";
    if (this.stateTimer) clearInterval(this.stateTimer);
    this.join?.cancel();
    this.queue.clear();
    this.notice(`${line}; not publishing (the session carries on locally)`);
    this.wake();
    this.client.end(true);
  }

  private onClose(): void {
    this.join?.cancel();
    if (this.state === "online" || this.state === "joining" || this.state === "connecting") {
      this.state = "offline";
    }
  }

  private onError(e: Error): void {
    const line = describeMqttError(e, this.o.url, this.o.account.username);
    if (isRefusal(e)) {
      this.refuse(line);
      return;
    }
    this.notice(`${line}; retrying every second, the session carries on locally`);
  }

  private onMessage(topic: string, payload: Buffer): void {
    const t = parseTopic(topic);
    if (!t || t.cls !== this.o.cls) return;
    if (t.kind === "state" && t.scope === "rig" && t.rig === this.o.rigId) {
      const p = this.state === "joining" ? parsePayload("state", payload) : null;
      if (p) this.join?.sawState(p.instance);
      return;
    }
    if (t.kind !== "cmd" || (t.scope === "rig" && t.rig !== this.o.rigId)) return;
    if (this.state !== "online") return;
    this.commands++;
    const cmd = parsePayload("cmd", payload);
    if (!cmd) {
      this.ack("?", "?", { ok: false, reason: "a command this orbitrig cannot read (ignored)" });
      return;
    }
    this.ack(cmd.id, cmd.action, applyCommand(cmd, this.o.session));
  }

  private ack(id: string, action: string, r: ChangeResult): void {
    const p = ackPayload(id, action, r, this.now());
    this.enqueue({ kind: "event", payload: JSON.stringify(p), qos: 1, retain: false }, true);
  }
}

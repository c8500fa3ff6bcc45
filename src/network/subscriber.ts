/**
 * The classroom subscriber: one MQTT connection that follows a whole class (the teacher's
 * view, the web page's bridge) and, for the teacher, sends commands. Messages feed a
 * ClassState; listeners are only told "changed" and pull snapshots at their own pace.
 */
import { randomBytes } from "node:crypto";
import type { MqttClient } from "mqtt";
import type { PolicyName } from "../config/schema/scheduler.js";
import { type ClassSnapshot, ClassState } from "./class-state.js";
import {
  type Account,
  connectNow,
  describeMqttError,
  endClient,
  subscribeChecked,
} from "./connect.js";
import type { CommandPayload } from "./payloads.js";
import { classCmdTopic, classFilter, rigTopic } from "./topics.js";

export interface SubscriberOptions {
  url: string;
  cls: string;
  account: Account;
  caFile?: string;
  /** Our clock, ms. Default Date.now. */
  now?: () => number;
  /**
   * Wall-clock ms close() waits for commands in flight to be acknowledged before it cuts
   * the connection (a broker that went away never will). Default 2000.
   */
  closeGraceMs?: number;
}

/** A command as the teacher's keys make it (the id is added when sent). */
export type TeacherCommand =
  | { action: "force-eclipse" }
  | { action: "set-policy"; policy: PolicyName }
  | { action: "set"; key: string; value: number | string | boolean }
  | { action: "pause" }
  | { action: "resume" }
  | { action: "note"; text: string };

export function describeCommand(c: TeacherCommand): string {
  switch (c.action) {
    case "force-eclipse":
      return "force eclipse";
    case "set-policy":
      return `policy ${c.policy}`;
    case "set":
      return `set ${c.key}=${String(c.value)}`;
    case "note":
      return `note "${c.text}"`;
    default:
      return c.action;
  }
}

export class ClassroomSubscriber {
  readonly state: ClassState;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private connected = true;
  private problem: string | null = null;
  private seq = 0;
  private readonly session = randomBytes(3).toString("hex");

  private constructor(
    private readonly client: MqttClient,
    private readonly o: SubscriberOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.state = new ClassState(o.cls);
    client.on("message", (topic, payload) => {
      if (this.state.apply(topic, payload, this.now())) this.notify();
    });
    client.on("close", () => {
      if (!this.connected) return;
      this.connected = false;
      this.notify();
    });
    client.on("connect", () => {
      this.connected = true;
      this.problem = null;
      this.notify();
    });
    client.on("error", (e) => {
      this.problem = describeMqttError(e, o.url, o.account.username);
      this.notify();
    });
  }

  /** Connects and subscribes; rejects with one line when the broker refuses either. */
  static async open(o: SubscriberOptions): Promise<ClassroomSubscriber> {
    const client = await connectNow({
      url: o.url,
      account: o.account,
      clientId: `orbitrig-${o.cls}-${o.account.username}-${randomBytes(4).toString("hex")}`,
      ...(o.caFile ? { caFile: o.caFile } : {}),
    });
    const sub = new ClassroomSubscriber(client, o);
    try {
      await subscribeChecked(client, [classFilter(o.cls)], `user ${o.account.username}`);
    } catch (e) {
      client.end(true);
      throw e;
    }
    return sub;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  getSnapshot(): ClassSnapshot {
    return this.state.snapshot(this.now(), {
      broker: this.o.url,
      connected: this.connected,
      problem: this.problem,
    });
  }

  /**
   * Sends a command to one rig or to all ("all": the class-wide topic). Resolves with the
   * command's id once the broker has it; the answers arrive in the snapshot's commands.
   */
  send(target: string, c: TeacherCommand): Promise<string> {
    const id = `${this.session}-${++this.seq}`;
    const payload: CommandPayload = { v: 1, id, ...c } as CommandPayload;
    const nowMs = this.now();
    this.state.sent({
      id,
      action: c.action,
      target,
      text: describeCommand(c),
      sentAtMs: nowMs,
      expected: target === "all" ? this.state.onlineIds(nowMs) : [target],
    });
    this.notify();
    const topic =
      target === "all" ? classCmdTopic(this.o.cls) : rigTopic(this.o.cls, target, "cmd");
    return new Promise((resolve, reject) => {
      this.client.publish(topic, JSON.stringify(payload), { qos: 1 }, (e) =>
        e ? reject(e) : resolve(id),
      );
    });
  }

  close(): Promise<void> {
    return endClient(this.client, this.o.closeGraceMs ?? 2000);
  }
}

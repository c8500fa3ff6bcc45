/**
 * The desk constellation's coordinator on the broker: the pure DeskCoordinator
 * (src/constellation/desk.ts) fed by the rigs' reports on `<rig>/member`, its rounds sent
 * back as one assignment per rig (`constellation/assign/<rig>`), the round for the teacher's
 * ring (`constellation/state`), and its events (`constellation/event`). It publishes as the
 * teacher: the ACL (./acl.ts) lets no rig write under `constellation/`. The plan (the ring
 * and its slots) is retained, with a will that says the coordinator is offline, so rigs lift
 * their caps when it goes.
 */
import type { MqttClient } from "mqtt";
import { DeskCoordinator } from "../constellation/desk.js";
import type { DeskEvent, DeskOptions, DeskOutput, DeskRound } from "../constellation/desk-types.js";
import { type Account, connectNow, endClient, subscribeChecked } from "./connect.js";
import { assignKey, type DeskInFlight, reportKey, sendPromptly } from "./desk-lockstep.js";
import type {
  AssignPayload,
  DeskEventPayload,
  DeskStatePayload,
  PlanPayload,
} from "./desk-payloads.js";
import { r4 } from "./messages.js";
import { parsePayload } from "./payloads.js";
import { assignTopic, constellationTopic, memberFilter, parseTopic } from "./topics.js";

export interface DeskLinkOptions {
  url: string;
  cls: string;
  /** The teacher's account. */
  account: Account;
  caFile?: string;
  desk: DeskOptions;
  onRound?: (round: DeskRound) => void;
  onEvent?: (event: DeskEvent) => void;
  /** Wall clock, Unix ms (message stamps only). Default Date.now. */
  now?: () => number;
  /** A bench in lockstep (./desk-lockstep.ts): reports taken and assignments sent are counted. */
  inFlight?: DeskInFlight;
}

export class DeskLink {
  readonly coordinator: DeskCoordinator;
  private client: MqttClient | null = null;
  private readonly now: () => number;
  /** The instance each rig reports from: a bye of an older one is not this rig leaving. */
  private readonly instances = new Map<string, string>();
  ignored = 0;

  constructor(private readonly o: DeskLinkOptions) {
    this.coordinator = new DeskCoordinator(o.desk);
    this.now = o.now ?? Date.now;
  }

  private plan(online: boolean): string {
    const d = this.o.desk;
    const p: PlanPayload = {
      v: 1,
      online,
      ids: [...d.ids],
      startPhases: d.startPhases.map(r4),
      periodS: r4(d.periodS),
      timeScale: d.timeScale,
      wallMs: this.now(),
    };
    return JSON.stringify(p);
  }

  /** Connects (one line on a refusal), publishes the plan and listens for the members. */
  async start(): Promise<void> {
    const o = this.o;
    const planTopic = constellationTopic(o.cls, "plan");
    const client = await connectNow({
      url: o.url,
      account: o.account,
      clientId: `orbitrig-${o.cls}-coordinator-${this.now().toString(36)}`,
      ...(o.caFile ? { caFile: o.caFile } : {}),
      will: { topic: planTopic, payload: Buffer.from(this.plan(false)), qos: 1, retain: true },
    });
    this.client = client;
    sendPromptly(client);
    client.on("message", (topic, payload) => this.onMessage(topic, payload));
    await subscribeChecked(client, [memberFilter(o.cls)], `user ${o.account.username}`);
    await client.publishAsync(planTopic, this.plan(true), { qos: 1, retain: true });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const t = parseTopic(topic);
    if (!t || t.cls !== this.o.cls || t.scope !== "rig" || t.kind !== "member") return;
    const p = parsePayload("member", payload);
    if (!p) {
      this.ignored++;
      return;
    }
    if (p.kind === "bye") {
      if (this.instances.get(t.rig) === p.instance) this.take(this.coordinator.offline(t.rig));
      return;
    }
    this.instances.set(t.rig, p.instance);
    const { v: _v, kind: _k, ...r } = p;
    try {
      this.take(
        this.coordinator.report(t.rig, {
          ...r,
          eclipseEntryInS: r.eclipseEntryInS ?? Number.POSITIVE_INFINITY,
        }),
      );
    } finally {
      // After the round's assignments are counted: the rigs stay held until they arrive.
      this.o.inFlight?.arrived(reportKey(t.rig, p.instance, p.seq));
    }
  }

  /** The coordinator's output on the wire and to the listeners. */
  private take(out: DeskOutput): void {
    const c = this.client;
    const cls = this.o.cls;
    for (const e of out.events) {
      this.o.onEvent?.(e);
      const p: DeskEventPayload = {
        v: 1,
        kind: e.kind,
        rig: e.rig,
        orbitS: r4(e.orbitS),
        text: e.text.slice(0, 500),
        wallMs: this.now(),
      };
      c?.publish(constellationTopic(cls, "event"), JSON.stringify(p), { qos: 1 });
    }
    const round = out.round;
    if (!round) return;
    for (const a of round.assignments) {
      const p: AssignPayload = { v: 1, ...a };
      if (c) this.o.inFlight?.sent(a.rig, assignKey(a.rig, a.round));
      c?.publish(assignTopic(cls, a.rig), JSON.stringify(p), { qos: 1 });
    }
    const state = deskStatePayload(round, this.o.desk.periodS, this.now());
    c?.publish(constellationTopic(cls, "state"), JSON.stringify(state), { qos: 0 });
    this.o.onRound?.(round);
  }

  /** Says the coordinator is offline (rigs lift their caps) and disconnects. */
  async close(timeoutMs = 1000): Promise<void> {
    const c = this.client;
    // Nothing more will be taken or assigned: the rigs are not held for it.
    this.o.inFlight?.stop();
    if (!c) return;
    this.client = null;
    if (c.connected)
      c.publish(constellationTopic(this.o.cls, "plan"), this.plan(false), {
        qos: 1,
        retain: true,
      });
    await endClient(c, timeoutMs);
  }
}

/** A round for the teacher's ring: rounded, as it goes on the wire. */
export function deskStatePayload(
  round: DeskRound,
  periodS: number,
  wallMs: number,
): DeskStatePayload {
  const t = round.totals;
  return {
    v: 1,
    round: round.round,
    orbitS: r4(round.orbitS),
    dtS: r4(round.dtS),
    periodS: r4(periodS),
    nodes: round.nodes.map((x) => ({
      rig: x.rig,
      slot: x.slot,
      live: x.live,
      phase: x.phase === null ? null : r4(x.phase),
      region: x.region,
      sheds: x.sheds,
      level: x.level,
      backlogAccelS: r4(x.backlogAccelS),
      doneAccelS: r4(x.doneAccelS),
      sentAccelS: r4(x.sentAccelS),
      receivedAccelS: r4(x.receivedAccelS),
    })),
    routes: round.routes.map((x) => ({
      from: x.from,
      to: x.to,
      amountAccelS: r4(x.amountAccelS),
    })),
    totals: {
      arrivedAccelS: r4(t.arrivedAccelS),
      doneUsefulAccelS: r4(t.doneUsefulAccelS),
      movedAccelS: r4(t.movedAccelS),
      evacuatedAccelS: r4(t.evacuatedAccelS),
      droppedAccelS: r4(t.droppedAccelS),
      queuedAccelS: r4(t.queuedAccelS),
    },
    wallMs,
  };
}

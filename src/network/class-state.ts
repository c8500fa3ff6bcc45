/**
 * What a class looks like from the broker: every rig's latest hello, state and status,
 * its recent events, and the teacher's commands with each rig's answer. Messages go in
 * (apply), snapshots come out; no IO, so the teacher's view and the web page's bridge are
 * tested from fixed messages. Anything malformed, oversized or too frequent is ignored and
 * counted, never thrown.
 */

import type { DeskEventPayload, DeskStatePayload, PlanPayload } from "./desk-payloads.js";
import {
  type EventPayload,
  type HelloPayload,
  MAX_PAYLOAD_BYTES,
  parsePayload,
  type StatePayload,
  type StatusPayload,
} from "./payloads.js";
import { type ConstellationTopic, parseTopic } from "./topics.js";

export type RigLink = "online" | "stale" | "offline";

/** The longest a rig may go without a state before it shows stale, s. */
const MAX_STALE_S = 15;

export interface RigView {
  id: string;
  hello: HelloPayload | null;
  state: StatePayload | null;
  status: StatusPayload | null;
  /** Our clock when the last state arrived, ms. */
  stateAtMs: number | null;
  /** State messages of the current instance that never arrived (gaps in seq). */
  statesLost: number;
  /** The last few events, newest last. */
  events: { atMs: number; kind: string; text: string }[];
}

export interface CommandRecord {
  id: string;
  action: string;
  /** "all" or a rig id. */
  target: string;
  /** What the teacher asked, in words. */
  text: string;
  sentAtMs: number;
  /** The rigs expected to answer (online when it was sent). */
  expected: string[];
  answers: Record<string, { ok: boolean; text: string }>;
}

export interface ClassSnapshot {
  cls: string;
  broker: string;
  connected: boolean;
  /** Why not connected, one line, or null. */
  problem: string | null;
  nowMs: number;
  rigs: RigView[];
  /** Messages ignored: malformed, oversized, unknown topics, or faster than a rig may send. */
  ignored: number;
  received: number;
  commands: CommandRecord[];
  /** A desk constellation on this class's broker, when there is one (the teacher's ring). */
  constellation?: DeskView | null;
}

export interface DeskView {
  plan: PlanPayload | null;
  /** The latest round. */
  state: DeskStatePayload | null;
  /** The last few drop-outs, rejoins and refusals, newest last. */
  events: DeskEventPayload[];
}

const EVENTS_PER_RIG = 6;
const COMMANDS_KEPT = 8;
/** Messages a rig may send per second before the rest are ignored (a flood cannot stall the view). */
export const MAX_RIG_MESSAGES_PER_S = 60;

export class ClassState {
  private readonly rigs = new Map<string, RigView>();
  private readonly rate = new Map<string, { windowMs: number; count: number }>();
  private readonly commands: CommandRecord[] = [];
  private desk: DeskView | null = null;
  ignored = 0;
  received = 0;

  constructor(readonly cls: string) {}

  private rig(id: string): RigView {
    let r = this.rigs.get(id);
    if (!r) {
      r = {
        id,
        hello: null,
        state: null,
        status: null,
        stateAtMs: null,
        statesLost: 0,
        events: [],
      };
      this.rigs.set(id, r);
    }
    return r;
  }

  /** One message from the broker; returns whether it changed what a view shows. */
  apply(topic: string, payload: Buffer | string, atMs: number): boolean {
    this.received++;
    const t = parseTopic(topic);
    if (!t || t.cls !== this.cls || payload.length > MAX_PAYLOAD_BYTES) {
      this.ignored++;
      return false;
    }
    if (t.scope === "constellation") return this.applyDesk(t.kind, payload);
    if (t.scope === "class" || t.kind === "cmd" || t.kind === "member") return false;
    if (this.tooFast(t.rig, atMs)) {
      this.ignored++;
      return false;
    }
    switch (t.kind) {
      case "hello": {
        const p = parsePayload("hello", payload);
        if (!p || p.rig !== t.rig) return this.ignore();
        this.rig(t.rig).hello = p;
        return true;
      }
      case "state": {
        const p = parsePayload("state", payload);
        if (!p) return this.ignore();
        const r = this.rig(t.rig);
        const prev = r.state;
        if (prev && prev.instance === p.instance && p.seq > prev.seq + 1)
          r.statesLost += p.seq - prev.seq - 1;
        r.state = p;
        r.stateAtMs = atMs;
        return true;
      }
      case "status": {
        const p = parsePayload("status", payload);
        if (!p) return this.ignore();
        const r = this.rig(t.rig);
        // A will of an instance long replaced must not mark the new one offline.
        if (!p.online && r.state && r.state.instance !== p.instance && r.status?.online)
          return false;
        r.status = p;
        return true;
      }
      case "event": {
        const p = parsePayload("event", payload);
        if (!p) return this.ignore();
        this.applyEvent(this.rig(t.rig), p, atMs);
        return true;
      }
    }
  }

  /** The coordinator's messages (it publishes as the teacher, at its rounds' rate). */
  private applyDesk(kind: ConstellationTopic, payload: Buffer | string): boolean {
    if (kind === "assign") return false;
    this.desk ??= { plan: null, state: null, events: [] };
    const d = this.desk;
    if (kind === "plan") {
      const p = parsePayload("constellation-plan", payload);
      if (!p) return this.ignore();
      d.plan = p;
    } else if (kind === "state") {
      const p = parsePayload("constellation-state", payload);
      if (!p) return this.ignore();
      d.state = p;
    } else {
      const p = parsePayload("constellation-event", payload);
      if (!p) return this.ignore();
      d.events.push(p);
      if (d.events.length > EVENTS_PER_RIG) d.events.shift();
    }
    return true;
  }

  private ignore(): false {
    this.ignored++;
    return false;
  }

  private tooFast(rig: string, atMs: number): boolean {
    const w = this.rate.get(rig);
    if (!w || atMs - w.windowMs >= 1000) {
      this.rate.set(rig, { windowMs: atMs, count: 1 });
      return false;
    }
    w.count++;
    return w.count > MAX_RIG_MESSAGES_PER_S;
  }

  private applyEvent(r: RigView, p: EventPayload, atMs: number): void {
    if (p.kind === "ack") {
      const c = this.commands.find((x) => x.id === p.id);
      if (c) c.answers[r.id] = { ok: p.ok, text: p.text };
      r.events.push({ atMs, kind: "ack", text: `${p.ok ? "done" : "refused"}: ${p.text}` });
    } else {
      r.events.push({ atMs, kind: p.kind, text: p.text });
    }
    if (r.events.length > EVENTS_PER_RIG) r.events.shift();
  }

  /** Records a command the teacher sent, to collect the answers. */
  sent(c: Omit<CommandRecord, "answers">): void {
    this.commands.push({ ...c, answers: {} });
    if (this.commands.length > COMMANDS_KEPT) this.commands.shift();
  }

  /** Rig ids online now (to know who should answer a command to all). */
  onlineIds(nowMs: number, staleS?: number): string[] {
    return [...this.rigs.values()]
      .filter((r) => rigLink(r, nowMs, staleS) !== "offline")
      .map((r) => r.id);
  }

  snapshot(
    nowMs: number,
    conn: { broker: string; connected: boolean; problem: string | null },
  ): ClassSnapshot {
    return {
      cls: this.cls,
      ...conn,
      nowMs,
      rigs: [...this.rigs.values()]
        .filter((r) => r.hello || r.state || r.status?.online)
        .sort((a, b) => a.id.localeCompare(b.id)),
      ignored: this.ignored,
      received: this.received,
      commands: this.commands.map((c) => ({ ...c, answers: { ...c.answers } })),
      constellation: this.desk ? { ...this.desk, events: [...this.desk.events] } : null,
    };
  }
}

/**
 * Online (states arriving), stale (said online, but no state for staleS: the rig's laptop
 * asleep, a network gone quiet, before the broker's will says so) or offline.
 */
export function rigLink(r: RigView, nowMs: number, staleS?: number): RigLink {
  if (r.status && !r.status.online) return "offline";
  if (r.stateAtMs === null) return r.status?.online ? "stale" : "offline";
  const hz = r.hello?.stateHz ?? 5;
  // Capped at three periods of the slowest rate a rig file allows (0.2 Hz): a hello that
  // says 0 (or 1e-300) must not keep a silent rig "online" for ever.
  const limitS = staleS ?? Math.min(MAX_STALE_S, Math.max(2, 3 / hz));
  return (nowMs - r.stateAtMs) / 1000 > limitS ? "stale" : "online";
}

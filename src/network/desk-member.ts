/**
 * A rig's side of a desk constellation: one more sink of its session. Every
 * `reportEveryOrbitS` of the rig's own orbit clock it reports its node on `<rig>/member`
 * (src/constellation/desk-types.ts, memberReport); each assignment from the coordinator on
 * `constellation/assign/<rig>` caps its compute level (Session.setComputeCap: the load pin,
 * D10, shows it) and, when the rig is off its slot, moves its orbit to the slot's phase
 * (Session.alignPhase: the lamp follows). When the coordinator goes offline the cap is
 * lifted and the rig runs on its own policy; the constellation's events (a desk dropping out,
 * rejoining) become notes in the rig's own recording. Its own connection, with a last will (a "bye"):
 * a rig whose laptop vanishes drops out at once instead of after a few silent rounds.
 */
import { randomBytes } from "node:crypto";
import type { MqttClient } from "mqtt";
import { memberReport } from "../constellation/desk-types.js";
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import type { ChangeResult, SessionSink, SessionStatus } from "../session/types.js";
import { type Account, describeMqttError, endClient, isRefusal, openClient } from "./connect.js";
import { assignKey, type DeskInFlight, reportKey, sendPromptly } from "./desk-lockstep.js";
import type { AssignPayload, MemberPayload } from "./desk-payloads.js";
import { parsePayload } from "./payloads.js";
import { assignTopic, constellationTopic, parseTopic, rigTopic } from "./topics.js";

/** What the member needs of a session (Session has all of it). */
export interface MemberTarget {
  status(): SessionStatus;
  orbitS(): number;
  ownComputeLevel(): number | null;
  setComputeCap(level: number | null): ChangeResult;
  alignPhase(phase: number, atOrbitS: number, text: string): ChangeResult;
  /** The constellation's events (drop-outs, rejoins) go into the rig's own recording. */
  addNote(text: string): void;
}

export interface DeskMemberOptions {
  url: string;
  cls: string;
  rigId: string;
  account: Account;
  caFile?: string;
  session: MemberTarget;
  node: { accelerators: number; throttleLevels: ArrayLike<number> };
  /** Orbit seconds between reports (the rig file's time scale / reports per bench second). */
  reportEveryOrbitS: number;
  /** One line for people when something changes (connected, refused, slot taken). */
  onNotice?: (line: string) => void;
  /** Each assignment as applied (the bench's view and the tests). */
  onAssign?: (a: AssignPayload, orbitS: number) => void;
  /** A bench in lockstep (./desk-lockstep.ts): its reports and assignments are waited for. */
  inFlight?: DeskInFlight;
}

export class DeskMember implements SessionSink {
  readonly instance = randomBytes(6).toString("hex");
  private readonly client: MqttClient;
  private seq = 0;
  private lastReportS = Number.NEGATIVE_INFINITY;
  private lastRound = -1;
  private closed = false;
  private problem: string | null = null;
  assignments = 0;
  /** Resolves once the member listens for its assignments (or cannot: refused, closed). */
  readonly ready: Promise<void>;
  private isReady: () => void = () => undefined;

  constructor(private readonly o: DeskMemberOptions) {
    this.ready = new Promise((resolve) => {
      this.isReady = resolve;
    });
    o.inFlight?.join(o.rigId);
    const bye: MemberPayload = { v: 1, kind: "bye", instance: this.instance, reason: "lost" };
    this.client = openClient({
      url: o.url,
      account: o.account,
      clientId: `orbitrig-${o.cls}-${o.rigId}-member-${this.instance}`,
      ...(o.caFile ? { caFile: o.caFile } : {}),
      will: { topic: this.memberTopic(), payload: Buffer.from(JSON.stringify(bye)), qos: 1 },
    });
    sendPromptly(this.client);
    this.client.on("connect", () => {
      this.notice(null);
      this.client.subscribe(
        [
          assignTopic(o.cls, o.rigId),
          constellationTopic(o.cls, "plan"),
          constellationTopic(o.cls, "event"),
        ],
        { qos: 1 },
        (err, granted) => {
          if (err || (granted ?? []).some((g) => g.qos === 128))
            this.notice(
              `the broker does not let user ${o.account.username} read its constellation assignment (its ACL predates desk constellations?)`,
            );
          this.isReady();
        },
      );
    });
    this.client.on("error", (e) => {
      const line = describeMqttError(e, o.url, o.account.username);
      this.notice(isRefusal(e) ? `${line}; not joining the constellation` : line);
      if (isRefusal(e)) {
        this.client.end(true);
        this.isReady();
      }
    });
    this.client.on("message", (topic, payload) => this.onMessage(topic, payload));
  }

  private memberTopic(): string {
    return rigTopic(this.o.cls, this.o.rigId, "member");
  }

  private notice(line: string | null): void {
    if (line === this.problem) return;
    this.problem = line;
    if (line) this.o.onNotice?.(line);
  }

  frame(_frame: Frame, node: NodeState): void {
    if (this.closed || !this.client.connected) return;
    const s = this.o.session;
    if (s.orbitS() - this.lastReportS < this.o.reportEveryOrbitS) return;
    const st = s.status();
    this.lastReportS = st.orbitElapsedS;
    const r = memberReport({
      instance: this.instance,
      seq: this.seq++,
      orbitS: st.orbitElapsedS,
      node,
      next: st.orbit.next,
      ownLevel: s.ownComputeLevel() ?? node.computeLevel,
      periodS: st.orbit.periodS,
      timeScale: st.timeScale,
      accelerators: this.o.node.accelerators,
      throttleLevels: this.o.node.throttleLevels,
    });
    const p: MemberPayload = {
      v: 1,
      kind: "report",
      ...r,
      eclipseEntryInS: Number.isFinite(r.eclipseEntryInS) ? r.eclipseEntryInS : null,
      throttleLevels: [...r.throttleLevels],
    };
    this.o.inFlight?.sent(this.o.rigId, reportKey(this.o.rigId, this.instance, p.seq));
    this.client.publish(this.memberTopic(), JSON.stringify(p), { qos: 1 });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const t = parseTopic(topic);
    if (t?.scope !== "constellation" || t.cls !== this.o.cls || this.closed) return;
    const s = this.o.session;
    if (t.kind === "plan") {
      const p = parsePayload("constellation-plan", payload);
      // The coordinator is gone: the rig runs on its own policy until it is back.
      if (p && !p.online) {
        s.setComputeCap(null);
        this.lastRound = -1;
      }
      return;
    }
    if (t.kind === "event") {
      const p = parsePayload("constellation-event", payload);
      if (p) s.addNote(`constellation: ${p.text}`);
      return;
    }
    if (t.kind !== "assign" || t.rig !== this.o.rigId) return;
    const a = parsePayload("assign", payload);
    if (!a) return;
    try {
      this.apply(a);
    } finally {
      this.o.inFlight?.arrived(assignKey(this.o.rigId, a.round));
    }
  }

  private apply(a: AssignPayload): void {
    const s = this.o.session;
    // An assignment older than one applied (QoS 1 may deliver twice) changes nothing.
    if (a.round <= this.lastRound) return;
    this.lastRound = a.round;
    this.assignments++;
    s.setComputeCap(a.level);
    if (a.alignPhase !== null)
      s.alignPhase(
        a.alignPhase,
        a.atOrbitS,
        `constellation: moved to slot ${a.slot + 1}'s phase ${a.alignPhase.toFixed(3)}`,
      );
    this.o.onAssign?.(a, s.orbitS());
  }

  /** Says goodbye (the rig drops out at once) and disconnects; bounded to timeoutMs. */
  async end(): Promise<void> {
    await this.close();
  }

  async close(timeoutMs = 1000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.o.inFlight?.leave(this.o.rigId);
    this.isReady();
    if (!this.client.connected) {
      this.client.end(true);
      return;
    }
    const bye: MemberPayload = { v: 1, kind: "bye", instance: this.instance, reason: "ended" };
    this.client.publish(this.memberTopic(), JSON.stringify(bye), { qos: 1 });
    await endClient(this.client, timeoutMs);
  }
}

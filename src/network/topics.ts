/**
 * The topic tree, version 1 (docs/network.md):
 *
 *   orbitrig/v1/<class>/<rig>/hello    retained: rig, firmware, board, orbit, node parameters
 *   orbitrig/v1/<class>/<rig>/state    the node and bench state, stateHz times a second
 *   orbitrig/v1/<class>/<rig>/event    alarms, link changes, notes, faults, command answers
 *   orbitrig/v1/<class>/<rig>/status   retained: online, or offline (the last will)
 *   orbitrig/v1/<class>/<rig>/cmd      the teacher's commands to one rig
 *   orbitrig/v1/<class>/cmd            the teacher's commands to every rig
 *
 * A desk constellation (./desk-member.ts, ./desk-link.ts; the coordinator publishes as the teacher):
 *
 *   orbitrig/v1/<class>/<rig>/member                  a ring member's report to the coordinator
 *   orbitrig/v1/<class>/constellation/plan            retained: the ring, its slots, the coordinator online
 *   orbitrig/v1/<class>/constellation/state           each round: every rig's queue and cap, the routes
 *   orbitrig/v1/<class>/constellation/event           drop-outs, rejoins, refusals
 *   orbitrig/v1/<class>/constellation/assign/<rig>    each round: one rig's cap (its load pin) and slot
 *
 * A new, incompatible payload gets a new version level (v2) beside this one.
 */
import { ID_PATTERN, RESERVED_IDS } from "../config/schema/network.js";

export const TOPIC_ROOT = "orbitrig/v1";

export const RIG_TOPICS = ["hello", "state", "event", "status", "cmd", "member"] as const;
export type RigTopic = (typeof RIG_TOPICS)[number];

/** What a rig publishes (the rest, cmd, only the teacher may). */
export const RIG_PUBLISHES: readonly RigTopic[] = ["hello", "state", "event", "status", "member"];

/** The class level that holds a desk constellation's topics (a reserved id: no rig has it). */
export const CONSTELLATION = "constellation";
export const CONSTELLATION_TOPICS = ["plan", "state", "event"] as const;
export type ConstellationTopic = (typeof CONSTELLATION_TOPICS)[number] | "assign";

export function constellationTopic(
  cls: string,
  kind: (typeof CONSTELLATION_TOPICS)[number],
): string {
  return `${TOPIC_ROOT}/${cls}/${CONSTELLATION}/${kind}`;
}

export function assignTopic(cls: string, rig: string): string {
  return `${TOPIC_ROOT}/${cls}/${CONSTELLATION}/assign/${rig}`;
}

/** Every ring member's reports, for the coordinator. */
export function memberFilter(cls: string): string {
  return `${TOPIC_ROOT}/${cls}/+/member`;
}

export function rigTopic(cls: string, rig: string, kind: RigTopic): string {
  return `${TOPIC_ROOT}/${cls}/${rig}/${kind}`;
}

export function classCmdTopic(cls: string): string {
  return `${TOPIC_ROOT}/${cls}/cmd`;
}

/** Everything of a class, for the teacher's view and the web page. */
export function classFilter(cls: string): string {
  return `${TOPIC_ROOT}/${cls}/#`;
}

export function isId(text: string): boolean {
  return ID_PATTERN.test(text);
}

export function isRigId(text: string): boolean {
  return isId(text) && !(RESERVED_IDS as readonly string[]).includes(text);
}

export type ParsedTopic =
  | { scope: "rig"; cls: string; rig: string; kind: RigTopic }
  | { scope: "class"; cls: string; kind: "cmd" }
  | { scope: "constellation"; cls: string; kind: ConstellationTopic; rig: string | null };

/** A topic of the tree, or null for anything else (another version, a bad id, a stray level). */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split("/");
  if (parts[0] !== "orbitrig" || parts[1] !== "v1") return null;
  const cls = parts[2];
  if (cls === undefined || !isId(cls)) return null;
  if (parts.length === 4 && parts[3] === "cmd") return { scope: "class", cls, kind: "cmd" };
  if (parts[3] === CONSTELLATION) {
    const kind = parts[4] as (typeof CONSTELLATION_TOPICS)[number];
    if (parts.length === 5 && CONSTELLATION_TOPICS.includes(kind))
      return { scope: "constellation", cls, kind, rig: null };
    if (parts.length === 6 && parts[4] === "assign" && isRigId(parts[5]!))
      return { scope: "constellation", cls, kind: "assign", rig: parts[5]! };
    return null;
  }
  if (parts.length !== 5) return null;
  const rig = parts[3]!;
  const kind = parts[4] as RigTopic;
  if (!isRigId(rig) || !RIG_TOPICS.includes(kind)) return null;
  return { scope: "rig", cls, rig, kind };
}

/**
 * True when every topic the subscription filter can match is matched by the pattern too
 * (MQTT 3.1.1 §4.7 wildcards), so an ACL entry of `pattern` grants subscribing to `filter`.
 */
export function filterCovered(filter: string, pattern: string): boolean {
  const f = filter.split("/");
  const p = pattern.split("/");
  for (let i = 0; i < f.length; i++) {
    const pl = p[i];
    if (pl === undefined) return false;
    if (pl === "#") return true;
    const fl = f[i]!;
    if (fl === "#") return false;
    if (pl === "+") continue;
    if (fl === "+" || fl !== pl) return false;
  }
  return f.length === p.length;
}

/** True when a concrete topic matches a filter. */
export function topicMatches(topic: string, filter: string): boolean {
  return !topic.includes("+") && !topic.includes("#") && filterCovered(topic, filter);
}

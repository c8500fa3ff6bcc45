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
 * A new, incompatible payload gets a new version level (v2) beside this one.
 */
import { ID_PATTERN, RESERVED_IDS } from "../config/schema/network.js";

export const TOPIC_ROOT = "orbitrig/v1";

export const RIG_TOPICS = ["hello", "state", "event", "status", "cmd"] as const;
export type RigTopic = (typeof RIG_TOPICS)[number];

/** What a rig publishes (the rest, cmd, only the teacher may). */
export const RIG_PUBLISHES: readonly RigTopic[] = ["hello", "state", "event", "status"];

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
  | { scope: "class"; cls: string; kind: "cmd" };

/** A topic of the tree, or null for anything else (another version, a bad id, a stray level). */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split("/");
  if (parts[0] !== "orbitrig" || parts[1] !== "v1") return null;
  const cls = parts[2];
  if (cls === undefined || !isId(cls)) return null;
  if (parts.length === 4 && parts[3] === "cmd") return { scope: "class", cls, kind: "cmd" };
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

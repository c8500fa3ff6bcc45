/**
 * `--publish` and `network.mqtt` for demo, run and replay: the publisher joins the
 * session as one more sink. Its problems are one line each: on stderr before the
 * dashboard is up (and with the status line), as session notes once the dashboard owns
 * the terminal (they show in its event list and are kept in the recording).
 */
import type { LoadedRig } from "../config/load.js";
import {
  MqttPublisher,
  type PublisherStats,
  publishTarget,
  type RigFacts,
} from "../network/index.js";
import type { Session } from "../session/session.js";

export interface Publishing {
  /** Creates the publisher and waits (bounded) for its first connection's outcome. */
  start(session: Session): Promise<void>;
  /** Where later notices go: the dashboard's event list, or stderr. */
  viewStarted(session: Session, dashboard: boolean): void;
  stats(): PublisherStats & { url: string; class: string; rigId: string };
}

/** How long the session waits for the broker before its view starts (it goes on anyway). */
const FIRST_CONNECT_WAIT_MS = 3000;

/** Null when nothing asks to publish; throws (one line) for a bad section or flag. */
export function preparePublishing(
  rig: LoadedRig,
  facts: RigFacts,
  flag: string | undefined,
  info: (text: string) => void,
): Publishing | null {
  const target = publishTarget(rig.config, rig.path, flag);
  if (!target) return null;
  let publisher: MqttPublisher | null = null;
  let say = info;
  return {
    async start(session) {
      publisher = new MqttPublisher({
        url: target.url,
        cls: target.cls,
        rigId: target.rigId,
        account: { username: target.username, password: target.password },
        ...(target.caFile ? { caFile: target.caFile } : {}),
        stateHz: target.stateHz,
        queueLimit: target.queueLimit,
        facts,
        session,
        onNotice: (line) => say(line),
      });
      session.addSink(publisher);
      const s = await publisher.settled(FIRST_CONNECT_WAIT_MS);
      if (s.state === "online")
        info(`publishing as ${target.rigId} in class ${target.cls} to ${target.url}`);
      else if (s.state !== "refused" && s.problem === null)
        info(`waiting for the broker at ${target.url}; the session carries on locally`);
    },
    viewStarted(session, dashboard) {
      if (dashboard) say = (line) => session.addNote(`network: ${line}`);
    },
    stats() {
      const empty: PublisherStats = {
        state: "closed",
        published: 0,
        dropped: 0,
        queued: 0,
        reconnects: 0,
        commands: 0,
        problem: null,
      };
      return {
        ...(publisher?.stats() ?? empty),
        url: target.url,
        class: target.cls,
        rigId: target.rigId,
      };
    },
  };
}

export const PUBLISH_FLAGS = "--publish <url|join-file>";
export const PUBLISH_HELP =
  "publish to a classroom's MQTT broker: mqtt://HOST[:PORT], or the join file the teacher handed out (over the rig file's network.mqtt)";

/**
 * `--publish` and `network.mqtt` for demo, run and replay: the publisher joins the
 * session as one more sink. Its problems are one line each: on stderr before the
 * dashboard is up (and with the status line), as session notes once the dashboard owns
 * the terminal (they show in its event list and are kept in the recording).
 */
import type { LoadedRig } from "../config/load.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import {
  DeskMember,
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

/** A desk constellation's member beside the publisher (`--join`, `network.constellation`). */
export interface JoinRequest {
  /** --join given. */
  flag: boolean;
  node: { accelerators: number; throttleLevels: ArrayLike<number> };
  /** Orbit seconds between reports. */
  reportEveryOrbitS: number;
}

/** --join needs a broker: refused (one line, exit 2) before anything is built or powered. */
export function checkJoin(rig: LoadedRig, flag: string | undefined): void {
  if (!flag && !rig.config.network.mqtt)
    throw new OrbitrigError(
      "USAGE",
      "--join: a desk constellation is on a broker: give --publish JOIN_FILE (or the rig file's network.mqtt)",
      ExitCode.usage,
    );
}

/** Reports per bench second from a rig that joins a desk constellation (as the bench's). */
export const JOIN_REPORT_HZ = 5;

/** How long the session waits for the broker before its view starts (it goes on anyway). */
const FIRST_CONNECT_WAIT_MS = 3000;

/** Null when nothing asks to publish; throws (one line) for a bad section or flag. */
export function preparePublishing(
  rig: LoadedRig,
  facts: RigFacts,
  flag: string | undefined,
  info: (text: string) => void,
  join?: JoinRequest,
): Publishing | null {
  const target = publishTarget(rig.config, rig.path, flag);
  const joining = join !== undefined && (join.flag || rig.config.network.constellation);
  if (join?.flag) checkJoin(rig, flag);
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
      // A rig the broker refused (its id online elsewhere, an account not its own) does not
      // join either: two desks must not report as one.
      if (joining && s.state === "refused")
        info("not joining the desk constellation: the broker refused this rig (above)");
      else if (joining && join) {
        session.addSink(
          new DeskMember({
            url: target.url,
            cls: target.cls,
            rigId: target.rigId,
            account: { username: target.username, password: target.password },
            ...(target.caFile ? { caFile: target.caFile } : {}),
            session,
            node: join.node,
            reportEveryOrbitS: join.reportEveryOrbitS,
            onNotice: (line) => say(`constellation: ${line}`),
          }),
        );
        info(`joining the desk constellation of class ${target.cls} as ${target.rigId}`);
      }
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

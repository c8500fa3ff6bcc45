/**
 * Who may do what in a class, written once: the embedded broker asks these functions, and
 * the Mosquitto ACL file is generated from the same table (mosquittoAcl), so both brokers
 * enforce the same rules:
 *
 * - the teacher reads and writes the whole class (commands included);
 * - the viewer (the web page's bridge, any read-only dashboard) reads the whole class;
 * - a rig writes hello, state, event and status under its own id (its user name) only, and
 *   reads its own topics and the class-wide command topic;
 * - nobody else: there is no anonymous access.
 */
import { classCmdTopic, filterCovered, RIG_PUBLISHES, TOPIC_ROOT, topicMatches } from "./topics.js";

export type Role = "teacher" | "viewer" | "rig";

interface Grant {
  read: string[];
  write: string[];
}

function grants(role: Role, cls: string, user: string): Grant {
  const all = `${TOPIC_ROOT}/${cls}/#`;
  switch (role) {
    case "teacher":
      return { read: [all], write: [all] };
    case "viewer":
      return { read: [all], write: [] };
    case "rig":
      return {
        read: [`${TOPIC_ROOT}/${cls}/${user}/#`, classCmdTopic(cls)],
        write: RIG_PUBLISHES.map((k) => `${TOPIC_ROOT}/${cls}/${user}/${k}`),
      };
  }
}

export function canPublish(role: Role, cls: string, user: string, topic: string): boolean {
  return grants(role, cls, user).write.some((p) => topicMatches(topic, p));
}

export function canSubscribe(role: Role, cls: string, user: string, filter: string): boolean {
  return grants(role, cls, user).read.some((p) => filterCovered(filter, p));
}

/**
 * The ACL file for Mosquitto 2.0 (mosquitto.conf(5), acl_file): the teacher and the viewer
 * by name, every other user by `pattern` with %u, its user name. The pattern lines apply to
 * the teacher and the viewer too; the reserved ids keep them from meaning a rig.
 */
export function mosquittoAcl(cls: string, teacher: string, viewer: string): string {
  const lines = [
    `# orbitrig class ${cls}: written by \`orbitrig classroom mosquitto-config\` (src/network/acl.ts)`,
    "",
    `user ${teacher}`,
    ...grants("teacher", cls, teacher).write.map((t) => `topic readwrite ${t}`),
    "",
    `user ${viewer}`,
    ...grants("viewer", cls, viewer).read.map((t) => `topic read ${t}`),
    "",
    "# every rig: its own topics under its user name, and the teacher's commands",
    ...grants("rig", cls, "%u").write.map((t) => `pattern write ${t}`),
    ...grants("rig", cls, "%u").read.map((t) => `pattern read ${t}`),
    "",
  ];
  return lines.join("\n");
}

/**
 * The network (docs/network.md): a session's MQTT publisher, the classroom subscriber that
 * follows a class, the embedded broker and the Mosquitto config, over one topic tree and
 * one set of payload schemas. The only folder that imports mqtt and aedes.
 */
export { type RunningBroker, reachableUrls, startBroker } from "./broker.js";
export {
  type ClassSnapshot,
  type CommandRecord,
  type DeskView,
  type RigLink,
  type RigView,
  rigLink,
} from "./class-state.js";
export {
  type ClassCredentials,
  loadOrCreateCredentials,
  readCredentials,
  rigIds,
  writeJoinFiles,
} from "./credentials.js";
export { type DeskBench, type DeskBenchOptions, startDeskBench } from "./desk-bench.js";
export { DeskLink, deskStatePayload } from "./desk-link.js";
export { DeskMember } from "./desk-member.js";
export type { DeskStatePayload } from "./desk-payloads.js";
export { type PublishTarget, parseBrokerUrl, publishTarget } from "./join.js";
export type { RigFacts } from "./messages.js";
export { writeMosquittoConfig } from "./mosquitto.js";
export { MqttPublisher, type PublisherStats } from "./publisher.js";
export { ClassroomSubscriber, describeCommand, type TeacherCommand } from "./subscriber.js";
export { classFilter, rigTopic, TOPIC_ROOT } from "./topics.js";

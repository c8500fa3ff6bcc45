/**
 * The kinds of event a session writes to its recording and hands its sinks (recorder,
 * dashboard, network publisher). Readers of a recording must accept kinds they do not
 * know: a newer orbitrig may add some.
 */
export const SESSION_EVENT_KINDS = [
  "session-start",
  "session-end",
  "command",
  "command-failed",
  "lamp",
  "lamp-fault",
  "reapply",
  "limit",
  "alarm",
  "board-event",
  "board-error",
  "link-down",
  "link-up",
  "rejected-line",
  "note",
  "operator",
] as const;

export type SessionEventKind = (typeof SESSION_EVENT_KINDS)[number];

/** Where the dashboard pulls snapshots from (the Session implements it). */
import type { SessionSnapshot } from "./snapshot.js";

export interface SnapshotSource {
  /** The latest snapshot; `nowHostMs` should be "now" at the time of the call. */
  getSnapshot(): SessionSnapshot;
  /** Calls listener when something changed; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

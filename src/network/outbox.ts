/**
 * The publisher's bounded queue: what waits for the broker. Past its limit the oldest
 * state goes (a newer one says more), and only when no state is left an event; every
 * message lost is counted, so the view and the summary can say how many.
 */
import type { RigTopic } from "./topics.js";

export interface Outgoing {
  kind: RigTopic;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

export class Outbox {
  private readonly items: Outgoing[] = [];
  /** Messages lost: pushed out of a full queue, failed in flight, or thrown away. */
  dropped = 0;

  constructor(readonly limit: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Adds a message at the back, or at the front (hello, status, answers go first). */
  add(m: Outgoing, front = false): void {
    if (front) this.items.unshift(m);
    else this.items.push(m);
    if (this.items.length <= this.limit) return;
    const i = this.items.findIndex((x) => x.kind === "state");
    this.items.splice(i >= 0 ? i : front ? this.items.length - 1 : 0, 1);
    this.dropped++;
  }

  take(): Outgoing | undefined {
    return this.items.shift();
  }

  /** Throws everything away (counted): the publisher has stopped. */
  clear(): void {
    this.dropped += this.items.length;
    this.items.length = 0;
  }
}

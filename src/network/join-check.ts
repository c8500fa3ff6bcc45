/**
 * What a publisher checks on each connect before it announces itself: that no other
 * instance publishes under its id (state from another instance within the window), and
 * that the broker lets its account use the id at all: its own probe state must come back.
 * Mosquitto grants a forbidden subscription under MQTT 3.1.1 and drops a forbidden
 * publish without a word, so only the echo proves the ACL.
 */
export type JoinOutcome = { ok: true } | { ok: false; why: "duplicate" | "forbidden" };

export interface JoinCheckOptions {
  instance: string;
  /** Listening for another instance, ms. */
  windowMs: number;
  /** How long the probe may take to come back, ms. */
  echoWaitMs: number;
  /** Publishes the probe (one state message of this instance). */
  probe: () => void;
  done: (outcome: JoinOutcome) => void;
}

export class JoinCheck {
  private windowOver = false;
  private echoed = false;
  private finished = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];

  constructor(private readonly o: JoinCheckOptions) {
    o.probe();
    this.after(o.windowMs, () => {
      this.windowOver = true;
      this.maybeDone();
    });
    this.after(o.echoWaitMs, () => {
      if (!this.echoed) this.finish({ ok: false, why: "forbidden" });
    });
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref?.();
    this.timers.push(t);
  }

  /** A state message on this rig's own topic, from the instance given. */
  sawState(instance: string): void {
    if (this.finished) return;
    if (instance !== this.o.instance) {
      this.finish({ ok: false, why: "duplicate" });
      return;
    }
    this.echoed = true;
    this.maybeDone();
  }

  private maybeDone(): void {
    if (this.windowOver && this.echoed) this.finish({ ok: true });
  }

  private finish(outcome: JoinOutcome): void {
    if (this.finished) return;
    this.cancel();
    this.o.done(outcome);
  }

  /** Stops listening (the connection closed, or the publisher stopped). */
  cancel(): void {
    this.finished = true;
    for (const t of this.timers) clearTimeout(t);
  }
}

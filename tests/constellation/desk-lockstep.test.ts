/**
 * The desk bench's lockstep (src/network/desk-lockstep.ts) with stand-in clocks: they
 * advance together, are held while a message to or from a listening rig is in flight, and
 * go on when it arrives, when its rig leaves, or when the coordinator stops. Bounded by
 * event-loop turns, not by the wall clock.
 */
import { describe, expect, it } from "vitest";
import { DeskInFlight, LockstepDriver } from "../../src/network/desk-lockstep.js";

class FakeClock {
  t = 0;
  constructor(private readonly onRun: (t: number) => void = () => undefined) {}
  nowMs(): number {
    return this.t;
  }
  runFor(ms: number): void {
    this.t += ms;
    this.onRun(this.t);
  }
}

/** Event-loop turns (each after the I/O and immediates before it). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

async function until(ok: () => boolean, maxTurns = 100_000): Promise<void> {
  for (let i = 0; i < maxTurns && !ok(); i++) await turns(1);
  expect(ok()).toBe(true);
}

describe("the desk bench's lockstep", () => {
  it("advances the clocks together and holds them while a report is in flight", async () => {
    const flight = new DeskInFlight();
    flight.join("desk-1");
    let sentAt: number | null = null;
    const a = new FakeClock((t) => {
      if (sentAt === null && t >= 10) {
        sentAt = t;
        flight.sent("desk-1", "report desk-1 x 0");
      }
    });
    const b = new FakeClock();
    const driver = new LockstepDriver(flight, { speed: "max", stepMs: 2 });
    driver.add(a);
    driver.add(b);
    driver.start();
    await until(() => flight.busy);
    await turns(200);
    // Held at the end of the step that sent it: both clocks, not only the sender's.
    expect(a.t).toBe(10);
    expect(b.t).toBe(10);
    expect(driver.holds).toBe(1);
    flight.arrived("report desk-1 x 0");
    await until(() => a.t >= 40);
    expect(Math.abs(a.t - b.t)).toBeLessThanOrEqual(2);
    driver.stop();
  });

  it("does not wait for a rig nobody listens for, nor for one that left, nor after the coordinator stopped", async () => {
    const flight = new DeskInFlight();
    flight.sent("desk-9", "assign desk-9 1");
    expect(flight.busy).toBe(false);
    flight.join("desk-1");
    flight.join("desk-1");
    flight.sent("desk-1", "assign desk-1 1");
    flight.leave("desk-1");
    // Another member of desk-1 still listens.
    expect(flight.busy).toBe(true);
    const c = new FakeClock();
    const driver = new LockstepDriver(flight, { speed: "max" });
    driver.add(c);
    driver.start();
    await turns(100);
    expect(c.t).toBe(0);
    flight.leave("desk-1");
    await until(() => c.t > 20);
    flight.join("desk-2");
    flight.sent("desk-2", "report desk-2 x 3");
    const held = c.t;
    await turns(100);
    expect(c.t - held).toBeLessThanOrEqual(2);
    flight.stop();
    await until(() => c.t > held + 20);
    flight.sent("desk-2", "report desk-2 x 4");
    expect(flight.busy).toBe(false);
    driver.remove(c);
    const stoppedAt = c.t;
    await turns(100);
    expect(c.t).toBe(stoppedAt);
  });

  it("counts a message lost after its wall-clock limit and says so", async () => {
    const flight = new DeskInFlight();
    flight.join("desk-1");
    flight.sent("desk-1", "assign desk-1 7");
    const notices: string[] = [];
    const c = new FakeClock();
    const driver = new LockstepDriver(flight, {
      speed: "max",
      lostAfterWallMs: 1,
      onNotice: (l) => notices.push(l),
    });
    driver.add(c);
    driver.start();
    await until(() => c.t > 10);
    expect(notices).toEqual([
      "lockstep: 1 constellation message(s) still in flight after 0.001 s; counted as lost, the rigs go on",
    ]);
    driver.stop();
  });
});

/**
 * The broker goes away under the teacher: quitting must still end (a command sent into the
 * gap stays in flight for ever; mqtt.js's end(false) waits for it). Waits end on events.
 */
import { expect, it } from "vitest";
import { ClassroomSubscriber } from "../../src/network/subscriber.js";
import { aedesBroker, CLASS, credentials, freePort } from "./harness.js";

it("the teacher's subscriber closes when the broker is gone with a command in flight", async () => {
  const c = credentials();
  const broker = aedesBroker(c, await freePort());
  await broker.start();
  const sub = await ClassroomSubscriber.open({
    url: broker.url,
    cls: CLASS,
    account: c.teacher,
    closeGraceMs: 50,
  });
  await broker.stop();
  void sub.send("all", { action: "force-eclipse" }).catch(() => undefined);
  const closed = await Promise.race([
    sub.close().then(() => "closed"),
    // A failure bound, not a pace: the grace above is 50 ms.
    new Promise((r) => setTimeout(() => r("still waiting after 10 s"), 10_000).unref()),
  ]);
  expect(closed).toBe("closed");
});

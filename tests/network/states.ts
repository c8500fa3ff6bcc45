/**
 * A rig's state message as the class state reads it (the payload schema's required fields,
 * all at rest), for tests of what the teacher's side does with it. `over` replaces fields.
 */
export function classStateJson(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    v: 1,
    seq: 0,
    wallMs: 0,
    instance: "i",
    benchS: 0,
    orbitS: 0,
    link: "up",
    frameAgeS: null,
    bench: null,
    node: null,
    orbit: { periodS: 1, timeScale: 1, segments: [], next: null },
    policy: "p",
    lampMode: "auto",
    paused: false,
    speed: 1,
    alarms: [],
    net: { queued: 0, dropped: 0 },
    ...over,
  });
}

/**
 * From a rig file's `constellation:` section and the ring's rig ids to the coordinator's
 * options: each slot's phase (buildLayout: slot j at j/N of the orbit), the ring's links,
 * the workload, the placement rules; and the refusals of a ring that would give a silent,
 * meaningless result. Each refusal is an OrbitrigError with one line; the CLI exits 2.
 *
 * The desk's links are MQTT messages between laptops standing in for laser links: three
 * desks cannot be spaced like 22 satellites, and an in-plane ring of fewer than 9 nodes at
 * 550 km has no line of sight through the Earth. So the ring is linked whatever the
 * geometry (no sight or range check), with the rig file's capacity and its latency (or the
 * light time over the chord).
 */
import type { RigConfig } from "../config/rig.js";
import { nodeParams } from "../node/params.js";
import type { DeskOptions } from "./desk-types.js";
import { buildLayout } from "./layout.js";
import { buildTopology } from "./links.js";
import { refuse, refuseGround, type WorkRequest, workRules } from "./setup.js";

/** The most rigs a desk ring takes (one screen row each in the ring view; messages stay small). */
export const MAX_DESK_RIGS = 24;

export interface DeskRequest extends WorkRequest {
  /** Rig ids in ring order. */
  ids: readonly string[];
  /** Reports per second of bench time from each rig. Default 5. */
  reportHz?: number;
  /**
   * Bench seconds another rig may report while one stays silent before that one drops out.
   * Default 2: a laptop's network hiccup (or an emulator that the machine runs unevenly)
   * is not a desk leaving; at least 3 reports either way.
   */
  staleAfterS?: number;
  linkGbps?: number;
}

export function deskOptions(rig: RigConfig, r: DeskRequest): DeskOptions {
  const n = r.ids.length;
  if (n < 2) refuse(`a desk constellation needs at least two rigs, got ${n}`);
  if (n > MAX_DESK_RIGS)
    refuse(`a desk constellation takes at most ${MAX_DESK_RIGS} rigs, got ${n}`);
  const dup = r.ids.find((id, i) => r.ids.indexOf(id) !== i);
  if (dup !== undefined) refuse(`rig ${dup} is twice in the ring: each rig takes one slot`);
  refuseGround(rig);
  const c = rig.constellation;
  if (c.workload.kind === "saturated")
    refuse(
      "constellation.workload.kind saturated: every rig would always have endless work and nothing could move; a desk constellation needs jobs",
      "RIG_INVALID",
    );
  const linkGbps = r.linkGbps ?? c.links.capacityGbps;
  if (!(linkGbps >= 0))
    refuse(
      `link capacity ${linkGbps} Gbps: a link cannot carry a negative amount of work (0 means the rigs work alone)`,
    );
  const layout = buildLayout({
    orbit: rig.orbit,
    nodes: n,
    planes: 1,
    raanSpreadDeg: 360,
    phasingF: 0,
  });
  const topology = buildTopology(layout, {
    crossPlane: false,
    planesRing: true,
    ...(c.links.latencyS !== undefined ? { latencyS: c.links.latencyS } : {}),
  });
  const node = nodeParams(rig.node, rig.calibration);
  const reportHz = r.reportHz ?? 5;
  return {
    ids: [...r.ids],
    startPhases: layout.nodes.map((x) => x.startPhase),
    periodS: layout.periodS,
    timeScale: rig.orbit.timeScale,
    topology,
    ...workRules(c, linkGbps, r),
    accelerators: node.accelerators,
    nominalStepS: rig.orbit.timeScale / reportHz,
    staleReports: Math.max(3, Math.ceil((r.staleAfterS ?? 2) * reportHz)),
  };
}

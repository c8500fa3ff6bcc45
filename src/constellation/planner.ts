/**
 * The follow-the-Sun planner: a pure function from what each node reports (light, charge,
 * temperature, the work its own policy lets it run, the work it holds) and the links to a
 * set of routes: which node hands how much work to which, over which links. The model
 * calls it every step; the desk constellation will call it with the states its rigs publish.
 *
 * Rules (docs/model.md, "Constellation"):
 * 1. A node *sheds* when it is in shadow (penumbra counts, as for the policies), below
 *    lowSocFraction, or above hotAboveC. In "balance" mode no node sheds.
 * 2. What a node keeps: nothing when it sheds; otherwise the work it can run within the
 *    horizon at the rate its own policy allows, or before its next eclipse if that is sooner:
 *    keep = rate × min(horizonS, eclipseEntryInS) ("balance": rate × horizonS, blind to the
 *    Sun). Excess = held − keep, where "held" counts
 *    work queued at the node and work already on its way to it.
 * 3. Receivers are nodes with spare (excess < −minMove). A breadth-first search from all
 *    receivers, over links with capacity, gives each other node its nearest receiver and the
 *    path to it (fewest hops; ties go to the lower node index).
 * 4. Each node with excess (in index order) sends one route a step to its nearest receiver:
 *    the least of its excess, the receiver's spare, the capacity left on every link of the
 *    path for this step, and the spare left in the whole constellation. Work goes end to end
 *    (relaying nodes do not queue it), so it pays the migration cost once.
 * 5. A route smaller than minMoveAccelS is not worth the move (on a path too slow to carry
 *    that much in one step, less than a full step of the path's capacity is not).
 * So work only ever moves from a node with excess to a node with spare, and a plan is a
 * deterministic function of its inputs.
 */
import type { PlacementMode } from "../config/schema/constellation.js";
import type { Topology } from "./links.js";

/** What the planner sees of the nodes (struct of arrays; index = node). */
export interface NodeView {
  readonly size: number;
  /** Seconds to the loss of full sun: 0 in shadow, Infinity when no eclipse is ahead. */
  readonly eclipseEntryInS: Float64Array;
  readonly socFraction: Float64Array;
  readonly tempC: Float64Array;
  /** Work the node's own policy and thermal guard allow it now, accelerator-seconds per second. */
  readonly rateAccelSPerS: Float64Array;
  /** Work the node holds: queued there or on its way to it, accelerator-seconds. */
  readonly heldAccelS: Float64Array;
}

export interface PlacementRules {
  mode: PlacementMode;
  horizonS: number;
  lowSocFraction: number;
  hotAboveC: number;
  minMoveAccelS: number;
}

/** The plan of one step: at most one route per sending node. */
export interface Routes {
  count: number;
  from: Int32Array;
  to: Int32Array;
  amountAccelS: Float64Array;
  hops: Int32Array;
  /** Sum of the path's link latencies, s. */
  latencyS: Float64Array;
  /** Work each link carries this step (both directions together), accelerator-seconds. */
  linkLoadAccelS: Float64Array;
}

/** Reusable buffers of one planner, sized for one topology. */
export interface PlanScratch {
  excess: Float64Array;
  parent: Int32Array;
  parentLink: Int32Array;
  root: Int32Array;
  queue: Int32Array;
}

export function planScratch(t: Topology): PlanScratch {
  const n = t.size;
  return {
    excess: new Float64Array(n),
    parent: new Int32Array(n),
    parentLink: new Int32Array(n),
    root: new Int32Array(n),
    queue: new Int32Array(n),
  };
}

export function emptyRoutes(t: Topology): Routes {
  const n = t.size;
  return {
    count: 0,
    from: new Int32Array(n),
    to: new Int32Array(n),
    amountAccelS: new Float64Array(n),
    hops: new Int32Array(n),
    latencyS: new Float64Array(n),
    linkLoadAccelS: new Float64Array(t.linkA.length),
  };
}

/** True when node i hands its work on (rule 1). */
export function sheds(v: NodeView, i: number, r: PlacementRules): boolean {
  if (r.mode !== "follow-the-sun") return false;
  return (
    v.eclipseEntryInS[i]! <= 0 || v.socFraction[i]! < r.lowSocFraction || v.tempC[i]! > r.hotAboveC
  );
}

/** Work node i keeps, accelerator-seconds (rule 2; "balance" looks at the horizon only). */
export function keepAccelS(v: NodeView, i: number, r: PlacementRules): number {
  if (r.mode !== "follow-the-sun") return v.rateAccelSPerS[i]! * r.horizonS;
  if (sheds(v, i, r)) return 0;
  return v.rateAccelSPerS[i]! * Math.min(r.horizonS, v.eclipseEntryInS[i]!);
}

/**
 * The level a node asks for to run what it holds: the lowest throttle level (ascending
 * `levels`) that clears backlogAccelS this step, stepAccelS being the work of one step at
 * level 1 (accelerators × dt); the top level when none does. The node then asks for
 * min(this, what its policy allows), and the kernel rounds down to a throttle level. The
 * desk constellation drives each rig's load pin with the same rule.
 */
export function queueLevel(
  levels: Float64Array,
  backlogAccelS: number,
  stepAccelS: number,
): number {
  const top = levels[levels.length - 1]!;
  if (backlogAccelS >= stepAccelS * top) return top;
  const need = backlogAccelS / stepAccelS - 1e-12;
  for (let k = 0; k < levels.length; k++) if (levels[k]! >= need) return levels[k]!;
  return top;
}

const UNSEEN = -1;

/**
 * Plans one step of dtS: fills `routes` (overwriting it) and returns the work planned,
 * accelerator-seconds. capacity: work each link can carry per second (accel-s/s).
 */
export function planMigrations(
  v: NodeView,
  t: Topology,
  capacity: Float64Array,
  r: PlacementRules,
  dtS: number,
  s: PlanScratch,
  routes: Routes,
): number {
  const n = v.size;
  const { excess, parent, parentLink, root, queue } = s;
  const load = routes.linkLoadAccelS;
  const minMove = r.minMoveAccelS;
  routes.count = 0;
  load.fill(0);
  let tail = 0;
  let spareTotal = 0;
  let excessTotal = 0;
  for (let i = 0; i < n; i++) {
    const e = v.heldAccelS[i]! - keepAccelS(v, i, r);
    excess[i] = e;
    if (e < -minMove) {
      root[i] = i;
      parent[i] = i;
      queue[tail++] = i;
      spareTotal -= e;
    } else {
      root[i] = UNSEEN;
      if (e > minMove) excessTotal += e;
    }
  }
  if (tail === 0 || excessTotal === 0) return 0;
  const { adjStart, adjNode, adjLink } = t;
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    for (let k = adjStart[i]!; k < adjStart[i + 1]!; k++) {
      const j = adjNode[k]!;
      const l = adjLink[k]!;
      if (root[j] === UNSEEN && capacity[l]! > 0) {
        root[j] = root[i]!;
        parent[j] = i;
        parentLink[j] = l;
        queue[tail++] = j;
      }
    }
  }
  let planned = 0;
  for (let i = 0; i < n && spareTotal > minMove; i++) {
    const rcv = root[i]!;
    if (excess[i]! <= minMove || rcv === UNSEEN || rcv === i) continue;
    let amount = Math.min(excess[i]!, -excess[rcv]!, spareTotal);
    let hops = 0;
    let latency = 0;
    let pathCap = Number.POSITIVE_INFINITY;
    for (let j = i; j !== rcv; j = parent[j]!) {
      const l = parentLink[j]!;
      const capS = capacity[l]! * dtS;
      if (capS < pathCap) pathCap = capS;
      amount = Math.min(amount, capS - load[l]!);
      latency += t.latencyS[l]!;
      hops++;
    }
    // A path too slow to carry the minimum in one step is worth a full step of its capacity.
    if (!(amount >= Math.min(minMove, pathCap))) continue;
    for (let j = i; j !== rcv; j = parent[j]!) load[parentLink[j]!]! += amount;
    excess[rcv]! += amount;
    spareTotal -= amount;
    planned += amount;
    const c = routes.count++;
    routes.from[c] = i;
    routes.to[c] = rcv;
    routes.amountAccelS[c] = amount;
    routes.hops[c] = hops;
    routes.latencyS[c] = latency;
  }
  return planned;
}

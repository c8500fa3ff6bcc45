/**
 * Rig file `constellation:` section (owned by src/constellation): many copies of the rig's
 * node on its orbit, in planes, joined by inter-satellite links, sharing a stream of jobs.
 * Read only by `orbitrig constellation`. Sources and assumptions: docs/model.md,
 * "Constellation"; tags [R] a secondary report, [A] an assumption of this project.
 */
import { z } from "zod";

export const PLACEMENT_MODES = ["follow-the-sun", "balance"] as const;
export const WORKLOAD_KINDS = ["jobs", "saturated"] as const;

const linksSchema = z
  .strictObject({
    /**
     * Capacity of one inter-satellite link, each way, Gbit/s. 0 switches migration off (each
     * node on its own: the control case). Default 100 ([R] a Starlink laser link sustains
     * 100 Gbps, some reach 200; SpaceX at SPIE Photonics West 2024, docs/model.md).
     */
    capacityGbps: z.number().min(0).default(100),
    /** Link each node also to the node of the same slot in the next plane. Default false (in-plane ring only). */
    crossPlane: z.boolean().default(false),
    /** One-way latency of every link, s. Default: light time over each link's longest length. */
    latencyS: z.number().min(0).max(3600).optional(),
    /** Longest link a laser terminal holds, km. Default 5400 ([R] Starlink lasers have linked satellites over 5,400 km apart). */
    maxRangeKm: z.number().positive().default(5400),
    /** The line of sight must stay this high above the Earth's surface, km. Default 100 ([A] above the sensible atmosphere). */
    minGrazingAltitudeKm: z.number().min(0).default(100),
  })
  .prefault({});

const migrationSchema = z
  .strictObject({
    /** Data that moves with one accelerator-hour of work (inputs, state), GB. Default 10 ([A] docs/model.md). */
    gigabytesPerAccelH: z.number().positive().default(10),
    /** Extra work at the receiver per unit of work moved (re-staging, warm-up), fraction. Default 0.02 ([A]). */
    overheadFraction: z.number().min(0).max(1).default(0.02),
    /** Extra work for moving work already started (checkpoint and restore), accelerator-seconds. Default 30 ([A]). */
    checkpointAccelS: z.number().min(0).default(30),
    /**
     * Smallest piece of work worth a move, accelerator-seconds. Default 600 ([A] ten
     * accelerator-minutes, about 8 s of a 72-accelerator node: smaller moves cost more in
     * overhead and churn than they save; docs/model.md).
     */
    minMoveAccelS: z.number().min(0).default(600),
  })
  .prefault({});

const placementSchema = z
  .strictObject({
    /**
     * "follow-the-sun": nodes in shadow, low on charge or hot hand their work to sunlit
     * nodes with spare capacity; "balance": the same links and costs, blind to the Sun
     * (work moves only from nodes with more queued than they can run in the horizon).
     * Default "follow-the-sun".
     */
    mode: z.enum(PLACEMENT_MODES).default("follow-the-sun"),
    /** A node keeps at most the work it can run in this time (or before its eclipse, if sooner), s. Default 300 ([A]). */
    horizonS: z.number().positive().default(300),
    /** Below this state of charge a node hands its work on, 0..1. Default 0.5 ([A] 0.1 above the default 0.4 floor). */
    lowSocFraction: z.number().min(0).max(1).default(0.5),
    /** Above this node temperature a node hands its work on, C. Default 75 ([A] 5 K below the thermal guard's 80 C). */
    hotAboveC: z.number().default(75),
  })
  .prefault({});

const workloadSchema = z
  .strictObject({
    /**
     * "jobs": a seeded Poisson stream of jobs arriving at random nodes; "saturated": every
     * node always has more work than it can run (the assumption of `orbitrig simulate`).
     * Default "jobs".
     */
    kind: z.enum(WORKLOAD_KINDS).default("jobs"),
    /** Work offered, as a fraction of all accelerators at full compute. Default 0.6 ([A]). */
    loadFraction: z.number().gt(0).max(10).default(0.6),
    /** Mean job size (exponentially distributed), accelerator-hours. Default 8 ([A]). */
    meanJobAccelH: z.number().positive().default(8),
    /** A job finished more than this after it arrived is late, s; null: no deadlines. Default 3600 ([A]). */
    deadlineS: z.number().positive().nullable().default(3600),
    /** Drop what is left of a job at its deadline (late work is worthless). Default false (it finishes late). */
    dropLate: z.boolean().default(false),
    /** Seed of the job stream: same seed, same jobs. Default 1. */
    seed: z.number().int().default(1),
  })
  .prefault({});

export const constellationSchema = z
  .strictObject({
    /** Nodes in all (`--nodes`). Default 22: one plane of the Starlink 550 km / 53° shell (72 × 22, docs/physics.md §3). */
    nodes: z
      .number()
      .int()
      .positive()
      .max(50_000, "expected at most 50,000 nodes (more than all of Starlink's filings)")
      .default(22),
    /** Orbit planes (`--planes`); the nodes divide evenly among them. Default 1. */
    planes: z.number().int().positive().default(1),
    /** The planes' ascending nodes spread over this many degrees: 360 a Walker delta, 180 a Walker star. Default 360. */
    raanSpreadDeg: z.number().gt(0).max(360).default(360),
    /** Walker phasing factor F (0..planes-1): plane p is shifted F p / nodes of an orbit. Default 0. */
    phasingF: z.number().int().min(0).default(0),
    links: linksSchema,
    migration: migrationSchema,
    placement: placementSchema,
    workload: workloadSchema,
  })
  .prefault({});

export type ConstellationConfig = z.infer<typeof constellationSchema>;
export type PlacementMode = ConstellationConfig["placement"]["mode"];
export type WorkloadKind = ConstellationConfig["workload"]["kind"];

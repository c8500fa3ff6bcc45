/**
 * Realistic snapshots for dashboard tests and the tmux preview: a 550 km orbit
 * (period ~95.6 min, eclipse ~35 min at beta 0), a 26 kW-class node, an emulated Uno.
 */
import { type BoardInfo, emptyLinkStats, type LinkStats } from "../../src/core/board.js";
import type { Frame } from "../../src/core/frame.js";
import type { NodeState } from "../../src/node/state.js";
import type { OrbitSegment } from "../../src/orbit/types.js";
import { COMPUTE_BINS } from "../../src/ui/orbit-compute.js";
import type { SessionSnapshot, TrendSeries } from "../../src/ui/snapshot.js";

export const PERIOD_S = 5736;

/** Orbit noon at phase 0: sunlit, penumbra, umbra (centred on 0.5), penumbra, sunlit. */
export const SEGMENTS: OrbitSegment[] = [
  { fromPhase: 0, toPhase: 0.3105, region: "sunlit" },
  { fromPhase: 0.3105, toPhase: 0.3125, region: "penumbra" },
  { fromPhase: 0.3125, toPhase: 0.6875, region: "umbra" },
  { fromPhase: 0.6875, toPhase: 0.6895, region: "penumbra" },
  { fromPhase: 0.6895, toPhase: 1, region: "sunlit" },
];

export function makeFrame(over: Partial<Frame> = {}): Frame {
  return {
    seq: 12_345,
    boardMs: 1_234_500,
    hostMs: 1_234_000,
    busV: 5.12,
    currentMa: 118.4,
    powerMw: 606.2,
    panelTempC: 34.5,
    boardTempC: 31,
    lamp: 255,
    load: 180,
    flags: 1,
    status: {
      panelTempPresent: true,
      watchdogTripped: false,
      overTempCut: false,
      safeMode: false,
      txOverrun: false,
    },
    channels: [
      {
        role: "array",
        address: 0x40,
        present: true,
        overflow: false,
        busV: 5.12,
        shuntMv: 11.84,
        currentMa: 118.4,
        powerMw: 606.2,
      },
    ],
    ...over,
  };
}

export function makeNode(over: Partial<NodeState> = {}): NodeState {
  return {
    tS: 3 * PERIOD_S + 0.2 * PERIOD_S,
    orbitNumber: 3,
    orbitPhase: 0.2,
    region: "sunlit",
    illumination: 1,
    arrayPowerW: 26_250,
    socFraction: 0.82,
    batteryWh: 12_300,
    batteryPowerW: 8_400,
    curtailedPowerW: 0,
    computeLevel: 1,
    computePowerW: 16_000,
    avionicsPowerW: 1_850,
    nodeTempC: 38.2,
    radiatorPowerW: 17_400,
    dutyThisOrbit: 0.64,
    dutyLastOrbit: 0.61,
    dutySession: 0.6,
    workDutyThisOrbit: 0.7,
    workDutySession: 0.66,
    workAccelS: 184_000,
    floorViolation: false,
    unservedPowerW: 0,
    computeLevelRequested: 1,
    batteryOcvV: 387.9,
    batteryLossW: 420,
    absorbedPowerW: 5_200,
    thermalLimitExceeded: false,
    orbitElapsedS: 0.2 * PERIOD_S,
    orbitFullComputeS: 0.128 * PERIOD_S,
    orbitWorkLevelS: 0.14 * PERIOD_S,
    sessionElapsedS: 3.2 * PERIOD_S,
    sessionFullComputeS: 1.92 * PERIOD_S,
    sessionWorkLevelS: 2.11 * PERIOD_S,
    workDutyLastOrbit: 0.67,
    energyInJ: 4.1e8,
    energyToLoadJ: 3.2e8,
    energyStoredJ: 6.0e7,
    energyLossesJ: 2.0e7,
    energyCurtailedJ: 1.0e7,
    energyUnservedJ: 0,
    floorViolationS: 0,
    sessionMinSocFraction: 0.41,
    sessionMaxNodeTempC: 47.5,
    ...over,
  };
}

export const BOARD: BoardInfo = {
  kind: "emulated",
  port: "emulator",
  profile: "uno-ina219",
  protocolVersion: 1,
  firmwareVersion: "0.3.0",
  boardId: "emu-0001",
  caps: {},
  channels: [],
};

function link(over: Partial<LinkStats> = {}): LinkStats {
  return {
    ...emptyLinkStats(),
    framesReceived: 12_346,
    framesPerS: 10,
    seqGaps: 1,
    framesLost: 2,
    checksumRejects: 3,
    reconnects: 0,
    lastFrameHostMs: 1_234_000,
    commandsSent: 210,
    link: "up",
    ...over,
  };
}

function wave(n: number, f: (x: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => f(i / (n - 1)));
}

/** A trend series with each range taken from its values (the fixtures' samples are their means). */
export function trendsOf(t: Omit<TrendSeries, "ranges">): TrendSeries {
  const range = (v: number[]) => {
    const f = v.filter(Number.isFinite);
    return f.length ? { min: Math.min(...f), max: Math.max(...f) } : null;
  };
  return {
    ...t,
    ranges: {
      benchPowerMw: range(t.benchPowerMw),
      socPct: range(t.socPct),
      nodeTempC: range(t.nodeTempC),
      computePct: range(t.computePct),
    },
  };
}

/** The compute row of an orbit flown up to `phase`, at level(phase) in each bin so far. */
export function computeRowOf(phase: number, level: (phase: number) => number): number[] {
  return Array.from({ length: COMPUTE_BINS }, (_, i) =>
    (i + 0.5) / COMPUTE_BINS <= phase ? level((i + 0.5) / COMPUTE_BINS) : Number.NaN,
  );
}

export function makeSnapshot(over: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const node = over.node === undefined ? makeNode() : over.node;
  return {
    rigName: "emulated desk rig",
    mode: "emulated",
    board: BOARD,
    benchElapsedS: 1234.1,
    orbitElapsedS: node?.tS ?? 0,
    timeScale: 15,
    recording: { path: "recordings/2026-11-29T14-00-00.ndjson", bytes: 3_456_789 },
    frame: makeFrame(),
    node,
    orbit: {
      periodS: PERIOD_S,
      segments: SEGMENTS,
      next: { kind: "eclipse-entry", inS: 0.1105 * PERIOD_S },
    },
    dutyHistory: [0.58, 0.62, 0.61],
    trends: trendsOf({
      benchPowerMw: wave(120, (x) => (x < 0.6 ? 600 : 4)),
      socPct: wave(120, (x) => (x < 0.6 ? 60 + 35 * x : 81 - 40 * (x - 0.6))),
      nodeTempC: wave(120, (x) => 30 + 10 * Math.sin(x * Math.PI)),
      computePct: wave(120, (x) => (x < 0.6 ? 100 : x < 0.8 ? 50 : 0)),
      windowS: 600,
    }),
    computeThisOrbit: computeRowOf(node?.orbitPhase ?? 0, (phase) => (phase < 0.1 ? 0.75 : 1)),
    alarms: [],
    link: link(),
    nowHostMs: 1_234_100,
    lampMode: "auto",
    paused: false,
    speed: 1,
    policy: "soc-hysteresis",
    recentEvents: [
      { hostMs: 1_200_000, text: "orbit 3 began" },
      { hostMs: 1_230_000, text: "scheduler: compute 100%" },
    ],
    ...over,
  };
}

/**
 * Snapshot i of a session streaming at 50 Hz: every panel's values move from one to the
 * next, as they do live (the render benchmark and the frame writer's tests draw these).
 */
export function movingSnapshot(i: number, base: SessionSnapshot = makeSnapshot()): SessionSnapshot {
  const powerMw = 100 + (i % 9000) / 10;
  const tS = i * 3;
  const trends = base.trends;
  return {
    ...base,
    frame: makeFrame({ powerMw, seq: i, hostMs: i * 20 }),
    node: makeNode({
      orbitPhase: (tS % PERIOD_S) / PERIOD_S,
      tS,
      socFraction: 0.5 + 0.3 * Math.sin(i / 50),
      nodeTempC: 35 + (i % 100) / 10,
    }),
    nowHostMs: i * 20,
    link: { ...base.link, lastFrameHostMs: i * 20, framesReceived: i },
    trends: {
      ...trends,
      benchPowerMw: trends.benchPowerMw.map((v, k) => v + ((i + k) % 7)),
    },
  };
}

const umbraNode = makeNode({
  orbitPhase: 0.5,
  region: "umbra",
  illumination: 0,
  arrayPowerW: 0,
  socFraction: 0.46,
  batteryWh: 6_900,
  batteryPowerW: -17_850,
  computeLevel: 1,
  nodeTempC: 44.1,
});

/** Named fixtures: each is a situation a user must be able to read at a glance. */
export const FIXTURES: Record<string, SessionSnapshot> = {
  sunlit: makeSnapshot(),
  penumbra: makeSnapshot({
    node: makeNode({
      orbitPhase: 0.3115,
      region: "penumbra",
      illumination: 0.42,
      arrayPowerW: 11_000,
      batteryPowerW: -6_000,
    }),
    frame: makeFrame({ lamp: 107, powerMw: 254.6, currentMa: 49.7 }),
    orbit: {
      periodS: PERIOD_S,
      segments: SEGMENTS,
      next: { kind: "eclipse-entry", inS: 0.001 * PERIOD_S },
    },
  }),
  umbra: makeSnapshot({
    node: umbraNode,
    frame: makeFrame({ lamp: 0, powerMw: 3.1, currentMa: 0.6, busV: 4.98 }),
    orbit: {
      periodS: PERIOD_S,
      segments: SEGMENTS,
      next: { kind: "eclipse-exit", inS: 0.1875 * PERIOD_S },
    },
  }),
  alarmActive: makeSnapshot({
    frame: makeFrame({ panelTempC: 61.3 }),
    alarms: [
      {
        field: "frame.panelTempC",
        severity: "red",
        value: 61.3,
        limit: 60,
        direction: "above",
        sinceHostMs: 1_230_000,
        active: true,
        acknowledged: false,
      },
      {
        field: "node.socFraction",
        severity: "yellow",
        value: 0.27,
        limit: 0.3,
        direction: "below",
        sinceHostMs: 1_100_000,
        active: true,
        acknowledged: false,
      },
    ],
  }),
  alarmAcknowledged: makeSnapshot({
    alarms: [
      {
        field: "frame.panelTempC",
        severity: "red",
        value: 60.4,
        limit: 60,
        direction: "above",
        sinceHostMs: 1_230_000,
        active: true,
        acknowledged: true,
      },
    ],
  }),
  staleLink: makeSnapshot({ nowHostMs: 1_234_000 + 7_400 }),
  reconnecting: makeSnapshot({
    link: link({ link: "reconnecting", reconnects: 2 }),
    nowHostMs: 1_234_000 + 3_000,
  }),
  replayPaused: makeSnapshot({
    mode: "replay",
    board: { ...BOARD, kind: "replay", port: "2026-11-28T09-12-00.ndjson" },
    recording: null,
    paused: true,
    speed: 8,
  }),
  noFrameYet: makeSnapshot({
    frame: null,
    node: null,
    benchElapsedS: 0.4,
    orbitElapsedS: 0,
    dutyHistory: [],
    trends: trendsOf({
      benchPowerMw: [],
      socPct: [],
      nodeTempC: [],
      computePct: [],
      windowS: 600,
    }),
    computeThisOrbit: computeRowOf(0, () => 0),
    link: { ...emptyLinkStats() },
    nowHostMs: 400,
    recentEvents: [],
  }),
  nullNode: makeSnapshot({ node: null, orbitElapsedS: 1234.1 * 15 }),
  faultyBench: makeSnapshot({
    frame: makeFrame({
      lamp: 0,
      panelTempC: 63.5,
      status: {
        panelTempPresent: true,
        watchdogTripped: true,
        overTempCut: true,
        safeMode: true,
        txOverrun: false,
      },
      channels: [
        {
          role: "array",
          address: 0x40,
          present: true,
          overflow: true,
          busV: 5.12,
          shuntMv: 320,
          currentMa: 3200,
          powerMw: 16_000,
        },
        {
          role: "load",
          address: 0x41,
          present: true,
          overflow: false,
          busV: 5.01,
          shuntMv: 8.02,
          currentMa: 80.2,
          powerMw: 401.8,
        },
        {
          role: "battery",
          address: 0x44,
          present: false,
          overflow: false,
          busV: 0,
          shuntMv: 0,
          currentMa: 0,
          powerMw: 0,
        },
        {
          role: "aux",
          address: 0x45,
          present: true,
          overflow: false,
          busV: 3.3,
          shuntMv: 1,
          currentMa: 10,
          powerMw: 33,
        },
      ],
    }),
  }),
  multiChannel: makeSnapshot({
    frame: makeFrame({
      channels: [
        {
          role: "array",
          address: 0x40,
          present: true,
          overflow: false,
          busV: 5.12,
          shuntMv: 11.84,
          currentMa: 118.4,
          powerMw: 606.2,
        },
        {
          role: "load",
          address: 0x41,
          present: true,
          overflow: false,
          busV: 5.01,
          shuntMv: 8.02,
          currentMa: 80.2,
          powerMw: 401.8,
        },
        {
          role: "battery",
          address: 0x44,
          present: false,
          overflow: false,
          busV: 0,
          shuntMv: 0,
          currentMa: 0,
          powerMw: 0,
        },
      ],
    }),
  }),
};

/**
 * A summary reduced block by block and merged in order (./block-summary.ts) is the summary of
 * one pass over all samples: the statistics accumulators and the chart downsamplers of
 * consecutive parts, merged, give what one accumulator or downsampler gives over the whole,
 * for every way of cutting the samples into parts.
 *
 * The values are chosen so that every product and sum is exact in floating point (multiples
 * of 1/8, times in whole milliseconds, powers in multiples of 450 so that p × dt / 3600 is
 * exact): then the order of additions cannot matter and the results must be equal, not
 * close. With other values only the sums' last bits may differ (checked on recordings in
 * parallel-scan.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Downsampler, SERIES } from "../../src/telemetry/series.js";
import { type StatSample, StatsAccumulator } from "../../src/telemetry/stats.js";

const eighth = (k: number) => k / 8;

/** A sample sequence: orbits that advance, node states that come and go, eclipses. */
const samples = fc
  .array(
    fc.record({
      dtMs: fc.integer({ min: 0, max: 8 }).map((k) => k * 125),
      dtS: fc.integer({ min: 0, max: 8 }).map((k) => k * 15),
      nextOrbit: fc.integer({ min: 0, max: 9 }),
      hasNode: fc.integer({ min: 0, max: 9 }).map((k) => k > 0),
      sunlit: fc.boolean(),
      bench: fc.integer({ min: 0, max: 40 }).map((k) => k * 450),
      panel: fc.option(fc.integer({ min: -400, max: 800 }).map(eighth), { nil: null }),
      array: fc.integer({ min: 0, max: 80 }).map((k) => k * 450),
      load: fc.integer({ min: 0, max: 80 }).map((k) => k * 450),
      soc: fc.integer({ min: 0, max: 64 }).map((k) => k / 64),
      nodeT: fc.integer({ min: -400, max: 800 }).map(eighth),
      level: fc.integer({ min: 0, max: 4 }).map((k) => k / 4),
      duty: fc.integer({ min: 0, max: 8 }).map(eighth),
      work: fc.integer({ min: 0, max: 16 }).map(eighth),
      floor: fc.integer({ min: 0, max: 5 }).map((k) => k === 0),
      elapsed: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((steps) => {
    let hostMs = 1000;
    let tS = 0;
    let orbit = 3;
    let work = 0;
    return steps.map((x): StatSample => {
      hostMs += x.dtMs;
      tS += x.dtS;
      if (x.nextOrbit === 0) orbit++;
      work += x.work;
      return {
        hostMs,
        benchPowerMw: x.bench,
        panelTempC: x.panel ?? Number.NaN,
        hasNode: x.hasNode,
        tS,
        orbitNumber: orbit,
        orbitElapsedS: x.elapsed ?? Number.NaN,
        sunlit: x.sunlit,
        arrayPowerW: x.array,
        loadPowerW: x.load,
        socFraction: x.soc,
        nodeTempC: x.nodeT,
        computeLevel: x.level,
        dutyThisOrbit: x.duty,
        workAccelS: work,
        floorViolation: x.floor,
      };
    });
  });

/** Cut points: a sorted set of indices where a new part starts. */
function parts<T>(all: T[], cuts: number[]): T[][] {
  const at = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let from = 0;
  for (const c of [...at, all.length]) {
    out.push(all.slice(from, c));
    from = c;
  }
  return out;
}

function accumulate(list: StatSample[]): StatsAccumulator {
  const acc = new StatsAccumulator();
  for (const s of list) Object.assign(acc.sample(), s) && acc.add(acc.sample());
  return acc;
}

describe("per-orbit statistics merged from parts", () => {
  it("equal one accumulator over all samples, however the samples are cut", () => {
    fc.assert(
      fc.property(samples, fc.array(fc.nat(), { maxLength: 8 }), (all, cuts) => {
        const whole = accumulate(all);
        const merged = new StatsAccumulator();
        for (const part of parts(all, cuts)) merged.merge(accumulate(part).state());
        whole.setDutySession(0.5);
        merged.setDutySession(0.5);
        expect(merged.finish()).toEqual(whole.finish());
      }),
      { numRuns: 400 },
    );
  });

  it("cut after every sample, too", () => {
    fc.assert(
      fc.property(samples, (all) => {
        const merged = new StatsAccumulator();
        for (const s of all) merged.merge(accumulate([s]).state());
        expect(merged.finish()).toEqual(accumulate(all).finish());
      }),
      { numRuns: 200 },
    );
  });

  it("an empty part changes nothing", () => {
    const acc = new StatsAccumulator();
    acc.merge(new StatsAccumulator().state());
    expect(acc.finish().orbits).toEqual([]);
  });
});

/** Chart samples: times mostly forward, now and then back (before the origin, too). */
const chartSamples = fc.array(
  fc.record({
    dt: fc.oneof(
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 1000, max: 90_000 }),
      fc.integer({ min: -3000, max: -1 }),
    ),
    values: fc.array(fc.option(fc.integer({ min: -800, max: 800 }).map(eighth), { nil: null }), {
      minLength: SERIES.length,
      maxLength: SERIES.length,
    }),
  }),
  { minLength: 1, maxLength: 300 },
);

describe("chart buckets merged from slices", () => {
  it("equal one downsampler over all samples, however the samples are cut", () => {
    fc.assert(
      fc.property(
        chartSamples,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 4, max: 40 }),
        (steps, cuts, buckets) => {
          let t = 50_000;
          const all = steps.map((s) => {
            t += s.dt;
            return { t, values: s.values.map((v) => v ?? Number.NaN) };
          });
          const origin = all[0]!.t;
          const feed = (ds: Downsampler, list: typeof all) => {
            for (const s of list) {
              ds.values.set(s.values);
              ds.add(s.t);
            }
          };
          const whole = new Downsampler(buckets, 100);
          feed(whole, all);
          const merged = new Downsampler(buckets, 100, origin);
          const part = new Downsampler(buckets, 100, origin);
          for (const list of parts(all, cuts)) {
            part.reset();
            feed(part, list);
            const slice = part.slice();
            if (slice) merged.mergeSlice(slice);
          }
          expect(merged.buckets()).toEqual(whole.buckets());
          expect(merged.bucketWidthMs).toBe(whole.bucketWidthMs);
        },
      ),
      { numRuns: 400 },
    );
  });
});

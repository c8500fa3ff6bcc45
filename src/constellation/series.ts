/**
 * Time series of a constellation run for the report's charts, binned as the run goes (memory
 * does not grow with the run): work per node group over time, the constellation's total,
 * the work offered and moved, the battery across nodes, and a map of orbit phase against
 * time (how much work ran at each phase, and how much of each phase was in shadow).
 *
 * Node groups: nodes in index order (plane by plane, slot by slot) split into at most
 * `groups` rows, so a chart of 10,000 nodes stays readable.
 */

export interface SeriesOptions {
  /** Time bins over the run. Default 300. */
  bins?: number;
  /** Phase bins of the phase map. Default 48. */
  phaseBins?: number;
  /** Rows of the per-node chart: nodes are grouped when there are more. Default 24. */
  groups?: number;
}

export class RunSeries {
  readonly bins: number;
  readonly phaseBins: number;
  readonly groups: number;
  readonly stepsPerBin: number;
  /** Node → group row. */
  readonly groupOf: Int32Array;
  readonly groupSize: Int32Array;
  /** [group × bins] work done, accel-s. */
  readonly groupWork: Float64Array;
  /** [bins] work offered (jobs arriving), moved over links, accel-s; SoC sum, minimum and maximum. */
  readonly offered: Float64Array;
  readonly moved: Float64Array;
  readonly socSum: Float64Array;
  readonly socMin: Float64Array;
  readonly socMax: Float64Array;
  readonly samples: Float64Array;
  /** [bins × phaseBins] summed utilisation (work / capacity at full compute), node-samples, and samples in shadow. */
  readonly phaseWork: Float64Array;
  readonly phaseCount: Float64Array;
  readonly phaseShadow: Float64Array;

  constructor(
    readonly nodes: number,
    readonly steps: number,
    readonly dtS: number,
    o: SeriesOptions = {},
  ) {
    const wanted = Math.max(1, Math.min(o.bins ?? 300, steps));
    this.stepsPerBin = Math.ceil(steps / wanted);
    this.bins = Math.ceil(steps / this.stepsPerBin);
    this.phaseBins = o.phaseBins ?? 48;
    this.groups = Math.min(nodes, o.groups ?? 24);
    this.groupOf = new Int32Array(nodes);
    this.groupSize = new Int32Array(this.groups);
    for (let n = 0; n < nodes; n++) {
      const g = Math.floor((n * this.groups) / nodes);
      this.groupOf[n] = g;
      this.groupSize[g]!++;
    }
    this.groupWork = new Float64Array(this.groups * this.bins);
    this.offered = new Float64Array(this.bins);
    this.moved = new Float64Array(this.bins);
    this.socSum = new Float64Array(this.bins);
    this.socMin = new Float64Array(this.bins).fill(Number.POSITIVE_INFINITY);
    this.socMax = new Float64Array(this.bins).fill(Number.NEGATIVE_INFINITY);
    this.samples = new Float64Array(this.bins);
    const cells = this.bins * this.phaseBins;
    this.phaseWork = new Float64Array(cells);
    this.phaseCount = new Float64Array(cells);
    this.phaseShadow = new Float64Array(cells);
  }

  binOf(step: number): number {
    return Math.floor(step / this.stepsPerBin);
  }

  /** One node's step: its work done, utilisation 0..1, phase 0..1, whether in shadow, SoC. */
  add(
    bin: number,
    node: number,
    workAccelS: number,
    utilisation: number,
    phase: number,
    inShadow: boolean,
    soc: number,
  ): void {
    this.groupWork[this.groupOf[node]! * this.bins + bin]! += workAccelS;
    const cell = bin * this.phaseBins + Math.min(this.phaseBins - 1, (phase * this.phaseBins) | 0);
    this.phaseWork[cell]! += utilisation;
    this.phaseCount[cell]!++;
    if (inShadow) this.phaseShadow[cell]!++;
    this.socSum[bin]! += soc;
    if (soc < this.socMin[bin]!) this.socMin[bin] = soc;
    if (soc > this.socMax[bin]!) this.socMax[bin] = soc;
    this.samples[bin]!++;
  }

  /** Start of bin b, s. */
  binStartS(b: number): number {
    return b * this.stepsPerBin * this.dtS;
  }

  /** Length of bin b, s (the last may be short). */
  binLengthS(b: number): number {
    return (Math.min(this.steps, (b + 1) * this.stepsPerBin) - b * this.stepsPerBin) * this.dtS;
  }
}

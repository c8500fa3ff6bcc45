/**
 * The job stream and the job table. Jobs arrive as a Poisson process at uniformly chosen
 * nodes (the node whose ground link took the request), with exponentially distributed
 * sizes in accelerator-seconds; both from one seeded generator, so the same seed gives the
 * same jobs to the constellation and to its independent twin.
 *
 * Rate: λ = loadFraction × nodes × accelerators / mean size, so that the work offered per
 * second is loadFraction of every accelerator at full compute.
 */
import { mulberry32, type Prng } from "../core/prng.js";

export interface JobStreamOptions {
  nodes: number;
  accelerators: number;
  loadFraction: number;
  meanJobAccelS: number;
  seed: number;
}

export class JobStream {
  readonly rateJobsPerS: number;
  /** Time, node and size of the next job (read them, then call advance()). */
  nextS = 0;
  nextNode = 0;
  nextSizeAccelS = 0;
  private readonly rng: Prng;

  constructor(private readonly o: JobStreamOptions) {
    this.rng = mulberry32(o.seed);
    this.rateJobsPerS = (o.loadFraction * o.nodes * o.accelerators) / o.meanJobAccelS;
    this.draw(0);
  }

  /** -ln(1 - u) is an exponential sample of mean 1; 1 - u is in (0, 1]. */
  private exp1(): number {
    return -Math.log(1 - this.rng());
  }

  private draw(fromS: number): void {
    this.nextS = fromS + this.exp1() / this.rateJobsPerS;
    this.nextNode = Math.min(this.o.nodes - 1, Math.floor(this.rng() * this.o.nodes));
    this.nextSizeAccelS = this.exp1() * this.o.meanJobAccelS;
  }

  advance(): void {
    this.draw(this.nextS);
  }
}

export const JOB_LIVE = 0;
export const JOB_DONE = 1;
export const JOB_DROPPED = 2;

/** Every job so far, as growable columns (ids are arrival order). */
export class JobTable {
  count = 0;
  arrivalS = new Float64Array(1024);
  sizeAccelS = new Float64Array(1024);
  /** Live pieces of the job (queued or in flight). */
  pieces = new Int32Array(1024);
  state = new Uint8Array(1024);
  doneS = new Float64Array(1024);

  add(arrivalS: number, sizeAccelS: number): number {
    if (this.count === this.arrivalS.length) this.grow();
    const id = this.count++;
    this.arrivalS[id] = arrivalS;
    this.sizeAccelS[id] = sizeAccelS;
    this.pieces[id] = 0;
    this.state[id] = JOB_LIVE;
    this.doneS[id] = Number.NaN;
    return id;
  }

  private grow(): void {
    const n = this.arrivalS.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T) => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.arrivalS = g(this.arrivalS, (k) => new Float64Array(k));
    this.sizeAccelS = g(this.sizeAccelS, (k) => new Float64Array(k));
    this.pieces = g(this.pieces, (k) => new Int32Array(k));
    this.state = g(this.state, (k) => new Uint8Array(k));
    this.doneS = g(this.doneS, (k) => new Float64Array(k));
  }
}

export interface JobCounts {
  arrived: number;
  completed: number;
  /** Completed after their deadline. */
  late: number;
  /** Dropped at their deadline (workload.dropLate). */
  dropped: number;
  /** Not finished when the run ended, and of those, already past their deadline. */
  pending: number;
  pendingLate: number;
  /** Mean and 95th percentile of the time from arrival to completion, s (completed jobs). */
  meanTurnaroundS: number;
  p95TurnaroundS: number;
}

export function countJobs(t: JobTable, endS: number, deadlineS: number | null): JobCounts {
  let completed = 0,
    late = 0,
    dropped = 0,
    pending = 0,
    pendingLate = 0,
    sum = 0;
  const turn: number[] = [];
  const dl = deadlineS ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < t.count; i++) {
    const s = t.state[i]!;
    if (s === JOB_DONE) {
      completed++;
      const tt = t.doneS[i]! - t.arrivalS[i]!;
      sum += tt;
      turn.push(tt);
      if (tt > dl) late++;
    } else if (s === JOB_DROPPED) dropped++;
    else {
      pending++;
      if (endS - t.arrivalS[i]! > dl) pendingLate++;
    }
  }
  turn.sort((a, b) => a - b);
  return {
    arrived: t.count,
    completed,
    late,
    dropped,
    pending,
    pendingLate,
    meanTurnaroundS: completed > 0 ? sum / completed : Number.NaN,
    p95TurnaroundS:
      completed > 0 ? turn[Math.min(completed - 1, Math.floor(0.95 * completed))]! : Number.NaN,
  };
}

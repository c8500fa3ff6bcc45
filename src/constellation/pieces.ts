/**
 * The storage of work pieces: typed-array columns with a free list, grown by doubling, so
 * the work queues allocate nothing per step. A piece is part of one job (its useful work and
 * the migration overhead it carries, accelerator-seconds), linked into a node's queue
 * (next/prev) or into the in-flight ring (next, with its destination and arrival step).
 */
export const NONE = -1;

export class PiecePool {
  job = new Int32Array(256);
  useful = new Float64Array(256);
  over = new Float64Array(256);
  next = new Int32Array(256);
  prev = new Int32Array(256);
  dest = new Int32Array(256);
  /** 1 once a node has worked on the piece (moving it then costs a checkpoint). */
  started = new Uint8Array(256);
  arriveStep = new Float64Array(256);
  private free = NONE;
  private used = 0;

  /** A new, unlinked piece. */
  alloc(job: number, useful: number, over: number): number {
    let c = this.free;
    if (c !== NONE) this.free = this.next[c]!;
    else {
      if (this.used === this.job.length) this.grow();
      c = this.used++;
    }
    this.job[c] = job;
    this.useful[c] = useful;
    this.over[c] = over;
    this.next[c] = NONE;
    this.prev[c] = NONE;
    this.started[c] = 0;
    return c;
  }

  release(c: number): void {
    this.next[c] = this.free;
    this.free = c;
  }

  /** Work left in piece c, accel-s. */
  size(c: number): number {
    return this.useful[c]! + this.over[c]!;
  }

  private grow(): void {
    const n = this.job.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.job = i(this.job);
    this.next = i(this.next);
    this.prev = i(this.prev);
    this.dest = i(this.dest);
    this.useful = f(this.useful);
    this.over = f(this.over);
    this.arriveStep = f(this.arriveStep);
    const s = new Uint8Array(n);
    s.set(this.started);
    this.started = s;
  }
}

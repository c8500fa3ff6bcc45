/**
 * Work queues: each node's queue of work pieces, the pieces in flight on the links, and the
 * bookkeeping that lets the whole constellation's work balance be checked:
 *   arrived + overhead added = done (useful + overhead) + queued + in flight + dropped.
 *
 * A piece is part of one job: its useful work and the migration overhead it carries,
 * accelerator-seconds. A node's queue is ordered by job (oldest first, which is also the
 * earliest deadline, as every job gets the same allowance); the node works from the head;
 * moves take from the tail (the newest work, not yet started, costs no checkpoint). Pieces
 * of one job that meet in a queue merge. Pieces live in typed-array columns with a free
 * list, so a day of 1,000 nodes allocates nothing per step.
 *
 * Dropped jobs (workload.dropLate) leave their pieces behind; a piece of a dropped job is
 * discarded, and its work counted as dropped, when a node reaches it, when it would be
 * moved or delivered, or at the end of the run.
 */
import { JOB_DONE, JOB_DROPPED, JOB_LIVE, JobTable } from "./jobs.js";

const NONE = -1;

export class WorkQueues {
  readonly jobs = new JobTable();
  /** Work queued at each node (pieces of dropped jobs included until discarded), accel-s. */
  readonly backlog: Float64Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  /** Accel-s sent and received by each node over links. */
  readonly sentAccelS: Float64Array;
  readonly receivedAccelS: Float64Array;
  /** Work on its way to each node (sent, not yet arrived), accel-s. */
  readonly incomingAccelS: Float64Array;

  // Totals for the balance, accel-s.
  arrivedAccelS = 0;
  overheadAddedAccelS = 0;
  doneUsefulAccelS = 0;
  doneOverheadAccelS = 0;
  droppedAccelS = 0;
  movedAccelS = 0;
  moves = 0;

  private job = new Int32Array(256);
  private useful = new Float64Array(256);
  private over = new Float64Array(256);
  private next = new Int32Array(256);
  private prev = new Int32Array(256);
  private dest = new Int32Array(256);
  private started = new Uint8Array(256);
  private arriveStep = new Float64Array(256);
  private free = NONE;
  private used = 0;
  /** Pieces in flight, bucketed by arrival step modulo the ring's length (grown as needed). */
  private flight = new Int32Array(8).fill(NONE);
  private dropCursor = 0;

  constructor(readonly size: number) {
    this.backlog = new Float64Array(size);
    this.head = new Int32Array(size).fill(NONE);
    this.tail = new Int32Array(size).fill(NONE);
    this.sentAccelS = new Float64Array(size);
    this.receivedAccelS = new Float64Array(size);
    this.incomingAccelS = new Float64Array(size);
  }

  private alloc(job: number, useful: number, over: number): number {
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
    this.jobs.pieces[job]!++;
    return c;
  }

  private release(c: number): void {
    this.jobs.pieces[this.job[c]!]!--;
    this.next[c] = this.free;
    this.free = c;
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

  private unlink(node: number, c: number): void {
    const p = this.prev[c]!;
    const n = this.next[c]!;
    if (p === NONE) this.head[node] = n;
    else this.next[p] = n;
    if (n === NONE) this.tail[node] = p;
    else this.prev[n] = p;
  }

  /** Discards a piece of a dropped job (already unlinked or never queued). */
  private discard(c: number): void {
    this.droppedAccelS += this.useful[c]! + this.over[c]!;
    this.release(c);
  }

  /** A new job of sizeAccelS arrives at node at arrivalS. Returns its id. */
  arrive(node: number, arrivalS: number, sizeAccelS: number): number {
    const id = this.jobs.add(arrivalS, sizeAccelS);
    this.arrivedAccelS += sizeAccelS;
    const c = this.alloc(id, sizeAccelS, 0);
    this.insert(node, c);
    return id;
  }

  /** Puts piece c in node's queue in job order, merging it with a piece of the same job. */
  private insert(node: number, c: number): void {
    const j = this.job[c]!;
    this.backlog[node]! += this.useful[c]! + this.over[c]!;
    let at = this.tail[node]!;
    while (at !== NONE && this.job[at]! > j) at = this.prev[at]!;
    if (at !== NONE && this.job[at] === j) {
      this.useful[at]! += this.useful[c]!;
      this.over[at]! += this.over[c]!;
      this.release(c);
      return;
    }
    // Insert after `at` (or at the head when at is NONE).
    const n = at === NONE ? this.head[node]! : this.next[at]!;
    this.prev[c] = at;
    this.next[c] = n;
    if (at === NONE) this.head[node] = c;
    else this.next[at] = c;
    if (n === NONE) this.tail[node] = c;
    else this.prev[n] = c;
  }

  /**
   * Node runs amountAccelS of work from its head, finishing at endS. Overhead is worked off
   * before useful work. Returns what it did (less than asked when the queue runs dry).
   */
  process(node: number, amountAccelS: number, endS: number): number {
    let left = amountAccelS;
    let c = this.head[node]!;
    while (c !== NONE && left > 0) {
      const nextC = this.next[c]!;
      const j = this.job[c]!;
      if (this.jobs.state[j] === JOB_DROPPED) {
        this.backlog[node]! -= this.useful[c]! + this.over[c]!;
        this.unlink(node, c);
        this.discard(c);
        c = nextC;
        continue;
      }
      const o = Math.min(this.over[c]!, left);
      this.over[c]! -= o;
      left -= o;
      const u = Math.min(this.useful[c]!, left);
      this.useful[c]! -= u;
      left -= u;
      this.doneOverheadAccelS += o;
      this.doneUsefulAccelS += u;
      this.backlog[node]! -= o + u;
      this.started[c] = 1;
      if (this.useful[c] === 0 && this.over[c] === 0) {
        this.unlink(node, c);
        this.release(c);
        if (this.jobs.pieces[j] === 0) {
          this.jobs.state[j] = JOB_DONE;
          this.jobs.doneS[j] = endS;
        }
      }
      c = nextC;
    }
    // An emptied queue holds exactly nothing (no rounding residue for the planner to move).
    if (this.head[node] === NONE) this.backlog[node] = 0;
    return amountAccelS - left;
  }

  /**
   * Moves up to amountAccelS of from's newest work to `to`, arriving delaySteps (>= 1)
   * steps after `step`. The receiver will owe overheadFraction of what moved, plus
   * checkpointAccelS for each piece that had already started. Returns what was moved.
   */
  move(
    from: number,
    to: number,
    amountAccelS: number,
    step: number,
    delaySteps: number,
    overheadFraction: number,
    checkpointAccelS: number,
  ): number {
    let left = amountAccelS;
    let moved = 0;
    const arrive = step + delaySteps;
    if (delaySteps >= this.flight.length) this.growFlight(delaySteps + 1);
    const slot = arrive % this.flight.length;
    while (left > 0) {
      const c = this.tail[from]!;
      if (c === NONE) break;
      const j = this.job[c]!;
      const have = this.useful[c]! + this.over[c]!;
      if (this.jobs.state[j] === JOB_DROPPED) {
        this.backlog[from]! -= have;
        this.unlink(from, c);
        this.discard(c);
        continue;
      }
      let piece: number;
      let amount: number;
      if (have <= left) {
        this.unlink(from, c);
        piece = c;
        amount = have;
      } else {
        const f = left / have;
        const pu = this.useful[c]! * f;
        const po = this.over[c]! * f;
        this.useful[c]! -= pu;
        this.over[c]! -= po;
        piece = this.alloc(j, pu, po);
        this.started[piece] = this.started[c]!;
        amount = pu + po;
      }
      this.backlog[from]! -= amount;
      const extra = amount * overheadFraction + (this.started[piece] ? checkpointAccelS : 0);
      this.over[piece]! += extra;
      this.overheadAddedAccelS += extra;
      this.incomingAccelS[to]! += amount + extra;
      this.started[piece] = 0;
      this.dest[piece] = to;
      this.arriveStep[piece] = arrive;
      this.next[piece] = this.flight[slot]!;
      this.flight[slot] = piece;
      moved += amount;
      // A split takes what was asked, up to rounding: stop rather than chase a residue.
      left = piece === c ? left - amount : 0;
    }
    if (this.head[from] === NONE) this.backlog[from] = 0;
    if (moved > 0) {
      this.movedAccelS += moved;
      this.sentAccelS[from]! += moved;
      this.moves++;
    }
    return moved;
  }

  /** A longer ring for the in-flight pieces (a path's latency longer than the ring). */
  private growFlight(minLength: number): void {
    let len = this.flight.length;
    while (len < minLength) len *= 2;
    const old = this.flight;
    this.flight = new Int32Array(len).fill(NONE);
    for (let s = 0; s < old.length; s++) {
      let c = old[s]!;
      while (c !== NONE) {
        const nextC = this.next[c]!;
        const slot = this.arriveStep[c]! % len;
        this.next[c] = this.flight[slot]!;
        this.flight[slot] = c;
        c = nextC;
      }
    }
  }

  /** Work that arrives at `step` joins its destination's queue. */
  deliver(step: number): void {
    const slot = step % this.flight.length;
    let c = this.flight[slot]!;
    this.flight[slot] = NONE;
    while (c !== NONE) {
      const nextC = this.next[c]!;
      const to = this.dest[c]!;
      const size = this.useful[c]! + this.over[c]!;
      this.incomingAccelS[to]! -= size;
      if (this.jobs.state[this.job[c]!] === JOB_DROPPED) this.discard(c);
      else {
        this.receivedAccelS[to]! += size;
        this.insert(to, c);
      }
      c = nextC;
    }
  }

  /** Drops every live job whose deadline (arrival + deadlineS) is at or before tS. */
  dropDue(tS: number, deadlineS: number): number {
    const t = this.jobs;
    let n = 0;
    while (this.dropCursor < t.count && t.arrivalS[this.dropCursor]! + deadlineS <= tS) {
      const j = this.dropCursor++;
      if (t.state[j] === JOB_LIVE) {
        t.state[j] = JOB_DROPPED;
        n++;
      }
    }
    return n;
  }

  /**
   * End of run: discards what is left of dropped jobs, and returns the live work still
   * queued and in flight, accel-s.
   */
  settle(): { queuedAccelS: number; inFlightAccelS: number } {
    let queued = 0;
    let inFlight = 0;
    for (let node = 0; node < this.size; node++) {
      let c = this.head[node]!;
      while (c !== NONE) {
        const nextC = this.next[c]!;
        if (this.jobs.state[this.job[c]!] === JOB_DROPPED) {
          this.backlog[node]! -= this.useful[c]! + this.over[c]!;
          this.unlink(node, c);
          this.discard(c);
        } else queued += this.useful[c]! + this.over[c]!;
        c = nextC;
      }
    }
    for (let s = 0; s < this.flight.length; s++) {
      let c = this.flight[s]!;
      let kept = NONE;
      while (c !== NONE) {
        const nextC = this.next[c]!;
        if (this.jobs.state[this.job[c]!] === JOB_DROPPED) this.discard(c);
        else {
          inFlight += this.useful[c]! + this.over[c]!;
          this.next[c] = kept;
          kept = c;
        }
        c = nextC;
      }
      this.flight[s] = kept;
    }
    return { queuedAccelS: queued, inFlightAccelS: inFlight };
  }
}

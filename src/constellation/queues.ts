/**
 * Work queues: each node's queue of work pieces, the pieces in flight on the links, and the
 * bookkeeping that lets the whole constellation's work balance be checked:
 *   arrived + overhead added = done (useful + overhead) + queued + in flight + dropped.
 *
 * A piece is part of one job: its useful work and the migration overhead it carries,
 * accelerator-seconds. A node's queue is ordered by job (oldest first, which is also the
 * earliest deadline, as every job gets the same allowance); the node works from the head;
 * moves take from the tail (the newest work, not yet started, costs no checkpoint). Pieces
 * of one job that meet in a queue merge. Pieces live in a PiecePool (pieces.ts).
 *
 * Dropped jobs (workload.dropLate) leave their pieces behind; a piece of a dropped job is
 * discarded, and its work counted as dropped, when a node reaches it, when it would be
 * moved or delivered, or at the end of the run.
 */
import { JOB_DONE, JOB_DROPPED, JOB_LIVE, JobTable } from "./jobs.js";
import { NONE, PiecePool } from "./pieces.js";

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
  /** Work re-planned off nodes that left (evacuate), accel-s. */
  evacuatedAccelS = 0;

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

  private readonly p = new PiecePool();

  private alloc(job: number, useful: number, over: number): number {
    this.jobs.pieces[job]!++;
    return this.p.alloc(job, useful, over);
  }

  private release(c: number): void {
    this.jobs.pieces[this.p.job[c]!]!--;
    this.p.release(c);
  }

  private unlink(node: number, c: number): void {
    const p = this.p.prev[c]!;
    const n = this.p.next[c]!;
    if (p === NONE) this.head[node] = n;
    else this.p.next[p] = n;
    if (n === NONE) this.tail[node] = p;
    else this.p.prev[n] = p;
  }

  /** Discards a piece of a dropped job (already unlinked or never queued). */
  private discard(c: number): void {
    this.droppedAccelS += this.p.size(c);
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
    const j = this.p.job[c]!;
    this.backlog[node]! += this.p.size(c);
    let at = this.tail[node]!;
    while (at !== NONE && this.p.job[at]! > j) at = this.p.prev[at]!;
    if (at !== NONE && this.p.job[at] === j) {
      this.p.useful[at]! += this.p.useful[c]!;
      this.p.over[at]! += this.p.over[c]!;
      this.release(c);
      return;
    }
    // Insert after `at` (or at the head when at is NONE).
    const n = at === NONE ? this.head[node]! : this.p.next[at]!;
    this.p.prev[c] = at;
    this.p.next[c] = n;
    if (at === NONE) this.head[node] = c;
    else this.p.next[at] = c;
    if (n === NONE) this.tail[node] = c;
    else this.p.prev[n] = c;
  }

  /**
   * Node runs amountAccelS of work from its head, finishing at endS. Overhead is worked off
   * before useful work. Returns what it did (less than asked when the queue runs dry).
   */
  process(node: number, amountAccelS: number, endS: number): number {
    let left = amountAccelS;
    let c = this.head[node]!;
    while (c !== NONE && left > 0) {
      const nextC = this.p.next[c]!;
      const j = this.p.job[c]!;
      if (this.jobs.state[j] === JOB_DROPPED) {
        this.backlog[node]! -= this.p.size(c);
        this.unlink(node, c);
        this.discard(c);
        c = nextC;
        continue;
      }
      const o = Math.min(this.p.over[c]!, left);
      this.p.over[c]! -= o;
      left -= o;
      const u = Math.min(this.p.useful[c]!, left);
      this.p.useful[c]! -= u;
      left -= u;
      this.doneOverheadAccelS += o;
      this.doneUsefulAccelS += u;
      this.backlog[node]! -= o + u;
      this.p.started[c] = 1;
      if (this.p.useful[c] === 0 && this.p.over[c] === 0) {
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
      const j = this.p.job[c]!;
      const have = this.p.size(c);
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
        const pu = this.p.useful[c]! * f;
        const po = this.p.over[c]! * f;
        this.p.useful[c]! -= pu;
        this.p.over[c]! -= po;
        piece = this.alloc(j, pu, po);
        this.p.started[piece] = this.p.started[c]!;
        amount = pu + po;
      }
      this.backlog[from]! -= amount;
      const extra = amount * overheadFraction + (this.p.started[piece] ? checkpointAccelS : 0);
      this.p.over[piece]! += extra;
      this.overheadAddedAccelS += extra;
      this.incomingAccelS[to]! += amount + extra;
      this.p.started[piece] = 0;
      this.p.dest[piece] = to;
      this.p.arriveStep[piece] = arrive;
      this.p.next[piece] = this.flight[slot]!;
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

  /**
   * A node has left (a desk rig dropped out): each piece queued at it, oldest first, and each
   * piece on its way to it, goes to the node that `choose(sizeAccelS)` names, as if
   * re-submitted there: it costs what a move costs (overheadFraction of it, and a checkpoint
   * if it had started) but no link time, and queued work joins the new queue at once.
   * Pieces of dropped jobs are discarded. Returns the work re-planned, accel-s.
   */
  evacuate(
    node: number,
    choose: (sizeAccelS: number) => number,
    overheadFraction: number,
    checkpointAccelS: number,
  ): number {
    let moved = 0;
    let c = this.head[node]!;
    while (c !== NONE) {
      const nextC = this.p.next[c]!;
      const size = this.p.size(c);
      this.backlog[node]! -= size;
      this.unlink(node, c);
      if (this.jobs.state[this.p.job[c]!] === JOB_DROPPED) this.discard(c);
      else {
        const extra = size * overheadFraction + (this.p.started[c] ? checkpointAccelS : 0);
        this.p.over[c]! += extra;
        this.overheadAddedAccelS += extra;
        this.p.started[c] = 0;
        this.insert(choose(size), c);
        moved += size;
      }
      c = nextC;
    }
    this.backlog[node] = 0;
    for (let s = 0; s < this.flight.length; s++) {
      for (let f = this.flight[s]!; f !== NONE; f = this.p.next[f]!) {
        if (this.p.dest[f] !== node) continue;
        const size = this.p.size(f);
        const to = choose(size);
        this.incomingAccelS[node]! -= size;
        this.incomingAccelS[to]! += size;
        this.p.dest[f] = to;
        moved += size;
      }
    }
    this.incomingAccelS[node] = 0;
    this.evacuatedAccelS += moved;
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
        const nextC = this.p.next[c]!;
        const slot = this.p.arriveStep[c]! % len;
        this.p.next[c] = this.flight[slot]!;
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
      const nextC = this.p.next[c]!;
      const to = this.p.dest[c]!;
      const size = this.p.size(c);
      this.incomingAccelS[to]! -= size;
      if (this.jobs.state[this.p.job[c]!] === JOB_DROPPED) this.discard(c);
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
        const nextC = this.p.next[c]!;
        if (this.jobs.state[this.p.job[c]!] === JOB_DROPPED) {
          this.backlog[node]! -= this.p.size(c);
          this.unlink(node, c);
          this.discard(c);
        } else queued += this.p.size(c);
        c = nextC;
      }
    }
    for (let s = 0; s < this.flight.length; s++) {
      let c = this.flight[s]!;
      let kept = NONE;
      while (c !== NONE) {
        const nextC = this.p.next[c]!;
        if (this.jobs.state[this.p.job[c]!] === JOB_DROPPED) this.discard(c);
        else {
          inFlight += this.p.size(c);
          this.p.next[c] = kept;
          kept = c;
        }
        c = nextC;
      }
      this.flight[s] = kept;
    }
    return { queuedAccelS: queued, inFlightAccelS: inFlight };
  }
}

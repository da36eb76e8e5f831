import { ApplyPacer } from './apply-pacer.js';
import type { CompactWorker } from './compact-client.js';
import { WorkerGone } from './compact-client.js';
import { planSlice, type PassCursor, type StepPlan } from './compact-plan.js';
import { applyPlan, compactStep, type CompactionContext, type StepResult } from './compactor.js';
import type { StoreCore } from './store-core.js';

/**
 * Decides when the ingest log is moved into chunks and drives it. On the worker (the default) a pass
 * covers the log's window, one series range per step: the worker plans a step from its snapshot, the
 * main thread applies it in paced slices (short transactions, each followed by a pause as long) and, once
 * every range is done, deletes the pass's log rows in paced batches. Without a usable worker (or after
 * repeated stale plans) steps are planned and applied in-thread. `compactNow` is the tools' and tests'
 * synchronous path.
 */
export class CompactionScheduler {
  private readonly applyPacer: ApplyPacer;
  private readonly deletePacer: ApplyPacer;
  private readonly ctx: CompactionContext;
  /** cutoff of the in-thread pass under way (it continues until nothing before it is left) */
  private passCutoff: number | null = null;
  /** the worker's pass under way: every log row through maxLogId, series ranges from seriesFrom on */
  private pass: PassCursor | null = null;
  /** a planned step is being applied in slices (the timer must not plan another meanwhile) */
  private applying = false;
  private staleInRow = 0;

  constructor(
    private readonly core: StoreCore,
    private readonly worker: CompactWorker | null,
  ) {
    const s = core.settings;
    this.applyPacer = new ApplyPacer(s.compactApplySliceMs, s.compactApplySliceValues);
    this.deletePacer = new ApplyPacer(s.compactApplySliceMs, 5000);
    this.ctx = {
      db: core.db,
      log: core.log,
      chunks: core.chunks,
      rollups: core.rollups,
      isLive: core.isLive,
      logger: core.logger,
    };
  }

  get mode(): 'worker' | 'thread' {
    return this.worker?.usable ? 'worker' : 'thread';
  }

  /** the timer's tick: start or continue a pass when the log's oldest values are old enough */
  tick(): void {
    const { core } = this;
    if (core.closed) return;
    const s = core.settings;
    if (this.worker?.usable) {
      if (this.worker.busy || this.applying) return;
      if (this.pass === null) {
        const oldest = core.marks.oldestReceivedAt;
        const cutoff = s.now() - s.compactAfterMs;
        if (oldest === null || oldest > cutoff) return;
        if (oldest > cutoff - s.compactWindowMs && core.marks.values < s.compactPassMaxValues) return;
        // a bounded pass even when compaction is behind: each step scans the pass's rows
        const end = core.marks.passEnd(cutoff, s.compactPassMaxValues);
        if (end === null) return;
        this.pass = { maxLogId: end.maxLogId, seriesFrom: 0 };
      }
      this.planOnWorker();
      return;
    }
    this.pass = null;
    if (this.passCutoff === null) {
      const oldest = core.log.oldestReceivedAt();
      const cutoff = s.now() - s.compactAfterMs;
      if (oldest === null || oldest > cutoff - s.compactWindowMs) return;
      this.passCutoff = cutoff;
    }
    if (this.compactNow(this.passCutoff, s.compactBudgetMs).done) this.passCutoff = null;
  }

  /** In-thread steps of everything received by `cutoff`, for at most `budgetMs`. */
  compactNow(cutoff: number, budgetMs: number): { moved: number; done: boolean } {
    const { core } = this;
    if (core.closed) return { moved: 0, done: true };
    const deadline = performance.now() + budgetMs;
    let moved = 0;
    let done = false;
    try {
      core.lock.run(() => {
        while (performance.now() < deadline) {
          const step = compactStep(this.ctx, cutoff, core.settings.compactOpts);
          if (!step) {
            done = true;
            break;
          }
          core.lock.invalidate();
          this.account(step, false);
          moved += step.values;
        }
      });
    } catch (err) {
      // the step rolled back: its rows are still in the log and the next tick retries
      core.fail('compaction step failed', err);
    }
    return { moved, done };
  }

  private account(step: StepResult, passStep: boolean): void {
    const { core } = this;
    const counters = core.counters;
    counters.chunks += step.chunksInserted;
    counters.compactionSteps++;
    counters.compactedValues += step.values;
    counters.rollupRowsWritten += step.rollupRows;
    // A pass step's slice moved only its own series: the pass's rows still hold the only copy of the
    // other series' values, so the tail index keeps them until finishPass (readers skip what a chunk
    // already has). Dropping them here hid those values from every read between two slices: a paged
    // export stepped past them and missed rows a full query returned later.
    if (passStep) return;
    core.tail.dropThrough(step.maxLogId);
    counters.logRows -= step.rows;
    core.marks.dropThrough(step.maxLogId);
  }

  /** the log holds values older than two windows: compaction is behind, and runs unpaced */
  private behind(): boolean {
    const s = this.core.settings;
    const oldest = this.core.marks.oldestReceivedAt;
    return oldest !== null && oldest < s.now() - s.compactAfterMs - 2 * s.compactWindowMs;
  }

  /**
   * Every series range of the pass is in chunks: readers stop looking at its log rows at once (the tail
   * index forgets them), and the rows go in batches of short transactions with the event loop free in
   * between, like the apply slices. No pass starts before they are gone (it would read them again).
   */
  private finishPass(maxLogId: number): void {
    const { core } = this;
    core.lock.invalidate();
    core.tail.dropThrough(maxLogId);
    core.marks.dropThrough(maxLogId);
    core.counters.compactionPasses++;
    this.applying = true;
    this.deleteCompacted(maxLogId);
  }

  private deleteCompacted(maxLogId: number): void {
    const { core } = this;
    this.applying = false;
    if (core.closed) return;
    const batch = this.deletePacer.next();
    let deleted: number;
    let pause: number;
    try {
      let started = 0;
      // timed after the wait for the commit in flight: the pacer sizes the transaction itself
      deleted = core.lock.run(() => {
        started = performance.now();
        return core.db.transaction(() => core.log.deleteThroughBatch(maxLogId, batch))();
      });
      const ms = performance.now() - started;
      pause = this.deletePacer.record(deleted, ms);
      core.counters.compactionApplyMsMax = Math.max(core.counters.compactionApplyMsMax, ms);
    } catch (err) {
      // the rows left are deleted by the next pass (their points are already in chunks)
      core.fail('deleting compacted log rows failed', err);
      return;
    }
    core.counters.logRows -= deleted;
    if (deleted < batch) return;
    this.applying = true;
    setTimeout(() => this.deleteCompacted(maxLogId), this.behind() ? 0 : pause);
  }

  /** One worker-planned step of the pass; chains the next one at once until the pass is done. */
  private planOnWorker(): void {
    const { core, worker } = this;
    const cursor = this.pass;
    if (!worker || cursor === null || core.closed) return;
    const gen = core.lock.generation;
    worker.plan({ pass: cursor, epoch: gen }, core.settings.workerOpts).then(
      ({ plan, ms, heapBytes }) => {
        core.counters.compactorHeapBytes = heapBytes;
        if (core.closed || this.pass !== cursor) return;
        core.counters.compactionPlanMsMax = Math.max(core.counters.compactionPlanMsMax, ms);
        if (!plan) {
          this.pass = null;
          this.finishPass(cursor.maxLogId);
          return;
        }
        this.applying = true;
        this.applySlices(cursor, gen, plan, 0);
      },
      (err: unknown) => {
        // a crash was reported by the worker's owner; an error thrown while planning is reported here
        if (!core.closed && !(err instanceof WorkerGone)) core.fail('compaction worker step failed', err);
      },
    );
  }

  /**
   * Applies a pass step's plan in slices of about compactApplySliceValues, one short transaction each,
   * yielding to the event loop in between (acks, commits): the longest main-thread stall is one slice,
   * not the whole step. A slice found stale ends the step; the pass resumes from its first series.
   */
  private applySlices(cursor: PassCursor, gen: number, plan: StepPlan, from: number): void {
    const { core } = this;
    this.applying = false;
    if (core.closed || this.pass !== cursor) return;
    const { slice, to } = planSlice(plan, from, this.applyPacer.next());
    const resumeFrom = plan.series[from]?.seriesId ?? plan.seriesTo ?? Number.MAX_SAFE_INTEGER;
    let step: StepResult | null = null;
    let pause = 0;
    if (gen === core.lock.generation) {
      try {
        let started = 0;
        step = core.lock.run(() => {
          started = performance.now();
          return applyPlan(this.ctx, slice);
        });
        const ms = performance.now() - started;
        pause = this.applyPacer.record(slice.values, ms);
        core.counters.compactionApplyMsMax = Math.max(core.counters.compactionApplyMsMax, ms);
      } catch (err) {
        // rolled back: nothing of this slice was written; the next tick plans the pass on from it
        core.fail('applying a compaction step failed', err);
        this.pass = { maxLogId: cursor.maxLogId, seriesFrom: resumeFrom };
        return;
      }
    }
    if (!step) {
      this.retryStale(cursor, resumeFrom);
      return;
    }
    this.staleInRow = 0;
    this.account(step, true);
    if (to < plan.series.length) {
      this.applying = true;
      setTimeout(() => this.applySlices(cursor, gen, plan, to), this.behind() ? 0 : pause);
      return;
    }
    this.pass = { maxLogId: cursor.maxLogId, seriesFrom: plan.seriesTo ?? Number.MAX_SAFE_INTEGER };
    this.planOnWorker();
  }

  private retryStale(cursor: PassCursor, resumeFrom: number): void {
    const s = this.core.settings;
    this.core.counters.compactionStalePlans++;
    this.pass = { maxLogId: cursor.maxLogId, seriesFrom: resumeFrom };
    // something keeps changing under the worker: let the next tick compact in-thread
    if (++this.staleInRow >= 3) {
      this.staleInRow = 0;
      this.pass = null;
      this.compactNow(s.now() - s.compactAfterMs, s.compactBudgetMs);
      return;
    }
    this.planOnWorker();
  }
}

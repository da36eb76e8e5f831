import type Database from 'better-sqlite3';
import type { Logger } from '../logger/logger.js';
import type { ChunkStore } from './chunks.js';
import { planStep, type CompactorOptions, type StepPlan } from './compact-plan.js';
import type { IngestLog } from './ingest-log.js';
import type { RollupStore } from './rollup.js';

export type { CompactorOptions } from './compact-plan.js';

/** What a compaction step works on: the store's main connection and its tables. */
export interface CompactionContext {
  db: Database.Database;
  log: IngestLog;
  chunks: ChunkStore;
  rollups: RollupStore;
  /** a sensor deleted meanwhile has its points skipped */
  isLive: (seriesId: number) => boolean;
  logger: Logger;
}

export interface StepResult {
  rows: number;
  values: number;
  chunksInserted: number;
  rollupRows: number;
  maxLogId: number;
}

/**
 * One compaction step, as one transaction: take the oldest log rows received before `cutoff`, append
 * their points to each series' open (last, not full) chunk or to new chunks, and delete those rows.
 * Move and delete commit together, so a crash leaves each value either in the log or in a chunk.
 *
 * Non-overlap: a series' last chunk always ends before its first log point, because the oldest log rows
 * are moved first and the ordering rule admits only newer points. This holds across restarts without
 * any in-memory state (the open chunk is simply the last chunk in the table). Points that would still
 * overlap (only possible if the database was edited by hand) are dropped with a warning rather than
 * stored twice.
 *
 * Rollups are written in the same transaction (see RollupStore for the coverage rule): the minute
 * buckets closed by this step's points, from the not-yet-rolled chunk points plus the new ones. Points
 * the ordering rule dropped never reach the log, so they are never counted in a rollup.
 *
 * This is the in-thread path (`compact()`, and the timer when the worker cannot run): plan and apply
 * in one transaction. The compact worker plans on its own connection and `applyPlan` writes its plan.
 */
export function compactStep(
  ctx: CompactionContext,
  cutoff: number,
  opts: CompactorOptions,
): StepResult | null {
  return ctx.db.transaction((): StepResult | null => {
    const plan = planStep(ctx, ctx.isLive, cutoff, opts);
    return plan && writePlan(ctx, plan);
  })();
}

/**
 * Applies a plan made on another connection in one short transaction, after checking that what it
 * was computed from is unchanged: every log row it moves is still there and each series' open chunk
 * is the one it rewrote. Returns null (nothing written) when stale; the caller plans again.
 * Callers also discard plans across any other chunk/log mutation (see WriteLock's generation).
 */
export function applyPlan(ctx: CompactionContext, plan: StepPlan): StepResult | null {
  const { log, chunks } = ctx;
  return ctx.db.transaction((): StepResult | null => {
    // a pass step's rows stay until the pass ends: its last row still being there is enough (and O(log n),
    // where counting them would read the whole pass on every slice); a plain step deletes its rows
    if (plan.seriesTo !== null ? !log.has(plan.maxLogId) : log.countThrough(plan.maxLogId) !== plan.rows)
      return null;
    for (const s of plan.series) {
      if (!ctx.isLive(s.seriesId)) continue;
      const last = chunks.lastMeta(s.seriesId);
      const b = s.base;
      if (b ? !last || last.id !== b.id || last.count !== b.count || last.end_time !== b.end : last)
        return null;
    }
    return writePlan(ctx, plan);
  })();
}

function writePlan(ctx: CompactionContext, plan: StepPlan): StepResult {
  const { log, chunks, rollups } = ctx;
  let chunksInserted = 0;
  let rollupRows = 0;
  for (const s of plan.series) {
    // a series deleted after the plan was made: its log sections and chunks are gone already
    if (!ctx.isLive(s.seriesId)) continue;
    if (s.dropped > 0)
      ctx.logger.warn({ seriesId: s.seriesId, dropped: s.dropped }, 'series: log overlaps chunks');
    if (s.replace && s.base) chunks.replaceEncoded(s.base.id, s.replace.end, s.replace.count, s.replace.body);
    for (const c of s.inserts) chunks.insertEncoded(s.seriesId, c.start, c.end, c.count, c.body);
    chunksInserted += s.inserts.length;
    rollupRows += rollups.insertPlanned(s.seriesId, s.rollups);
  }
  // a pass step leaves the rows to the end of the pass (other series ranges still need them)
  if (plan.seriesTo === null) log.deleteThrough(plan.maxLogId);
  return {
    rows: plan.rows,
    values: plan.values,
    chunksInserted,
    rollupRows,
    maxLogId: plan.maxLogId,
  };
}

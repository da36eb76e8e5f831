import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../log/logger.js';
import type { ValuePoint } from '../../shared/model.js';
import { admit, checkPoint, MAX_ABS_TIME } from './admit.js';
import { ChunkStore } from './chunks.js';
import type { LogSection } from './codec/log-body.js';
import { decodeLogBody } from './codec/log-body.js';
import { compactStep, dropFromTail } from './compactor.js';
import { openSeriesDb, type Synchronous } from './db.js';
import { describe, SeriesStoreError } from './errors.js';
import { IngestLog, LogTail } from './log.js';
import { queryPoints } from './query.js';
import { SeriesRegistry } from './registry.js';
import type { AppendOutcome, SensorBatch, SeriesQuery, SeriesStore, SeriesStoreStats } from './types.js';

export interface SeriesStoreOptions {
  file: string;
  logger?: Logger;
  /** longest a value waits for its group commit */
  commitIntervalMs?: number;
  /** commit at once when this many values are pending; also bounds the queue */
  commitMaxValues?: number;
  /**
   * FULL (default): each group commit fsyncs the WAL, so an acknowledged value survives power loss.
   * NORMAL: survives a process crash, but the last commits before a power cut may be lost although the
   * gateway was told they were stored. Group commit amortises the fsync; see bench/series-ingest.ts.
   */
  synchronous?: Synchronous;
  /** compactor timer period; 0 disables the timer (call `compact()` yourself) */
  compactEveryMs?: number;
  /** log rows younger than this stay in the log (bigger = more points per series per step = less rewriting) */
  compactAfterMs?: number;
  /** a chunk is closed at this many points */
  chunkMaxPoints?: number;
  /** values moved per compaction step (one short transaction) */
  compactStepValues?: number;
  /** time the compactor may spend per timer tick before yielding to ingest */
  compactBudgetMs?: number;
  /** clock for the compaction window (tests) */
  now?: () => number;
  /** called with the open connection before anything else (tests simulate a full disk; tools) */
  onOpen?: (db: Database.Database) => void;
}

export interface DurableSeriesStats extends SeriesStoreStats {
  series: number;
  compactionSteps: number;
  compactedValues: number;
  synchronous: Synchronous;
}

export interface DurableSeriesStore extends SeriesStore {
  stats(): DurableSeriesStats;
  /** Runs compaction steps now; `all` ignores the age window. Returns the number of values moved. */
  compact(options?: { all?: boolean }): number;
}

interface Pending {
  body: Buffer | null;
  receivedAt: number;
  sections: LogSection[];
  outcome: AppendOutcome;
  resolve: (o: AppendOutcome) => void;
  reject: (e: Error) => void;
}

export function createSeriesStore(options: SeriesStoreOptions): DurableSeriesStore {
  const logger = options.logger ?? silentLogger();
  const commitIntervalMs = options.commitIntervalMs ?? 5;
  const commitMaxValues = options.commitMaxValues ?? 20_000;
  const synchronous = options.synchronous ?? 'FULL';
  const compactEveryMs = options.compactEveryMs ?? 1000;
  const compactAfterMs = options.compactAfterMs ?? 10_000;
  const compactBudgetMs = options.compactBudgetMs ?? 50;
  const compactOpts = {
    chunkMaxPoints: options.chunkMaxPoints ?? 1000,
    stepValues: options.compactStepValues ?? 50_000,
    stepRows: 20_000,
  };
  const now = options.now ?? Date.now;

  const db: Database.Database = openSeriesDb(options.file, synchronous);
  options.onOpen?.(db);
  const registry = new SeriesRegistry(db);
  const log = new IngestLog(db);
  const chunks = new ChunkStore(db);
  const tail = new LogTail();
  /** newest committed point per series: the ordering rule's memory and `latest()` */
  const latestPoint = new Map<number, ValuePoint>();
  /** newest queued (not yet committed) point per series; cleared by every commit, success or not */
  const pendingLatest = new Map<number, ValuePoint>();

  const counters = {
    committedValues: 0,
    committedMessages: 0,
    commits: 0,
    duplicates: 0,
    outOfOrder: 0,
    logRows: 0,
    chunks: 0,
    compactionSteps: 0,
    compactedValues: 0,
  };
  let lastError: string | null = null;
  let queue: Pending[] = [];
  let pendingValues = 0;
  let commitTimer: NodeJS.Timeout | null = null;
  let closed = false;

  loadState();

  const insertBatch = db.transaction((batch: Pending[]): number[] =>
    batch.map((m) => (m.body ? log.insertEncoded(m.body, m.receivedAt) : -1)),
  );
  const readSnapshot = db.transaction((sid: number, from: number, to: number, limit: number): ValuePoint[] =>
    queryPoints(chunks, log, tail, sid, from, to, limit),
  );

  const compactTimer =
    compactEveryMs > 0
      ? setInterval(() => runCompaction(now() - compactAfterMs, compactBudgetMs), compactEveryMs)
      : null;
  compactTimer?.unref();

  function loadState(): void {
    for (const sid of registry.ids()) {
      const last = chunks.last(sid);
      if (last) {
        const points = chunks.decode(last);
        latestPoint.set(sid, points[points.length - 1]);
      }
    }
    const rows = db.prepare('SELECT id, received_at, body FROM ingest_log ORDER BY id').all() as Array<{
      id: number;
      received_at: number;
      body: Buffer;
    }>;
    for (const row of rows) {
      for (const s of decodeLogBody(row.body, row.received_at)) {
        if (!registry.has(s.seriesId) || s.points.length === 0) continue;
        tail.add(row.id, s.seriesId, s.points);
        latestPoint.set(s.seriesId, s.points[s.points.length - 1]);
      }
    }
    counters.logRows = rows.length;
    counters.chunks = chunks.count();
  }

  function newestTime(sid: number): number | undefined {
    return (pendingLatest.get(sid) ?? latestPoint.get(sid))?.time;
  }

  function knownTimes(sid: number, from: number): Set<number> {
    const known = new Set<number>();
    for (const p of readSnapshot(sid, from, MAX_ABS_TIME + 1, Infinity)) known.add(p.time);
    for (const m of queue) {
      for (const s of m.sections) if (s.seriesId === sid) for (const p of s.points) known.add(p.time);
    }
    return known;
  }

  function append(gatewayId: string, batches: SensorBatch[], receivedAt: number): Promise<AppendOutcome> {
    if (closed) return Promise.reject(new SeriesStoreError('series store is closed'));
    let ids: number[];
    try {
      if (!Number.isSafeInteger(receivedAt) || Math.abs(receivedAt) > MAX_ABS_TIME) {
        throw new TypeError(`receivedAt must be an integer epoch ms, got ${String(receivedAt)}`);
      }
      for (const b of batches) for (const p of b.points) checkPoint(p);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    try {
      // all series rows first, so a failure here leaves the ordering state untouched
      ids = batches.map((b) => registry.ensure(gatewayId, b.sensorId));
    } catch (err) {
      return Promise.reject(fail('registering a sensor failed', err));
    }

    const outcome: AppendOutcome = { accepted: 0, duplicates: 0, outOfOrder: 0, stored: [] };
    // one section per series even if a message names a sensor twice: the tail index keys on (row, series)
    const sections = new Map<number, LogSection>();
    const storedBySensor = new Map<string, ValuePoint[]>();
    batches.forEach((b, i) => {
      const sid = ids[i];
      const a = admit(b.points, newestTime(sid), (from) => knownTimes(sid, from));
      outcome.duplicates += a.duplicates;
      outcome.outOfOrder += a.outOfOrder;
      if (a.stored.length === 0) return;
      outcome.accepted += a.stored.length;
      pendingLatest.set(sid, a.stored[a.stored.length - 1]);
      const section = sections.get(sid);
      if (section) section.points.push(...a.stored);
      else sections.set(sid, { seriesId: sid, points: [...a.stored] });
      const list = storedBySensor.get(b.sensorId);
      if (list) list.push(...a.stored);
      else storedBySensor.set(b.sensorId, a.stored);
    });
    outcome.stored = [...storedBySensor].map(([sensorId, points]) => ({ sensorId, points }));
    counters.duplicates += outcome.duplicates;
    counters.outOfOrder += outcome.outOfOrder;

    const sectionList = [...sections.values()];
    const body = sectionList.length > 0 ? log.encode(sectionList, receivedAt) : null;
    // a message with nothing to store still waits for the commit: if it is a resend of a message that
    // is queued, acknowledging it before that one is durable could lose the value
    return new Promise<AppendOutcome>((resolve, reject) => {
      queue.push({ body, receivedAt, sections: sectionList, outcome, resolve, reject });
      pendingValues += outcome.accepted;
      if (pendingValues >= commitMaxValues) commitNow();
      else commitTimer ??= setTimeout(commitNow, commitIntervalMs);
    });
  }

  function fail(what: string, err: unknown): SeriesStoreError {
    const e = new SeriesStoreError(`series store: ${what}: ${describe(err)}`, err);
    lastError = e.message;
    logger.error({ err }, e.message);
    return e;
  }

  /** Commits the whole queue in one transaction; returns the error the batch was rejected with. */
  function commitNow(): SeriesStoreError | null {
    if (commitTimer) clearTimeout(commitTimer);
    commitTimer = null;
    if (queue.length === 0) return null;
    const batch = queue;
    const values = pendingValues;
    queue = [];
    pendingValues = 0;
    pendingLatest.clear();
    let logIds: number[];
    try {
      logIds = insertBatch(batch);
    } catch (err) {
      const e = fail(`commit of ${batch.length} messages (${values} values) failed`, err);
      for (const m of batch) m.reject(e);
      return e;
    }
    counters.commits++;
    counters.committedMessages += batch.length;
    counters.committedValues += values;
    batch.forEach((m, i) => {
      if (logIds[i] < 0) return;
      counters.logRows++;
      for (const s of m.sections) {
        tail.add(logIds[i], s.seriesId, s.points);
        latestPoint.set(s.seriesId, s.points[s.points.length - 1]);
      }
    });
    for (const m of batch) m.resolve(m.outcome);
    return null;
  }

  function runCompaction(cutoff: number, budgetMs: number): number {
    if (closed) return 0;
    const deadline = performance.now() + budgetMs;
    let moved = 0;
    try {
      while (performance.now() < deadline) {
        const step = compactStep(db, log, chunks, (sid) => registry.has(sid), cutoff, compactOpts, logger);
        if (!step) break;
        dropFromTail(tail, step);
        counters.logRows -= step.rows;
        counters.chunks += step.chunksInserted;
        counters.compactionSteps++;
        counters.compactedValues += step.values;
        moved += step.values;
      }
    } catch (err) {
      // the step rolled back: its rows are still in the log and the next tick retries
      fail('compaction step failed', err);
    }
    return moved;
  }

  function query(q: SeriesQuery): ValuePoint[] {
    const sid = registry.find(q.gatewayId, q.sensorId);
    if (sid === undefined) return [];
    return readSnapshot(sid, q.from, q.to, q.limit ?? Infinity);
  }

  function latest(gatewayId: string, sensorId: string): ValuePoint | null {
    const sid = registry.find(gatewayId, sensorId);
    return sid === undefined ? null : (latestPoint.get(sid) ?? null);
  }

  function deleteSensor(gatewayId: string, sensorId: string): Promise<void> {
    if (closed) return Promise.reject(new SeriesStoreError('series store is closed'));
    // commit first so that everything appended before this call is deleted too
    const pendingError = commitNow();
    if (pendingError) return Promise.reject(pendingError);
    const sid = registry.find(gatewayId, sensorId);
    if (sid === undefined) return Promise.resolve();
    let rowsDeleted = 0;
    let chunksDeleted = 0;
    try {
      db.transaction(() => {
        for (const e of tail.entries(sid)) if (log.removeSeries(e.logId, sid)) rowsDeleted++;
        chunksDeleted = chunks.deleteSeries(sid);
        registry.deleteRow(sid);
      })();
    } catch (err) {
      return Promise.reject(fail(`deleting ${gatewayId}/${sensorId} failed`, err));
    }
    counters.logRows -= rowsDeleted;
    counters.chunks -= chunksDeleted;
    registry.forget(gatewayId, sensorId);
    tail.forget(sid);
    latestPoint.delete(sid);
    return Promise.resolve();
  }

  function diskBytes(): number {
    let total = 0;
    for (const f of [options.file, `${options.file}-wal`]) {
      try {
        total += statSync(f).size;
      } catch {
        // no WAL right after a TRUNCATE checkpoint
      }
    }
    return total;
  }

  return {
    append,
    query,
    latest,
    deleteSensor,
    compact: (opts) => runCompaction(opts?.all ? Infinity : now() - compactAfterMs, Infinity),
    stats: () => ({
      ...counters,
      pendingValues,
      diskBytes: diskBytes(),
      lastError,
      series: registry.size,
      synchronous,
    }),
    flush() {
      const err = commitNow();
      return err ? Promise.reject(err) : Promise.resolve();
    },
    async close() {
      if (closed) return;
      const err = commitNow();
      closed = true;
      if (compactTimer) clearInterval(compactTimer);
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (e) {
        logger.warn({ err: e }, 'series store: checkpoint on close failed');
      }
      db.close();
      if (err) throw err;
    },
  };
}

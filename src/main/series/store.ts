import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../log/logger.js';
import type { ValuePoint } from '../../shared/model.js';
import { admit, checkPoint, MAX_ABS_TIME } from './admit.js';
import { ChunkStore } from './chunks.js';
import type { LogSection } from './codec/log-body.js';
import { decodeLogBody } from './codec/log-body.js';
import { CompactWorker, WorkerGone } from './compact-client.js';
import { InlineCommitter, ThreadCommitter, type CommitResult, type Committer } from './commit-writer.js';
import type { NewSeriesRow } from './commit-protocol.js';
import { applyPlan, compactStep, dropFromTail, type StepResult } from './compactor.js';
import { planSlice, type PassCursor, type StepPlan } from './compact-plan.js';
import { openSeriesDb, type Synchronous } from './db.js';
import { ApplyPacer, pauseAfter } from './apply-pacer.js';
import { describe, SeriesStoreError } from './errors.js';
import { IngestLog, LogMarks, LogTail } from './log.js';
import { queryPoints } from './query.js';
import { aggregateSeries, statsSeries, type ReadContext } from './aggregate.js';
import {
  Retention,
  thinOldestRawDay,
  vacuumStep,
  type MaintenanceResult,
  type RetentionOptions,
  type ThinResult,
} from './retention.js';
import { RollupStore } from './rollup.js';
import { SeriesRegistry } from './registry.js';
import type {
  AggregateQuery,
  AppendOutcome,
  SensorBatch,
  SeriesQuery,
  SeriesStore,
  SeriesStoreStats,
  StatsBucket,
  StatsQuery,
} from './types.js';

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
  /**
   * Run group commits on the writer thread (default true), so the event loop never waits for fsync.
   * false commits on the calling thread (tests that inject SQLite faults into the main connection).
   */
  commitThread?: boolean;
  /** how often the writer thread checkpoints the WAL (PASSIVE, between commits) */
  checkpointEveryMs?: number;
  /** tests: a different commit thread script */
  commitThreadUrl?: URL;
  /** compactor timer period; 0 disables the timer (call `compact()` yourself) */
  compactEveryMs?: number;
  /** log rows younger than this stay in the log (bigger = more points per series per step = less rewriting) */
  compactAfterMs?: number;
  /** a chunk is closed at this many points */
  chunkMaxPoints?: number;
  /**
   * A compaction pass starts only when the oldest log row is older than compactAfterMs + this, and then
   * moves everything older than compactAfterMs: each pass brings more points per series, so fewer
   * open-chunk rewrites. 0 (default) = compact whatever is older than compactAfterMs on every tick.
   * Measured (bench/README is not updated yet): 60 s halves the steps' total work in the fast-forward
   * bench, but end to end over MQTT the one big pass per minute stalled acks for over a second.
   */
  compactWindowMs?: number;
  /** at most this many values per main-thread transaction when applying a worker-planned step */
  compactApplySliceValues?: number;
  /** each such transaction is sized to last about this long, and followed by a pause as long (ApplyPacer) */
  compactApplySliceMs?: number;
  /** a worker pass also starts once the log holds this many values, however young; and covers at most that many */
  compactPassMaxValues?: number;
  /** values moved per in-thread compaction step (one transaction) */
  compactStepValues?: number;
  /**
   * Plan compaction steps (decode, merge, re-encode, rollups) on a worker thread and only apply them
   * on the main thread (default true; the timer path only — `compact()` always runs in-thread).
   */
  compactWorker?: boolean;
  /** tests: a different worker script */
  compactWorkerUrl?: URL;
  /**
   * values per worker-planned step of a pass (default 50 000). The step's points, the open chunks they
   * extend and its rollups are the worker's working set: with 1/16 of a 10 M-value pass per step its
   * heap held 56 MB, with 50 000 values 22 MB. Applying is sliced anyway (compactApplySliceValues).
   */
  compactWorkerStepValues?: number;
  /** time the compactor may spend per timer tick before yielding to ingest */
  compactBudgetMs?: number;
  /** clock for the compaction window (tests) */
  now?: () => number;
  /** how long each resolution is kept (default raw 30 d, 1 min 365 d, 1 h and 1 d forever) */
  retention?: RetentionOptions;
  /** period of the retention + vacuum pass, run from the compactor timer; 0 = only via `maintain()` */
  maintenanceEveryMs?: number;
  /** rows per retention delete transaction */
  maintenanceBatchRows?: number;
  /** pages per incremental_vacuum step */
  vacuumPages?: number;
  /** called with the open connection before anything else (tests simulate a full disk; tools) */
  onOpen?: (db: Database.Database) => void;
}

export interface DurableSeriesStats extends SeriesStoreStats {
  series: number;
  compactionSteps: number;
  /** worker passes completed (each moved a window of the log, one series range per step) */
  compactionPasses: number;
  compactedValues: number;
  /** rollup rows written by compaction since open */
  rollupRowsWritten: number;
  /** removed by retention since open */
  retentionDeletedChunks: number;
  retentionDeletedRollupRows: number;
  /** raw chunks deleted by the disk budget (thinRaw) since open */
  thinnedChunks: number;
  /** pages returned to the OS by incremental vacuum since open */
  vacuumedPages: number;
  /** free pages inside the file (reused before the file grows) */
  freePages: number;
  /** epoch ms of the last completed retention pass, null before the first */
  lastMaintenanceAt: number | null;
  synchronous: Synchronous;
  /** 'worker' while the timer plans on the compaction worker, 'thread' otherwise */
  compactionMode: 'worker' | 'thread';
  /** worker plans discarded because the data changed meanwhile (re-planned) */
  compactionStalePlans: number;
  compactionWorkerRestarts: number;
  /** longest main-thread transaction applying a worker plan / time the worker took to plan it */
  compactionApplyMsMax: number;
  compactionPlanMsMax: number;
  /** values in the log not yet deleted by compaction (counted per commit), and the in-memory index entries (one per log row) */
  logValues: number;
  tailEntries: number;
  /** 'thread' while group commits run on the writer thread */
  commitMode: 'thread' | 'inline';
  commitThreadRestarts: number;
  /** longest group commit (transaction + fsync) since open, on the writer thread */
  commitMsMax: number;
  /** longest time from handing a commit over to its result on the main thread (adds the loop's delays) */
  commitRoundTripMsMax: number;
  /** V8 heaps of the writer thread and the compaction worker (committed bytes; 0 until they report) */
  writerHeapBytes: number;
  compactorHeapBytes: number;
}

export interface DurableSeriesStore extends SeriesStore {
  stats(): DurableSeriesStats;
  /** Runs compaction steps now; `all` ignores the age window. Returns the number of values moved. */
  compact(options?: { all?: boolean }): number;
  /**
   * Runs retention + incremental vacuum now, in transactions of at most `batchRows` rows; stops after
   * `maxBatches` of them (default: until done). Calls continue where the previous one stopped.
   */
  maintain(options?: { maxBatches?: number; batchRows?: number }): MaintenanceResult;
  /**
   * Disk budget: deletes the oldest day of raw chunks across all series (rollups stay) and gives up to
   * `vacuumPages` freed pages back to the OS. Call again while free space is still short; returns
   * thinnedBefore = null when no raw data is left to thin.
   */
  thinRaw(options?: { batchRows?: number; vacuumPages?: number }): ThinResult & { vacuumedPages: number };
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
  const commitIntervalMs = options.commitIntervalMs ?? 15;
  const commitMaxValues = options.commitMaxValues ?? 20_000;
  const synchronous = options.synchronous ?? 'FULL';
  const compactEveryMs = options.compactEveryMs ?? 1000;
  const compactAfterMs = options.compactAfterMs ?? 10_000;
  const compactBudgetMs = options.compactBudgetMs ?? 50;
  const compactWindowMs = options.compactWindowMs ?? 180_000;
  const compactPassMaxValues = options.compactPassMaxValues ?? 10_000_000;
  const compactApplySliceMs = options.compactApplySliceMs ?? 8;
  const applyPacer = new ApplyPacer(compactApplySliceMs, options.compactApplySliceValues ?? 20_000);
  const deletePacer = new ApplyPacer(compactApplySliceMs, 5000);
  const compactOpts = {
    chunkMaxPoints: options.chunkMaxPoints ?? 1000,
    stepValues: options.compactStepValues ?? 50_000,
    stepRows: 20_000,
  };
  const workerOpts = {
    ...compactOpts,
    stepValues: options.compactWorkerStepValues ?? 50_000,
    stepRows: 1_000_000,
  };
  const now = options.now ?? Date.now;
  const maintenanceEveryMs = options.maintenanceEveryMs ?? 60_000;
  const maintenanceBatchRows = options.maintenanceBatchRows ?? 500;
  const vacuumPages = options.vacuumPages ?? 256;

  const db: Database.Database = openSeriesDb(options.file, synchronous);
  const useThread = options.commitThread ?? true;
  // the writer thread checkpoints between its commits; here a checkpoint would stall the event loop
  if (useThread) db.pragma('wal_autocheckpoint = 0');
  options.onOpen?.(db);
  const registry = new SeriesRegistry(db);
  /** a sensor deleted meanwhile (a commit or plan in flight) has its points skipped */
  const isLive = (sid: number): boolean => registry.has(sid);
  const log = new IngestLog(db);
  const chunks = new ChunkStore(db);
  const tail = new LogTail();
  const marks = new LogMarks();
  const rollups = new RollupStore(db);
  const retention = new Retention(db, chunks, rollups, options.retention ?? {});
  const readCtx: ReadContext = { chunks, log, tail, rollups };
  /** newest committed point per series: the ordering rule's memory and `latest()` */
  const latestPoint = new Map<number, ValuePoint>();
  /** newest queued point per series; becomes inFlightLatest when the queue is sent to be committed */
  let queuedLatest = new Map<number, ValuePoint>();
  /** newest point per series of the commit in flight; cleared when it ends, success or not */
  let inFlightLatest = new Map<number, ValuePoint>();

  const counters = {
    committedValues: 0,
    committedMessages: 0,
    commits: 0,
    duplicates: 0,
    outOfOrder: 0,
    logRows: 0,
    chunks: 0,
    compactionSteps: 0,
    compactionPasses: 0,
    compactedValues: 0,
    rollupRowsWritten: 0,
    retentionDeletedChunks: 0,
    retentionDeletedRollupRows: 0,
    thinnedChunks: 0,
    vacuumedPages: 0,
    compactionStalePlans: 0,
    compactionApplyMsMax: 0,
    compactionPlanMsMax: 0,
    commitRoundTripMsMax: 0,
    writerHeapBytes: 0,
    compactorHeapBytes: 0,
    commitMsMax: 0,
  };
  let lastMaintenanceAt: number | null = null;
  /** a maintenance pass runs as a chain of paced slices; this is its next one */
  let maintenanceTimer: NodeJS.Timeout | null = null;
  // the first pass waits one period too: startup (and short-lived tools/tests) are left alone
  let nextMaintenance = performance.now() + maintenanceEveryMs;
  let lastError: string | null = null;
  let queue: Pending[] = [];
  let pendingValues = 0;
  /** the messages of the commit in flight (their points count as known for the duplicate rule) */
  let inFlight: Pending[] = [];
  let inFlightDone: Promise<SeriesStoreError | null> | null = null;
  let commitTimer: NodeJS.Timeout | null = null;
  let closed = false;
  /** cutoff of the compaction pass under way (it continues until nothing before it is left) */
  let passCutoff: number | null = null;
  /** the worker's pass under way: every log row through maxLogId, series ranges from seriesFrom on */
  let pass: PassCursor | null = null;
  /** a planned step is being applied in slices (the timer must not plan another meanwhile) */
  let applying = false;
  /** bumped by every chunk/log change other than applying a worker plan: plans made before are stale */
  let generation = 0;
  let staleInRow = 0;

  loadState();

  const committer: Committer = useThread
    ? new ThreadCommitter(
        options.file,
        synchronous,
        logger,
        options.checkpointEveryMs ?? 1000,
        options.commitThreadUrl,
      )
    : new InlineCommitter(db);
  const readSnapshot = db.transaction((sid: number, from: number, to: number, limit: number): ValuePoint[] =>
    queryPoints(chunks, log, tail, sid, from, to, limit),
  );

  const readAggregate = db.transaction((sid: number, q: AggregateQuery) => aggregateSeries(readCtx, sid, q));
  const readStats = db.transaction((sid: number, q: StatsQuery) => statsSeries(readCtx, sid, q));

  const worker =
    compactEveryMs > 0 && (options.compactWorker ?? true)
      ? new CompactWorker(
          options.file,
          logger,
          (err) => fail('compaction worker crashed', err),
          5,
          options.compactWorkerUrl,
        )
      : null;

  const compactTimer =
    compactEveryMs > 0
      ? setInterval(() => {
          compactTick();
          // the thread checkpoints after commits; this covers compaction's writes on a quiet site
          committer.checkpoint();
          if (maintenanceEveryMs > 0 && !maintenanceTimer && performance.now() >= nextMaintenance)
            maintenanceSlice();
        }, compactEveryMs)
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
    // streamed: after a long outage the log can hold millions of values
    let rows = 0;
    for (const row of log.through.iterate(Number.MAX_SAFE_INTEGER)) {
      rows++;
      let values = 0;
      const sections = decodeLogBody(row.body, row.received_at);
      tail.addRow(row.id, sections, isLive);
      for (const s of sections) {
        if (!isLive(s.seriesId) || s.points.length === 0) continue;
        latestPoint.set(s.seriesId, s.points[s.points.length - 1]);
        values += s.points.length;
      }
      marks.add(row.id, row.received_at, values);
    }
    counters.logRows = rows;
    counters.chunks = chunks.count();
  }

  function newestTime(sid: number): number | undefined {
    return (queuedLatest.get(sid) ?? inFlightLatest.get(sid) ?? latestPoint.get(sid))?.time;
  }

  function knownTimes(sid: number, from: number): Set<number> {
    const known = new Set<number>();
    for (const p of readSnapshot(sid, from, MAX_ABS_TIME + 1, Infinity)) known.add(p.time);
    for (const m of inFlight.concat(queue)) {
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
      queuedLatest.set(sid, a.stored[a.stored.length - 1]);
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
      // while a commit is in flight the queue grows into the next one, sent when it ends
      if (!committer.idle) return;
      if (pendingValues >= commitMaxValues) void dispatch();
      else commitTimer ??= setTimeout(() => void dispatch(), commitIntervalMs);
    });
  }

  function fail(what: string, err: unknown): SeriesStoreError {
    const e = new SeriesStoreError(`series store: ${what}: ${describe(err)}`, err);
    lastError = e.message;
    logger.error({ err }, e.message);
    return e;
  }

  /**
   * Sends the whole queue to be committed in one transaction; resolves, when that commit ended, with
   * the error its messages were rejected with (null: they are durable and were resolved).
   */
  function dispatch(): Promise<SeriesStoreError | null> {
    if (commitTimer) clearTimeout(commitTimer);
    commitTimer = null;
    if (inFlightDone) return inFlightDone;
    if (queue.length === 0) return Promise.resolve(null);
    const batch = queue;
    const values = pendingValues;
    queue = [];
    pendingValues = 0;
    inFlight = batch;
    inFlightLatest = queuedLatest;
    queuedLatest = new Map();
    const newSeries = registry.unsavedRows();
    const rows = batch.flatMap((m) => (m.body ? [{ receivedAt: m.receivedAt, body: m.body }] : []));
    const started = performance.now();
    let finish!: (e: SeriesStoreError | null) => void;
    const done = new Promise<SeriesStoreError | null>((resolve) => (finish = resolve));
    inFlightDone = done;
    committer.send(rows, newSeries, (result) => {
      inFlight = [];
      inFlightDone = null;
      inFlightLatest = new Map();
      const roundTrip = performance.now() - started;
      counters.commitRoundTripMsMax = Math.max(counters.commitRoundTripMsMax, roundTrip);
      if ('logIds' in result) {
        counters.commitMsMax = Math.max(counters.commitMsMax, result.ms ?? roundTrip);
        if (result.heapBytes !== undefined) counters.writerHeapBytes = result.heapBytes;
      }
      finish(committed(batch, values, newSeries, result));
      if (queue.length === 0 || closed || commitTimer) return;
      // commits at most every commitIntervalMs unless the queue is full: each commit rewrites at least
      // the log's last page in the WAL, so back-to-back small commits multiply the bytes written
      const wait = started + commitIntervalMs - performance.now();
      if (wait <= 0 || pendingValues >= commitMaxValues) void dispatch();
      else commitTimer = setTimeout(() => void dispatch(), wait);
    });
    return done;
  }

  function committed(
    batch: Pending[],
    values: number,
    newSeries: NewSeriesRow[],
    result: CommitResult,
  ): SeriesStoreError | null {
    if ('error' in result) {
      const e = fail(`commit of ${batch.length} messages (${values} values) failed`, result.error);
      for (const m of batch) m.reject(e);
      return e;
    }
    registry.savedNew(newSeries);
    counters.commits++;
    counters.committedMessages += batch.length;
    counters.committedValues += values;
    let r = 0;
    let newestReceived = -Infinity;
    for (const m of batch) {
      if (!m.body) continue;
      const logId = result.logIds[r++];
      newestReceived = Math.max(newestReceived, m.receivedAt);
      counters.logRows++;
      // a sensor deleted while this commit was in flight: its rows are skipped by compaction and on load
      tail.addRow(logId, m.sections, isLive);
      for (const s of m.sections) {
        if (isLive(s.seriesId)) latestPoint.set(s.seriesId, s.points[s.points.length - 1]);
      }
    }
    if (r > 0) marks.add(result.logIds[r - 1], newestReceived, values);
    for (const m of batch) m.resolve(m.outcome);
    return null;
  }

  /** Commits everything queued; rejects with the first commit error met on the way. */
  async function flushAll(): Promise<void> {
    let first: SeriesStoreError | null = null;
    while (queue.length > 0 || inFlightDone) {
      const e = await dispatch();
      first ??= e;
    }
    if (first) throw first;
  }

  function compactTick(): void {
    if (closed) return;
    if (worker?.usable) {
      if (worker.busy || applying) return;
      if (pass === null) {
        const oldest = marks.oldestReceivedAt;
        const cutoff = now() - compactAfterMs;
        if (oldest === null || oldest > cutoff) return;
        if (oldest > cutoff - compactWindowMs && marks.values < compactPassMaxValues) return;
        // a bounded pass even when compaction is behind: each step scans the pass's rows
        const end = marks.passEnd(cutoff, compactPassMaxValues);
        if (end === null) return;
        pass = { maxLogId: end.maxLogId, seriesFrom: 0 };
      }
      planOnWorker();
      return;
    }
    pass = null;
    if (passCutoff === null) {
      const oldest = log.oldestReceivedAt();
      const cutoff = now() - compactAfterMs;
      if (oldest === null || oldest > cutoff - compactWindowMs) return;
      passCutoff = cutoff;
    }
    if (runCompaction(passCutoff, compactBudgetMs).done) passCutoff = null;
  }

  function account(step: StepResult, passStep: boolean): void {
    dropFromTail(tail, step);
    counters.chunks += step.chunksInserted;
    counters.compactionSteps++;
    counters.compactedValues += step.values;
    counters.rollupRowsWritten += step.rollupRows;
    if (passStep) return;
    counters.logRows -= step.rows;
    marks.dropThrough(step.maxLogId);
  }

  /**
   * Every series range of the pass is in chunks: readers stop looking at its log rows at once (the tail
   * index forgets them), and the rows go in batches of short transactions with the event loop free in
   * between, like the apply slices. No pass starts before they are gone (it would read them again).
   */
  function finishPass(maxLogId: number): void {
    generation++;
    tail.dropThrough(maxLogId);
    marks.dropThrough(maxLogId);
    counters.compactionPasses++;
    applying = true;
    deleteCompacted(maxLogId);
  }

  /** the log holds values older than two windows: compaction is behind, and runs unpaced */
  function behind(): boolean {
    const oldest = marks.oldestReceivedAt;
    return oldest !== null && oldest < now() - compactAfterMs - 2 * compactWindowMs;
  }

  function deleteCompacted(maxLogId: number): void {
    applying = false;
    if (closed) return;
    const batch = deletePacer.next();
    let deleted: number;
    let pause: number;
    try {
      committer.waitIdle();
      const started = performance.now();
      deleted = db.transaction(() => log.deleteThroughBatch(maxLogId, batch))();
      const ms = performance.now() - started;
      pause = deletePacer.record(deleted, ms);
      counters.compactionApplyMsMax = Math.max(counters.compactionApplyMsMax, ms);
    } catch (err) {
      // the rows left are deleted by the next pass (their points are already in chunks)
      fail('deleting compacted log rows failed', err);
      return;
    }
    counters.logRows -= deleted;
    if (deleted < batch) return;
    applying = true;
    setTimeout(() => deleteCompacted(maxLogId), behind() ? 0 : pause);
  }

  /** One worker-planned step of the pass; chains the next one at once until the pass is done. */
  function planOnWorker(): void {
    if (!worker || pass === null || closed) return;
    const gen = generation;
    const cursor = pass;
    worker.plan({ pass: cursor, epoch: gen }, workerOpts).then(
      ({ plan, ms, heapBytes }) => {
        counters.compactorHeapBytes = heapBytes;
        if (closed || pass !== cursor) return;
        counters.compactionPlanMsMax = Math.max(counters.compactionPlanMsMax, ms);
        if (!plan) {
          pass = null;
          finishPass(cursor.maxLogId);
          return;
        }
        applying = true;
        applySlices(cursor, gen, plan, 0);
      },
      (err: unknown) => {
        // a crash was reported by the worker's owner; an error thrown while planning is reported here
        if (!closed && !(err instanceof WorkerGone)) fail('compaction worker step failed', err);
      },
    );
  }

  /**
   * Applies a pass step's plan in slices of about compactApplySliceValues, one short transaction each,
   * yielding to the event loop in between (acks, commits): the longest main-thread stall is one slice,
   * not the whole step. A slice found stale ends the step; the pass resumes from its first series.
   */
  function applySlices(cursor: PassCursor, gen: number, plan: StepPlan, from: number): void {
    applying = false;
    if (closed || pass !== cursor) return;
    const { slice, to } = planSlice(plan, from, applyPacer.next());
    const resumeFrom = plan.series[from]?.seriesId ?? plan.seriesTo ?? Number.MAX_SAFE_INTEGER;
    let step: StepResult | null = null;
    let pause = 0;
    if (gen === generation) {
      try {
        committer.waitIdle();
        const started = performance.now();
        step = applyPlan(db, log, chunks, rollups, slice, isLive, logger);
        const ms = performance.now() - started;
        pause = applyPacer.record(slice.values, ms);
        counters.compactionApplyMsMax = Math.max(counters.compactionApplyMsMax, ms);
      } catch (err) {
        // rolled back: nothing of this slice was written; the next tick plans the pass on from it
        fail('applying a compaction step failed', err);
        pass = { maxLogId: cursor.maxLogId, seriesFrom: resumeFrom };
        return;
      }
    }
    if (!step) {
      counters.compactionStalePlans++;
      pass = { maxLogId: cursor.maxLogId, seriesFrom: resumeFrom };
      // something keeps changing under the worker: let the next tick compact in-thread
      if (++staleInRow >= 3) {
        staleInRow = 0;
        pass = null;
        runCompaction(now() - compactAfterMs, compactBudgetMs);
        return;
      }
      planOnWorker();
      return;
    }
    staleInRow = 0;
    account(step, true);
    if (to < plan.series.length) {
      applying = true;
      setTimeout(() => applySlices(cursor, gen, plan, to), behind() ? 0 : pause);
      return;
    }
    pass = { maxLogId: cursor.maxLogId, seriesFrom: plan.seriesTo ?? Number.MAX_SAFE_INTEGER };
    planOnWorker();
  }

  function runCompaction(cutoff: number, budgetMs: number): { moved: number; done: boolean } {
    if (closed) return { moved: 0, done: true };
    const deadline = performance.now() + budgetMs;
    let moved = 0;
    let done = false;
    try {
      committer.waitIdle();
      while (performance.now() < deadline) {
        const step = compactStep(db, log, chunks, rollups, isLive, cutoff, compactOpts, logger);
        if (!step) {
          done = true;
          break;
        }
        generation++;
        account(step, false);
        moved += step.values;
      }
    } catch (err) {
      // the step rolled back: its rows are still in the log and the next tick retries
      fail('compaction step failed', err);
    }
    return { moved, done };
  }

  /**
   * One slice of the periodic retention pass, sized like the compaction apply slices (about
   * compactApplySliceMs, then a pause as long): at 10 000 sensors a pass is many slices, and one long
   * one would hold every PUBACK due meanwhile.
   */
  function maintenanceSlice(): void {
    maintenanceTimer = null;
    if (closed) return;
    const started = performance.now();
    const r = runMaintenance(Infinity, maintenanceBatchRows, started + compactApplySliceMs);
    if (r && !r.complete) {
      maintenanceTimer = setTimeout(maintenanceSlice, pauseAfter(performance.now() - started));
      maintenanceTimer.unref();
    } else nextMaintenance = performance.now() + maintenanceEveryMs;
  }

  /** null when the store is closed or a transaction failed (logged; the next pass retries) */
  function runMaintenance(maxBatches: number, batchRows: number, deadline: number): MaintenanceResult | null {
    if (closed) return null;
    try {
      committer.waitIdle();
      const r = retention.run(registry.ids(), now(), { maxBatches, batchRows, vacuumPages, deadline });
      if (r.complete && performance.now() < deadline) r.vacuumedPages = vacuumStep(db, vacuumPages);
      counters.retentionDeletedChunks += r.deletedChunks;
      counters.chunks -= r.deletedChunks;
      counters.retentionDeletedRollupRows += r.deletedRollupRows;
      counters.vacuumedPages += r.vacuumedPages;
      if (r.complete) lastMaintenanceAt = now();
      return r;
    } catch (err) {
      fail('maintenance step failed', err);
      return null;
    }
  }

  function thinRaw(opts?: {
    batchRows?: number;
    vacuumPages?: number;
  }): ThinResult & { vacuumedPages: number } {
    if (closed) throw new SeriesStoreError('series store is closed');
    generation++;
    try {
      committer.waitIdle();
      const r = thinOldestRawDay(db, chunks, registry.ids(), opts?.batchRows ?? maintenanceBatchRows);
      counters.chunks -= r.deletedChunks;
      counters.thinnedChunks += r.deletedChunks;
      const vacuumedPages = vacuumStep(db, opts?.vacuumPages ?? 1 << 30);
      counters.vacuumedPages += vacuumedPages;
      // the truncation reaches the file (and shows as free space) only once the WAL is checkpointed
      if (vacuumedPages > 0) db.pragma('wal_checkpoint(PASSIVE)');
      if (r.thinnedBefore !== null)
        logger.warn({ ...r, vacuumedPages }, 'series store: thinned the oldest raw data');
      return { ...r, vacuumedPages };
    } catch (err) {
      throw fail('thinning raw data failed', err);
    }
  }

  function aggregate(q: AggregateQuery): ValuePoint[] {
    const sid = registry.find(q.gatewayId, q.sensorId);
    return sid === undefined ? [] : readAggregate(sid, q);
  }

  function seriesStats(q: StatsQuery): StatsBucket[] {
    const sid = registry.find(q.gatewayId, q.sensorId);
    return sid === undefined ? [] : readStats(sid, q);
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

  async function deleteSensor(gatewayId: string, sensorId: string): Promise<void> {
    if (closed) throw new SeriesStoreError('series store is closed');
    // commit first so that everything appended before this call is deleted too
    await flushAll();
    const sid = registry.find(gatewayId, sensorId);
    if (sid === undefined) return;
    committer.waitIdle();
    let rowsDeleted = 0;
    let chunksDeleted = 0;
    generation++;
    try {
      db.transaction(() => {
        for (const e of tail.entries(sid)) if (log.removeSeries(e.logId, sid)) rowsDeleted++;
        chunksDeleted = chunks.deleteSeries(sid);
        rollups.deleteSeries(sid);
        registry.deleteRow(sid);
      })();
    } catch (err) {
      throw fail(`deleting ${gatewayId}/${sensorId} failed`, err);
    }
    counters.logRows -= rowsDeleted;
    counters.chunks -= chunksDeleted;
    registry.forget(gatewayId, sensorId);
    tail.forget(sid);
    latestPoint.delete(sid);
    retention.forget(sid);
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
    aggregate,
    seriesStats,
    latest,
    deleteSensor,
    thinRaw,
    compact: (opts) => runCompaction(opts?.all ? Infinity : now() - compactAfterMs, Infinity).moved,
    maintain(opts) {
      const r = runMaintenance(
        opts?.maxBatches ?? Infinity,
        opts?.batchRows ?? maintenanceBatchRows,
        Infinity,
      );
      if (!r) throw new SeriesStoreError(lastError ?? 'series store is closed');
      return r;
    },
    stats: () => ({
      ...counters,
      pendingValues,
      diskBytes: diskBytes(),
      lastError,
      series: registry.size,
      freePages: closed ? 0 : (db.pragma('freelist_count', { simple: true }) as number),
      lastMaintenanceAt,
      synchronous,
      compactionMode: worker?.usable ? 'worker' : 'thread',
      compactionWorkerRestarts: worker?.restarts ?? 0,
      logValues: marks.values,
      tailEntries: tail.size,
      commitMode: committer.mode,
      commitThreadRestarts: committer instanceof ThreadCommitter ? committer.restarts : 0,
    }),
    flush: flushAll,
    async close() {
      if (closed) return;
      let err: unknown = null;
      await flushAll().catch((e: unknown) => (err = e));
      closed = true;
      if (compactTimer) clearInterval(compactTimer);
      if (maintenanceTimer) clearTimeout(maintenanceTimer);
      // first: its read transaction would hold back the checkpoint below
      await worker?.terminate();
      committer.waitIdle();
      await committer.close();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (e) {
        logger.warn({ err: e }, 'series store: checkpoint on close failed');
      }
      db.close();
      if (err) throw err as Error;
    },
  };
}

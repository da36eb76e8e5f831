import type Database from 'better-sqlite3';
import type { Logger } from '../logger/logger.js';
import { ChunkStore } from './chunks.js';
import { decodeLogBody } from './codec/log-body.js';
import { InlineCommitter, ThreadCommitter, type Committer } from './commit-writer.js';
import { openSeriesDb } from './db.js';
import { describe, SeriesStoreError } from './errors.js';
import { IngestLog } from './ingest-log.js';
import { LogMarks } from './log-marks.js';
import { LogTail } from './log-tail.js';
import { SeriesRegistry } from './registry.js';
import { LatestPoints } from './series-times.js';
import { RollupStore } from './rollup.js';
import { ThinnedRanges } from './thinning.js';
import type { StoreSettings } from './store-options.js';
import { newCounters, type StoreCounters } from './store-stats.js';
import { WriteLock } from './write-lock.js';

/**
 * What every part of the series store shares (the "head", in Prometheus TSDB's words): the main
 * connection and its tables, the in-memory index of the log not yet compacted, the newest point per
 * series, the counters, the write lock and the store's failure state. Opening it loads that memory
 * from the file; the parts (commit queue, compaction scheduler, maintenance, reader) take it whole.
 */
export class StoreCore {
  readonly logger: Logger;
  readonly db: Database.Database;
  readonly registry: SeriesRegistry;
  readonly log: IngestLog;
  readonly chunks: ChunkStore;
  readonly rollups: RollupStore;
  /** what the disk budget thinned, per series */
  readonly thinned: ThinnedRanges;
  readonly tail = new LogTail();
  readonly marks = new LogMarks();
  /** newest committed point per series: the ordering rule's memory and `latest()` */
  readonly latestPoint = new LatestPoints();
  readonly counters: StoreCounters = newCounters();
  readonly committer: Committer;
  readonly lock: WriteLock;
  /** a sensor deleted meanwhile (a commit or plan in flight) has its points skipped */
  readonly isLive = (sid: number): boolean => this.registry.has(sid);
  closed = false;
  /** the last failure, until the store is reopened (stats, health) */
  lastError: SeriesStoreError | null = null;

  constructor(readonly settings: StoreSettings) {
    this.logger = settings.logger;
    this.db = openSeriesDb(settings.file, settings.synchronous);
    // the writer thread checkpoints between its commits; here a checkpoint would stall the event loop
    if (settings.commitThread) this.db.pragma('wal_autocheckpoint = 0');
    settings.hooks.onOpen?.(this.db);
    this.registry = new SeriesRegistry(this.db);
    this.log = new IngestLog(this.db);
    this.chunks = new ChunkStore(this.db);
    this.rollups = new RollupStore(this.db);
    this.thinned = new ThinnedRanges(this.db);
    this.loadState();
    this.committer = settings.commitThread
      ? new ThreadCommitter(
          settings.file,
          settings.synchronous,
          this.logger,
          settings.checkpointEveryMs,
          settings.hooks.commitThreadUrl,
        )
      : new InlineCommitter(this.db);
    this.lock = new WriteLock(this.committer);
  }

  /** Records and logs a failure; the returned error is what callers reject or throw with. */
  fail(what: string, err: unknown): SeriesStoreError {
    const e = new SeriesStoreError(`series store: ${what}: ${describe(err)}`, err);
    this.lastError = e;
    this.logger.error({ err }, e.message);
    return e;
  }

  /** the newest point of every series, and the log's rows into the tail index and the pass marks */
  private loadState(): void {
    for (const sid of this.registry.ids()) {
      const last = this.chunks.last(sid);
      if (last) {
        const points = this.chunks.decode(last);
        this.latestPoint.set(sid, points[points.length - 1]!);
      }
    }
    let rows = 0;
    for (const row of this.log.rowsThrough(Number.MAX_SAFE_INTEGER)) {
      rows++;
      let values = 0;
      const sections = decodeLogBody(row.body, row.received_at);
      this.tail.addRow(row.id, sections, this.isLive);
      for (const s of sections) {
        if (!this.isLive(s.seriesId) || s.points.length === 0) continue;
        this.latestPoint.set(s.seriesId, s.points[s.points.length - 1]);
        values += s.points.length;
      }
      this.marks.add(row.id, row.received_at, values);
    }
    this.counters.logRows = rows;
    this.counters.chunks = this.chunks.count();
  }
}

import type Database from 'better-sqlite3';
import type { NewSeriesRow } from './commit-protocol.js';
import type { ValuePoint } from '../../shared/model.js';
import { decodeLogBody, encodeLogBody, readLogBody, type LogSection } from './codec/log-body.js';

export interface LogRow {
  id: number;
  received_at: number;
  body: Buffer;
}

/** One log row's share of one series: enough to find the rows a query needs without reading others. */
export interface TailEntry {
  logId: number;
  first: number;
  /** not before the row's last point of the series (see LogTail) */
  last: number;
}

/** one log row of a group commit */
export interface CommitRow {
  receivedAt: number;
  body: Uint8Array;
}

/**
 * The group commit's transaction on a connection (the writer thread's, or the store's own when it
 * commits inline): new series rows first, then the log rows that refer to them; returns the rows' ids.
 */
export function groupCommit(db: Database.Database): (rows: CommitRow[], series: NewSeriesRow[]) => number[] {
  const insertLog = db.prepare<[number, Uint8Array]>(
    'INSERT INTO ingest_log (received_at, body) VALUES (?, ?)',
  );
  const insertSeries = db.prepare<NewSeriesRow>(
    'INSERT INTO series (id, gateway_id, sensor_id) VALUES (?, ?, ?)',
  );
  return db.transaction((rows: CommitRow[], series: NewSeriesRow[]) => {
    for (const s of series) insertSeries.run(...s);
    return rows.map((r) => Number(insertLog.run(r.receivedAt, r.body).lastInsertRowid));
  });
}

/** SQL access to `ingest_log`. */
export class IngestLog {
  /** one row by id */
  readonly row: Database.Statement<[number], LogRow>;
  private readonly updateStmt: Database.Statement<[Buffer, number]>;
  private readonly deleteOne: Database.Statement<[number]>;
  private readonly deleteUpTo: Database.Statement<[number]>;
  private readonly countUpTo: Database.Statement<[number], { n: number }>;
  readonly oldest: Database.Statement<[number], LogRow>;
  readonly through: Database.Statement<[number], LogRow>;
  private readonly deleteBatch: Database.Statement<[number, number]>;

  constructor(db: Database.Database) {
    this.row = db.prepare('SELECT id, received_at, body FROM ingest_log WHERE id = ?');
    this.updateStmt = db.prepare('UPDATE ingest_log SET body = ? WHERE id = ?');
    this.deleteOne = db.prepare('DELETE FROM ingest_log WHERE id = ?');
    this.deleteUpTo = db.prepare('DELETE FROM ingest_log WHERE id <= ?');
    this.countUpTo = db.prepare('SELECT count(*) AS n FROM ingest_log WHERE id <= ?');
    this.oldest = db.prepare('SELECT id, received_at, body FROM ingest_log ORDER BY id LIMIT ?');
    this.through = db.prepare('SELECT id, received_at, body FROM ingest_log WHERE id <= ? ORDER BY id');
    this.deleteBatch = db.prepare(
      'DELETE FROM ingest_log WHERE id IN (SELECT id FROM ingest_log WHERE id <= ? ORDER BY id LIMIT ?)',
    );
  }

  encode(sections: readonly LogSection[], receivedAt: number): Buffer {
    return encodeLogBody(sections, receivedAt);
  }

  /** Points of one series in one row, or null when the row is gone (compacted meanwhile). */
  pointsOf(logId: number, seriesId: number): ValuePoint[] | null {
    const row = this.row.get(logId);
    if (!row) return null;
    let out: ValuePoint[] = [];
    readLogBody(row.body, row.received_at, (_id, points) => (out = points), seriesId);
    return out;
  }

  /** Drops one series from a row (sensor deleted); deletes the row when nothing is left. */
  removeSeries(logId: number, seriesId: number): boolean {
    const row = this.row.get(logId);
    if (!row) return false;
    const rest = decodeLogBody(row.body, row.received_at).filter((s) => s.seriesId !== seriesId);
    if (rest.length === 0) {
      this.deleteOne.run(logId);
      return true;
    }
    this.updateStmt.run(encodeLogBody(rest, row.received_at), logId);
    return false;
  }

  has(id: number): boolean {
    return this.row.get(id) !== undefined;
  }

  countThrough(maxId: number): number {
    return this.countUpTo.get(maxId)?.n ?? 0;
  }

  /** received_at of the oldest row, null when the log is empty */
  oldestReceivedAt(): number | null {
    for (const row of this.oldest.iterate(1)) return row.received_at;
    return null;
  }

  deleteThrough(maxId: number): number {
    return this.deleteUpTo.run(maxId).changes;
  }

  /** deletes at most `limit` of the oldest rows with id ≤ maxId */
  deleteThroughBatch(maxId: number, limit: number): number {
    return this.deleteBatch.run(maxId, limit).changes;
  }
}

/**
 * In-memory index of the not-yet-compacted log: per series, which rows hold its points and their time
 * span, in log order (= time order per series, because the ordering rule admits only newer points).
 * Rebuilt from the log on open. A compaction pass keeps a window of minutes in the log, so at one value
 * per sensor per message this holds an entry per value of the window: entries are packed as
 * (logId, first) pairs in one Float64Array per series (16 bytes each, no object per entry). An entry's
 * last time is not kept: per series the rows are in time order, so the next entry's first bounds it
 * (a query may read one row more at its start, and filters points by time anyway).
 */
export class LogTail {
  private readonly bySeries = new Map<number, { buf: Float64Array; n: number; last: number }>();
  private count = 0;

  add(logId: number, seriesId: number, points: readonly ValuePoint[]): void {
    if (points.length === 0) return;
    let list = this.bySeries.get(seriesId);
    if (!list) this.bySeries.set(seriesId, (list = { buf: new Float64Array(2 * 4), n: 0, last: 0 }));
    if (list.buf.length < 2 * (list.n + 1)) {
      // 1.5×: the index is the bulk of the store's memory at one value per message
      const grown = new Float64Array(2 * Math.ceil(list.n * 1.5 + 4));
      grown.set(list.buf);
      list.buf = grown;
    }
    const at = 2 * list.n++;
    this.count++;
    list.buf[at] = logId;
    list.buf[at + 1] = points[0].time;
    list.last = points[points.length - 1].time;
  }

  /** the series' entries, oldest first (materialised for one query); `last` is an upper bound */
  entries(seriesId: number): TailEntry[] {
    const list = this.bySeries.get(seriesId);
    if (!list) return [];
    const out = new Array<TailEntry>(list.n);
    for (let i = 0; i < list.n; i++) {
      const last = i + 1 < list.n ? list.buf[2 * i + 3] : list.last;
      out[i] = { logId: list.buf[2 * i], first: list.buf[2 * i + 1], last };
    }
    return out;
  }

  /** entries held, all series (stats) */
  get size(): number {
    return this.count;
  }

  /** after rows ≤ maxId were compacted */
  dropThrough(maxId: number, seriesIds: Iterable<number>): void {
    for (const sid of seriesIds) {
      const list = this.bySeries.get(sid);
      if (!list) continue;
      let k = 0;
      while (k < list.n && list.buf[2 * k] <= maxId) k++;
      this.count -= k;
      if (k === list.n) {
        this.bySeries.delete(sid);
        continue;
      }
      list.buf.copyWithin(0, 2 * k, 2 * list.n);
      list.n -= k;
      // give memory back after a pass emptied most of a series' window
      if (list.buf.length > 2 * 16 && list.buf.length >= 3 * 2 * list.n) {
        list.buf = list.buf.slice(0, 2 * Math.max(4, Math.ceil(list.n * 1.5)));
      }
    }
  }

  forget(seriesId: number): void {
    this.count -= this.bySeries.get(seriesId)?.n ?? 0;
    this.bySeries.delete(seriesId);
  }

  /** after a pass deleted every row ≤ maxId */
  dropAllThrough(maxId: number): void {
    this.dropThrough(maxId, [...this.bySeries.keys()]);
  }
}

/**
 * Per group commit, the newest log row id, its received_at and the running count of values: lets a
 * compaction pass cover a bounded number of values (the oldest rows first) without reading the log.
 * Packed (lastLogId, receivedAt, valuesThrough) triplets; dropped as compaction deletes their rows.
 */
export class LogMarks {
  private buf = new Float64Array(3 * 1024);
  private head = 0;
  private n = 0;
  /** values through the newest mark, and through the last dropped one */
  private total = 0;
  private base = 0;

  add(lastLogId: number, receivedAt: number, values: number): void {
    this.total += values;
    if (3 * (this.head + this.n + 1) > this.buf.length) {
      const live = this.buf.subarray(3 * this.head, 3 * (this.head + this.n));
      const next = 2 * this.n + 16 > this.buf.length / 3 ? new Float64Array(this.buf.length * 2) : this.buf;
      next.set(live.slice());
      this.buf = next;
      this.head = 0;
    }
    const at = 3 * (this.head + this.n++);
    this.buf[at] = lastLogId;
    this.buf[at + 1] = receivedAt;
    this.buf[at + 2] = this.total;
  }

  /** values in the marked commits not yet dropped */
  get values(): number {
    return this.total - this.base;
  }

  get oldestReceivedAt(): number | null {
    return this.n > 0 ? this.buf[3 * this.head + 1] : null;
  }

  /**
   * The newest row id among the oldest marks received by `cutoff` whose values stay within `maxValues`
   * (at least the oldest mark, even when it alone holds more); null when no mark is that old.
   */
  passEnd(cutoff: number, maxValues: number): { maxLogId: number; values: number } | null {
    if (this.n === 0 || this.buf[3 * this.head + 1] > cutoff) return null;
    let i = this.head;
    while (
      i + 1 < this.head + this.n &&
      this.buf[3 * (i + 1) + 1] <= cutoff &&
      this.buf[3 * (i + 1) + 2] - this.base <= maxValues
    ) {
      i++;
    }
    return { maxLogId: this.buf[3 * i], values: this.buf[3 * i + 2] - this.base };
  }

  /** after rows ≤ maxId were deleted */
  dropThrough(maxId: number): void {
    while (this.n > 0 && this.buf[3 * this.head] <= maxId) {
      this.base = this.buf[3 * this.head + 2];
      this.head++;
      this.n--;
    }
  }
}

import type Database from 'better-sqlite3';
import type { NewSeriesRow } from './commit-protocol.js';
import type { ValuePoint } from '../../shared/model.js';
import { decodeLogBody, encodeLogBody, readLogBody, type LogSection } from './codec/log-body.js';

export interface LogRow {
  id: number;
  received_at: number;
  body: Buffer;
}

/** A log row that may hold a series' points: enough to find the rows a query needs without reading others. */
export interface TailEntry {
  logId: number;
  /** the row's earliest and latest point, of any series (see LogTail) */
  first: number;
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
    const sections = decodeLogBody(row.body, row.received_at);
    const rest = sections.filter((s) => s.seriesId !== seriesId);
    // the tail lists every row whose span of series holds the id, with or without its section
    if (rest.length === sections.length) return false;
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
 * In-memory index of the not-yet-compacted log: which rows may hold a series' points and their time
 * span, in log order (= time order per series, because the ordering rule admits only newer points).
 * Rebuilt from the log on open. A row is one gateway's message, and a gateway's sensors have
 * neighbouring series ids, so the index keeps one entry per row, not per series in it: rows are grouped
 * by their span of series ids (lowest, highest), each group a packed Float64Array of
 * (logId, first, last) triples, 24 bytes per row. At one value per sensor per message and 50 sensors a
 * gateway that is 50× less than an entry per series (the index was the bulk of the store's memory). A
 * query for a series reads the groups whose span holds it (as many as the gateway's distinct sensor
 * sets, usually one); `first`/`last` are the row's earliest and latest point of any series, so a row is
 * skipped only when none of its points can be in range, and a row whose span holds the series without
 * its section reads as empty.
 */
export class LogTail {
  private readonly groups: TailGroup[] = [];
  /** lo → hi → group */
  private readonly bySpan = new Map<number, Map<number, TailGroup>>();
  private count = 0;

  /** a committed row: its sections of live series (empty ones are ignored) */
  addRow(
    logId: number,
    sections: Iterable<{ seriesId: number; points: readonly ValuePoint[] }>,
    isLive: (seriesId: number) => boolean = () => true,
  ): void {
    let lo = Infinity;
    let hi = -Infinity;
    let first = Infinity;
    let last = -Infinity;
    for (const s of sections) {
      if (s.points.length === 0 || !isLive(s.seriesId)) continue;
      if (s.seriesId < lo) lo = s.seriesId;
      if (s.seriesId > hi) hi = s.seriesId;
      if (s.points[0].time < first) first = s.points[0].time;
      const end = s.points[s.points.length - 1].time;
      if (end > last) last = end;
    }
    if (lo === Infinity) return;
    let byHi = this.bySpan.get(lo);
    if (!byHi) this.bySpan.set(lo, (byHi = new Map()));
    let group = byHi.get(hi);
    if (!group) {
      group = { lo, hi, buf: new Float64Array(3 * 4), n: 0 };
      byHi.set(hi, group);
      this.groups.push(group);
    }
    if (group.buf.length < 3 * (group.n + 1)) {
      const grown = new Float64Array(3 * Math.ceil(group.n * 1.5 + 4));
      grown.set(group.buf);
      group.buf = grown;
    }
    const at = 3 * group.n++;
    group.buf[at] = logId;
    group.buf[at + 1] = first;
    group.buf[at + 2] = last;
    this.count++;
  }

  /** rows that may hold the series' points, oldest first (materialised for one query) */
  entries(seriesId: number): TailEntry[] {
    const out: TailEntry[] = [];
    let matched = 0;
    for (const g of this.groups) {
      if (seriesId < g.lo || seriesId > g.hi) continue;
      matched++;
      for (let i = 0; i < g.n; i++) {
        out.push({ logId: g.buf[3 * i], first: g.buf[3 * i + 1], last: g.buf[3 * i + 2] });
      }
    }
    // a series in several groups (its gateway sent different sensor sets): back into log order
    if (matched > 1) out.sort((a, b) => a.logId - b.logId);
    return out;
  }

  /** rows held (stats) */
  get size(): number {
    return this.count;
  }

  /** after every row ≤ maxId was compacted and deleted */
  dropThrough(maxId: number): void {
    let kept = 0;
    for (const g of this.groups) {
      let k = 0;
      while (k < g.n && g.buf[3 * k] <= maxId) k++;
      this.count -= k;
      if (k === g.n) {
        this.unmap(g);
        continue;
      }
      if (k > 0) {
        g.buf.copyWithin(0, 3 * k, 3 * g.n);
        g.n -= k;
        // give memory back after a pass emptied most of the group
        if (g.buf.length > 3 * 16 && g.buf.length >= 3 * 3 * g.n) {
          g.buf = g.buf.slice(0, 3 * Math.max(4, Math.ceil(g.n * 1.5)));
        }
      }
      this.groups[kept++] = g;
    }
    this.groups.length = kept;
  }

  /** a deleted series: the rows of its own (rows it shared keep their other series) */
  forget(seriesId: number): void {
    const i = this.groups.findIndex((g) => g.lo === seriesId && g.hi === seriesId);
    if (i < 0) return;
    this.count -= this.groups[i].n;
    this.unmap(this.groups[i]);
    this.groups.splice(i, 1);
  }

  private unmap(g: TailGroup): void {
    const byHi = this.bySpan.get(g.lo)!;
    byHi.delete(g.hi);
    if (byHi.size === 0) this.bySpan.delete(g.lo);
  }
}

interface TailGroup {
  lo: number;
  hi: number;
  /** (logId, first, last) triples, log order */
  buf: Float64Array;
  n: number;
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

import type Database from 'better-sqlite3';
import type { NewSeriesRow } from './commit-protocol.js';
import type { ValuePoint } from '../../shared/model.js';
import { decodeLogBody, encodeLogBody, readLogBody } from './codec/log-body.js';

export interface LogRow {
  id: number;
  received_at: number;
  body: Buffer;
}

/** one log row of a group commit */
export interface CommitRow {
  receivedAt: number;
  body: Uint8Array;
}

/**
 * The group commit's transaction on a connection (the writer thread's, or the store's own when it
 * commits inline): new series rows first, then the log rows that refer to them; returns the rows' ids.
 *
 * Log ids only grow while the store is open, never handed out twice: the tail index, the compaction
 * marks and a pass under way name rows by id and take every id up to a bound for rows they have read.
 * SQLite's own rowid is the largest one + 1, so when the newest rows went (a deleted sensor's rows,
 * or the last of a pass's), their ids came back: a pass bounded at such an id then deleted the new
 * rows without having moved their values (issue 15: a rule test found 12 acknowledged values gone).
 * `floor` is one above the last id this connection's caller was given (the committer keeps it, across
 * a restarted writer thread too); above the rows still in the table as well, so an id never collides.
 */
export function groupCommit(
  db: Database.Database,
): (rows: CommitRow[], series: NewSeriesRow[], floor: number) => number[] {
  const insertLog = db.prepare<[number, number, Uint8Array]>(
    'INSERT INTO ingest_log (id, received_at, body) VALUES (?, ?, ?)',
  );
  const newest = db.prepare<[], number | null>('SELECT max(id) FROM ingest_log').pluck();
  const insertSeries = db.prepare<NewSeriesRow>(
    'INSERT INTO series (id, gateway_id, sensor_id) VALUES (?, ?, ?)',
  );
  return db.transaction((rows: CommitRow[], series: NewSeriesRow[], floor: number) => {
    for (const s of series) insertSeries.run(...s);
    const first = Math.max(floor, (newest.get() ?? 0) + 1);
    return rows.map((r, i) => {
      insertLog.run(first + i, r.receivedAt, r.body);
      return first + i;
    });
  });
}

/** What compaction planning reads of the log (any connection, no writes). */
export interface LogReader {
  /** one row by id; undefined once compacted away */
  get(id: number): LogRow | undefined;
  /** the oldest `limit` rows, oldest first */
  oldestRows(limit: number): IterableIterator<LogRow>;
  /** rows with id ≤ maxId, oldest first (streamed: after an outage the log can hold millions of values) */
  rowsThrough(maxId: number): IterableIterator<LogRow>;
}

/**
 * The ingest log (`ingest_log`): every accepted message as one row, written by the group commit and
 * removed by compaction once its points are in chunks. Not to be confused with the site's logger
 * (`logger/`) or the lines gateways publish (`broker/thingplus/gateway-log.ts`).
 */
export class IngestLog implements LogReader {
  private readonly rowStmt: Database.Statement<[number], LogRow>;
  private readonly updateStmt: Database.Statement<[Buffer, number]>;
  private readonly deleteOne: Database.Statement<[number]>;
  private readonly deleteUpTo: Database.Statement<[number]>;
  private readonly countUpTo: Database.Statement<[number], { n: number }>;
  private readonly oldestStmt: Database.Statement<[number], LogRow>;
  private readonly throughStmt: Database.Statement<[number], LogRow>;
  private readonly deleteBatch: Database.Statement<[number, number]>;

  constructor(db: Database.Database) {
    this.rowStmt = db.prepare('SELECT id, received_at, body FROM ingest_log WHERE id = ?');
    this.updateStmt = db.prepare('UPDATE ingest_log SET body = ? WHERE id = ?');
    this.deleteOne = db.prepare('DELETE FROM ingest_log WHERE id = ?');
    this.deleteUpTo = db.prepare('DELETE FROM ingest_log WHERE id <= ?');
    this.countUpTo = db.prepare('SELECT count(*) AS n FROM ingest_log WHERE id <= ?');
    this.oldestStmt = db.prepare('SELECT id, received_at, body FROM ingest_log ORDER BY id LIMIT ?');
    this.throughStmt = db.prepare('SELECT id, received_at, body FROM ingest_log WHERE id <= ? ORDER BY id');
    this.deleteBatch = db.prepare(
      'DELETE FROM ingest_log WHERE id IN (SELECT id FROM ingest_log WHERE id <= ? ORDER BY id LIMIT ?)',
    );
  }

  get(id: number): LogRow | undefined {
    return this.rowStmt.get(id);
  }

  oldestRows(limit: number): IterableIterator<LogRow> {
    return this.oldestStmt.iterate(limit);
  }

  rowsThrough(maxId: number): IterableIterator<LogRow> {
    return this.throughStmt.iterate(maxId);
  }

  /** Points of one series in one row, or null when the row is gone (compacted meanwhile). */
  pointsOf(logId: number, seriesId: number): ValuePoint[] | null {
    const row = this.rowStmt.get(logId);
    if (!row) return null;
    let out: ValuePoint[] = [];
    readLogBody(row.body, row.received_at, (_id, points) => (out = points), seriesId);
    return out;
  }

  /** Drops one series from a row (sensor deleted); deletes the row when nothing is left. */
  removeSeries(logId: number, seriesId: number): boolean {
    const row = this.rowStmt.get(logId);
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
    return this.rowStmt.get(id) !== undefined;
  }

  countThrough(maxId: number): number {
    return this.countUpTo.get(maxId)?.n ?? 0;
  }

  /** received_at of the oldest row, null when the log is empty */
  oldestReceivedAt(): number | null {
    for (const row of this.oldestStmt.iterate(1)) return row.received_at;
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

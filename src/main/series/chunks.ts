import type Database from 'better-sqlite3';
import type { ValuePoint } from '../../shared/model.js';
import { DEFAULT_CODEC, decodeChunk, encodeChunk, type ChunkCodec } from './codec/chunk.js';
import { DecodedChunks } from './decoded-chunks.js';

export interface ChunkRow {
  id: number;
  start_time: number;
  end_time: number;
  count: number;
  codec: number;
  body: Buffer;
}

/** SQL access to `chunks`. */
export class ChunkStore {
  private readonly rangeStmt: Database.Statement<[number, number, number, number, number], ChunkRow>;
  private readonly lastStmt: Database.Statement<[number], ChunkRow>;
  private readonly lastMetaStmt: Database.Statement<[number], Omit<ChunkRow, 'body'>>;
  private readonly insertStmt: Database.Statement<[number, number, number, number, number, Buffer]>;
  private readonly updateStmt: Database.Statement<[number, number, number, Buffer, number]>;
  private readonly deleteSeriesStmt: Database.Statement<[number]>;
  private readonly countStmt: Database.Statement<[], { n: number }>;
  private readonly deleteBeforeStmt: Database.Statement<[number, number, number, number]>;
  private readonly firstMetaStmt: Database.Statement<[number], { start_time: number; end_time: number }>;
  private readonly decoded = new DecodedChunks();

  constructor(
    db: Database.Database,
    private readonly codec: ChunkCodec = DEFAULT_CODEC,
  ) {
    // Chunks of a series never overlap, so the one holding `from` is the last starting at or before it;
    // this keeps the scan on the (series_id, start_time) index instead of filtering every older chunk.
    this.rangeStmt = db.prepare(`
      SELECT id, start_time, end_time, count, codec, body FROM chunks
      WHERE series_id = ?
        AND start_time >= coalesce(
          (SELECT max(start_time) FROM chunks WHERE series_id = ? AND start_time <= ?), -9007199254740991)
        AND start_time < ?
        AND end_time >= ?
      ORDER BY start_time`);
    this.lastStmt = db.prepare(
      'SELECT id, start_time, end_time, count, codec, body FROM chunks WHERE series_id = ? ORDER BY start_time DESC LIMIT 1',
    );
    this.lastMetaStmt = db.prepare(
      'SELECT id, start_time, end_time, count, codec FROM chunks WHERE series_id = ? ORDER BY start_time DESC LIMIT 1',
    );
    this.insertStmt = db.prepare(
      'INSERT INTO chunks (series_id, start_time, end_time, count, codec, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.updateStmt = db.prepare(
      'UPDATE chunks SET end_time = ?, count = ?, codec = ?, body = ? WHERE id = ?',
    );
    this.deleteSeriesStmt = db.prepare('DELETE FROM chunks WHERE series_id = ?');
    this.countStmt = db.prepare('SELECT count(*) AS n FROM chunks');
    // start_time < bound is implied by end_time < bound; it lets the scan stop on the index
    this.deleteBeforeStmt = db.prepare(`
      DELETE FROM chunks WHERE id IN (
        SELECT id FROM chunks WHERE series_id = ? AND start_time < ? AND end_time < ?
        ORDER BY start_time LIMIT ?)`);
    this.firstMetaStmt = db.prepare(
      'SELECT start_time, end_time FROM chunks WHERE series_id = ? ORDER BY start_time LIMIT 1',
    );
  }

  /** span of a series' oldest chunk (one index probe) */
  firstSpan(seriesId: number): { start_time: number; end_time: number } | undefined {
    return this.firstMetaStmt.get(seriesId);
  }

  range(seriesId: number, from: number, to: number): IterableIterator<ChunkRow> {
    return this.rangeStmt.iterate(seriesId, seriesId, from, to, from);
  }

  last(seriesId: number): ChunkRow | undefined {
    return this.lastStmt.get(seriesId);
  }

  /** the last chunk without its body */
  lastMeta(seriesId: number): Omit<ChunkRow, 'body'> | undefined {
    return this.lastMetaStmt.get(seriesId);
  }

  insert(seriesId: number, points: readonly ValuePoint[]): void {
    this.insertEncoded(
      seriesId,
      points[0].time,
      points[points.length - 1].time,
      points.length,
      this.encode(points),
    );
  }

  /** Rewrites an open chunk with more points appended (start_time is unchanged). */
  replace(chunkId: number, points: readonly ValuePoint[]): void {
    this.replaceEncoded(chunkId, points[points.length - 1].time, points.length, this.encode(points));
  }

  /** A chunk body (codec id byte + payload) in this store's codec. */
  encode(points: readonly ValuePoint[]): Buffer {
    return encodeChunk(points, this.codec);
  }

  insertEncoded(seriesId: number, start: number, end: number, count: number, body: Buffer): void {
    this.insertStmt.run(seriesId, start, end, count, body[0], body);
  }

  replaceEncoded(chunkId: number, end: number, count: number, body: Buffer): void {
    this.updateStmt.run(end, count, body[0], body, chunkId);
  }

  deleteSeries(seriesId: number): number {
    return this.deleteSeriesStmt.run(seriesId).changes;
  }

  /** Deletes at most `limit` of a series' oldest chunks that end before `bound`. */
  deleteEndingBefore(seriesId: number, bound: number, limit: number): number {
    return this.deleteBeforeStmt.run(seriesId, bound, bound, limit).changes;
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }

  decode(row: ChunkRow): ValuePoint[] {
    return decodeChunk(row.body);
  }

  /** `decode` for queries: shared, read-only, kept decoded for the next query (see DecodedChunks) */
  decodeForRead(row: ChunkRow): readonly ValuePoint[] {
    return this.decoded.get(row.id, row.body, decodeChunk);
  }
}

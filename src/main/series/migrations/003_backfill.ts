import { inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import type { Migration } from '../../storage/migrate.js';

/**
 * A file from before rollups (version 1) already has chunks, and the coverage rule of rollup.ts says
 * every chunk point before the minute of a series' newest chunk point is rolled up, so those rows are
 * built here. One series' minute buckets are held in memory at a time.
 *
 * Frozen: everything below is a copy of what release 0.1.0 ran for this step (ChunkStore.range/last/
 * decode, the codec-1 decoder, RollupStore.insertClosed with no previous coverage), not an import of
 * today's classes, so that a change to them can never change what an old file gets when it finally
 * reaches this step. Only decoding is copied, and only codec 1: it was the only chunk codec a version-1
 * file could hold (no other was ever registered by the code that wrote one).
 */

// ---- the chunk format of the time (codec/bytes.ts, codec/values.ts, codec/chunk.ts) ---------------

type Value = number | string | boolean | object | null;

class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('truncated data');
    return this.buf[this.pos++];
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (b < 128) return result;
      scale *= 128;
      if (scale > 2 ** 56) throw new RangeError('varint too long');
    }
  }

  zigzag(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  float64(): number {
    if (this.pos + 8 > this.buf.length) throw new RangeError('truncated data');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  string(): string {
    const n = this.varint();
    if (this.pos + n > this.buf.length) throw new RangeError('truncated data');
    const s = Buffer.from(this.buf.subarray(this.pos, this.pos + n)).toString('utf8');
    this.pos += n;
    return s;
  }
}

const T_FALSE = 0;
const T_TRUE = 1;
const T_INT = 2;
const T_F64 = 3;
const T_STR = 4;
const T_JSON = 5;
const T_REPEAT = 6;
const T_NULL = 7;
const T_DEC = 0x10;
const MAX_DEC_SCALE = 6;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** One value of the tagged stream; `prev` is the value a repeat tag stands for. */
function readValue(r: Reader, prev: Value): Value {
  const tag = r.byte();
  switch (tag) {
    case T_REPEAT:
      return prev;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_NULL:
      return null;
    case T_INT:
      return r.zigzag();
    case T_F64:
      return r.float64();
    case T_STR:
      return r.string();
    case T_JSON:
      return JSON.parse(r.string()) as Value;
    default:
      if (tag > T_DEC && tag <= T_DEC + MAX_DEC_SCALE) return r.zigzag() / POW10[tag - T_DEC];
      throw new RangeError(`unknown value tag ${tag}`);
  }
}

interface Point {
  time: number;
  value: Value;
}

/** Codec 1 (delta-deflate): delta-of-delta zigzag varint times, then tagged values, raw-deflated. */
function decodeChunk(body: Uint8Array): Point[] {
  if (body[0] !== 1) throw new Error(`unknown chunk codec ${body[0]}`);
  const r = new Reader(inflateRawSync(body.subarray(1)));
  const n = r.varint();
  const times = new Array<number>(n);
  let t = 0;
  let delta = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) t = r.zigzag();
    else {
      delta += r.zigzag();
      t += delta;
    }
    times[i] = t;
  }
  const out = new Array<Point>(n);
  let prev: Value = null;
  for (let i = 0; i < n; i++) {
    prev = readValue(r, prev);
    out[i] = { time: times[i], value: prev };
  }
  return out;
}

// ---- the rollup rules of the time (rollup.ts) --------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const TABLES = [
  { ms: MINUTE, table: 'rollup_1m' },
  { ms: HOUR, table: 'rollup_1h' },
  { ms: DAY, table: 'rollup_1d' },
] as const;

interface Bucket {
  start: number;
  count: number;
  ncount: number;
  min: number | null;
  max: number | null;
  sum: number;
  first: number | null;
  last: number | null;
}

const floorTo = (t: number, ms: number): number => Math.floor(t / ms) * ms;
const emptyBucket = (start: number): Bucket => ({
  start,
  count: 0,
  ncount: 0,
  min: null,
  max: null,
  sum: 0,
  first: null,
  last: null,
});

/** Points in time order; only finite numbers enter the numeric fields. */
function addPoint(b: Bucket, v: Value): void {
  b.count++;
  if (typeof v !== 'number' || !Number.isFinite(v)) return;
  b.ncount++;
  b.sum += v;
  if (b.min === null || v < b.min) b.min = v;
  if (b.max === null || v > b.max) b.max = v;
  b.first ??= v;
  b.last = v;
}

/** `next` is entirely later in time than what `into` holds. */
function mergeBucket(into: Bucket, next: Bucket): void {
  into.count += next.count;
  if (next.ncount === 0) return;
  into.ncount += next.ncount;
  into.sum += next.sum;
  if (into.min === null || (next.min !== null && next.min < into.min)) into.min = next.min;
  if (into.max === null || (next.max !== null && next.max > into.max)) into.max = next.max;
  into.first ??= next.first;
  into.last = next.last;
}

function coarsen(buckets: readonly Bucket[], ms: number): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | null = null;
  for (const b of buckets) {
    const start = floorTo(b.start, ms);
    if (!cur || cur.start !== start) out.push((cur = emptyBucket(start)));
    mergeBucket(cur, b);
  }
  return out;
}

// ---- the step ------------------------------------------------------------------------------------

type Row = Omit<Bucket, 'start'> & { bucket: number };

function statements(db: Database.Database) {
  const rollup = TABLES.map(({ table }) => ({
    insert: db.prepare(
      `INSERT INTO ${table} (series_id, bucket, count, ncount, min, max, sum, first, last) VALUES (?,?,?,?,?,?,?,?,?)`,
    ),
    range: db.prepare<[number, number, number], Row>(
      `SELECT bucket, count, ncount, min, max, sum, first, last FROM ${table}
       WHERE series_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
    ),
  }));
  return {
    rollup,
    lastEnd: db
      .prepare<[number], number>(
        'SELECT end_time FROM chunks WHERE series_id = ? ORDER BY start_time DESC LIMIT 1',
      )
      .pluck(),
    // the rows ChunkStore.range(sid, −MAX_SAFE_INTEGER, until) gave: its lower bounds never excluded a chunk
    bodies: db
      .prepare<[number, number], Buffer>(
        'SELECT body FROM chunks WHERE series_id = ? AND start_time < ? ORDER BY start_time',
      )
      .pluck(),
  };
}

function insert(stmt: Database.Statement, sid: number, buckets: readonly Bucket[]): void {
  for (const b of buckets) stmt.run(sid, b.start, b.count, b.ncount, b.min, b.max, b.sum, b.first, b.last);
}

function backfillSeries(stmts: ReturnType<typeof statements>, sid: number): void {
  const lastEnd = stmts.lastEnd.get(sid);
  if (lastEnd === undefined) return;
  const until = floorTo(lastEnd, MINUTE);
  const minutes: Bucket[] = [];
  let cur: Bucket | null = null;
  for (const body of stmts.bodies.iterate(sid, until)) {
    for (const p of decodeChunk(body)) {
      if (p.time >= until) break;
      const start = floorTo(p.time, MINUTE);
      if (!cur || cur.start !== start) minutes.push((cur = emptyBucket(start)));
      addPoint(cur, p.value);
    }
  }
  insert(stmts.rollup[0].insert, sid, minutes);
  // from the finer rows, not the points: float sums then add up in the order compaction's do
  for (let i = 1; i < TABLES.length; i++) {
    const to = floorTo(until, TABLES[i].ms);
    if (to <= -Number.MAX_SAFE_INTEGER) break;
    const finer = stmts.rollup[i - 1].range
      .all(sid, -Number.MAX_SAFE_INTEGER, to)
      .map((r): Bucket => ({ ...r, start: r.bucket }));
    insert(stmts.rollup[i].insert, sid, coarsen(finer, TABLES[i].ms));
  }
}

const migration: Migration = {
  version: 3,
  name: 'backfill',
  up(db) {
    const stmts = statements(db);
    const ids = db.prepare('SELECT id FROM series').pluck().all() as number[];
    for (const sid of ids) backfillSeries(stmts, sid);
  },
};
export default migration;

import type Database from 'better-sqlite3';
import type { ValuePoint } from '../../shared/model.js';
import { RollupGroups, type GroupedFunc } from './rollup-groups.js';
import type { AggregateFunc } from './types.js';

export { isGroupedFunc, type GroupedFunc } from './rollup-groups.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** One rollup bucket. first/last/min/max are null when the bucket holds no finite number. */
export interface Bucket {
  start: number;
  count: number;
  ncount: number;
  min: number | null;
  max: number | null;
  sum: number;
  first: number | null;
  last: number | null;
}

export interface Resolution {
  ms: number;
  table: 'rollup_1m' | 'rollup_1h' | 'rollup_1d';
}

/** finest first */
export const RESOLUTIONS: readonly Resolution[] = [
  { ms: MINUTE, table: 'rollup_1m' },
  { ms: HOUR, table: 'rollup_1h' },
  { ms: DAY, table: 'rollup_1d' },
];

/** UTC-aligned floor; Math.floor so times before 1970 floor downwards too */
export function floorTo(t: number, ms: number): number {
  return Math.floor(t / ms) * ms;
}

/** ±Infinity is left out: Infinity − Infinity is NaN, which SQLite would store as NULL */
export function numeric(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function emptyBucket(start: number): Bucket {
  return { start, count: 0, ncount: 0, min: null, max: null, sum: 0, first: null, last: null };
}

/** Adds one point; points must come in time order (first keeps the earliest, last the latest). */
export function addPoint(b: Bucket, v: unknown): void {
  b.count++;
  if (!numeric(v)) return;
  b.ncount++;
  b.sum += v;
  if (b.min === null || v < b.min) b.min = v;
  if (b.max === null || v > b.max) b.max = v;
  b.first ??= v;
  b.last = v;
}

/** Merges `next` (entirely later in time than what `into` holds) into `into`. */
export function mergeBucket(into: Bucket, next: Bucket): void {
  into.count += next.count;
  if (next.ncount === 0) return;
  into.ncount += next.ncount;
  into.sum += next.sum;
  if (into.min === null || (next.min !== null && next.min < into.min)) into.min = next.min;
  if (into.max === null || (next.max !== null && next.max > into.max)) into.max = next.max;
  into.first ??= next.first;
  into.last = next.last;
}

/** Groups time-ordered points into `ms` buckets, in time order. */
export function bucketsOf(points: readonly ValuePoint[], ms: number): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | null = null;
  for (const p of points) {
    const start = floorTo(p.time, ms);
    if (!cur || cur.start !== start) out.push((cur = emptyBucket(start)));
    addPoint(cur, p.value);
  }
  return out;
}

/** Groups time-ordered finer buckets into `ms` buckets. */
export function coarsen(buckets: readonly Bucket[], ms: number): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | null = null;
  for (const b of buckets) {
    const start = floorTo(b.start, ms);
    if (!cur || cur.start !== start) out.push((cur = emptyBucket(start)));
    mergeBucket(cur, b);
  }
  return out;
}

/**
 * One rollup row as read by `RollupTable.rows` (better-sqlite3 `.raw()`: an array, no per-row object):
 * [bucket, count, ncount, min, max, sum, first, last].
 */
export type RawRow = [
  number,
  number,
  number,
  number | null,
  number | null,
  number,
  number | null,
  number | null,
];

/** `mergeBucket` for a raw row (same rules; `next` is entirely later in time than what `into` holds). */
export function mergeRow(into: Bucket, next: RawRow): void {
  into.count += next[1];
  if (next[2] === 0) return;
  into.ncount += next[2];
  into.sum += next[5];
  if (into.min === null || (next[3] !== null && next[3] < into.min)) into.min = next[3];
  if (into.max === null || (next[4] !== null && next[4] > into.max)) into.max = next[4];
  into.first ??= next[6];
  into.last = next[7];
}

/**
 * What `func` makes of a bucket holding exactly one rollup row, as SQL over that row: the same IEEE
 * operations the merged-bucket path does in JS (0 + sum is sum: SQLite never hands back −0 from a REAL
 * column; sum / ncount is one double division), and rows without a value for `func` are skipped, as
 * the bucket path omits them (`count` has a value for every row).
 */
const ROW_VALUE: Record<AggregateFunc, { expr: string; where: string }> = {
  average: { expr: 'sum / ncount', where: 'ncount > 0' },
  sum: { expr: 'sum', where: 'ncount > 0' },
  count: { expr: 'count', where: '1' },
  min: { expr: 'min', where: 'ncount > 0' },
  max: { expr: 'max', where: 'ncount > 0' },
  first: { expr: 'first', where: 'ncount > 0' },
  last: { expr: 'last', where: 'ncount > 0' },
};

/** the columns a bucket of several rows merges for `func` (average: sum, then ncount) */
const ROW_COLUMNS: Record<AggregateFunc, readonly string[]> = {
  average: ['sum', 'ncount'],
  sum: ['sum'],
  count: ['count'],
  min: ['min'],
  max: ['max'],
  first: ['first'],
  last: ['last'],
};

interface ColumnStmts {
  first: Database.Statement<[number, number, number], number>;
  last: Database.Statement<[number, number, number], number>;
  times: Database.Statement<[number, number, number], number>;
  cols: Array<Database.Statement<[number, number, number], number>>;
}

/** a rollup table row: a Bucket keyed by `bucket` */
type BucketRow = Omit<Bucket, 'start'> & { bucket: number };

const toBucket = (r: BucketRow): Bucket => ({
  start: r.bucket,
  count: r.count,
  ncount: r.ncount,
  min: r.min,
  max: r.max,
  sum: r.sum,
  first: r.first,
  last: r.last,
});

class RollupTable {
  private readonly insertStmt: Database.Statement<
    [number, number, number, number, number | null, number | null, number, number | null, number | null]
  >;
  private readonly rangeStmt: Database.Statement<[number, number, number], BucketRow>;
  private readonly deleteBatchStmt: Database.Statement<[number, number, number, number]>;
  private readonly deleteSeriesStmt: Database.Statement<[number]>;
  private readonly rowsStmt: Database.Statement<[number, number, number], RawRow>;
  private readonly firstStmt: Database.Statement<[number], number>;
  /** per function, over the rows that have a value: their span, bucket starts, columns (made on first use) */
  private readonly valueStmts = new Map<string, ColumnStmts>();
  /** this level's rows grouped into buckets of several rows, and the groups read before (rollup-groups.ts) */
  private readonly groups: RollupGroups;
  constructor(
    private readonly db: Database.Database,
    readonly res: Resolution,
  ) {
    const t = res.table;
    this.groups = new RollupGroups(db, res.table, (sid) => this.firstBucket(sid));
    // plain INSERT, not an upsert: a row is written once, so a conflict is a bug and must roll back
    this.insertStmt = db.prepare(
      `INSERT INTO ${t} (series_id, bucket, count, ncount, min, max, sum, first, last) VALUES (?,?,?,?,?,?,?,?,?)`,
    );
    this.rangeStmt = db.prepare(
      `SELECT bucket, count, ncount, min, max, sum, first, last FROM ${t}
       WHERE series_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
    );
    this.deleteBatchStmt = db.prepare(
      `DELETE FROM ${t} WHERE series_id = ? AND bucket IN
         (SELECT bucket FROM ${t} WHERE series_id = ? AND bucket < ? ORDER BY bucket LIMIT ?)`,
    );
    this.deleteSeriesStmt = db.prepare(`DELETE FROM ${t} WHERE series_id = ?`);
    this.rowsStmt = db
      .prepare<[number, number, number], RawRow>(
        `SELECT bucket, count, ncount, min, max, sum, first, last FROM ${t}
         WHERE series_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
      )
      .raw(true);
    this.firstStmt = db
      .prepare<[number], number>(`SELECT bucket FROM ${t} WHERE series_id = ? ORDER BY bucket LIMIT 1`)
      .pluck(true);
  }

  /** the series' oldest row's bucket (one index probe) */
  firstBucket(seriesId: number): number | undefined {
    return this.firstStmt.get(seriesId);
  }

  insert(seriesId: number, buckets: readonly Bucket[]): void {
    for (const b of buckets) {
      this.insertStmt.run(seriesId, b.start, b.count, b.ncount, b.min, b.max, b.sum, b.first, b.last);
    }
  }

  range(seriesId: number, from: number, to: number): Bucket[] {
    return this.rangeStmt.all(seriesId, from, to).map(toBucket);
  }

  /** The rows in [from, to) as arrays (read path: about half the cost of `range`'s objects). */
  rows(seriesId: number, from: number, to: number): RawRow[] {
    return this.rowsStmt.all(seriesId, from, to);
  }

  /**
   * `func` of each row in [from, to) that has a value for it, as two parallel arrays (bucket starts,
   * values), for buckets that are exactly one row each. The values are one single-column read
   * (`.pluck()`: better-sqlite3 builds no array per row). The bucket starts are not read when they need
   * not be: a sensor that reports every minute has no gaps, and then the first and last bucket (two index
   * probes) and the number of values give them all. Otherwise a second single-column read. The reads
   * agree with each other because the caller reads inside one transaction (one snapshot).
   */
  rowValues(
    seriesId: number,
    from: number,
    to: number,
    func: AggregateFunc,
  ): { times: number[]; values: number[] } {
    const { expr, where } = ROW_VALUE[func];
    const { times, cols } = this.columns(seriesId, from, to, `v:${func}`, [expr], where);
    return { times, values: cols[0]! };
  }

  /**
   * The rollup columns `func` merges (ROW_COLUMNS), of each row in [from, to) that has a value for it, with
   * the rows' bucket starts: for buckets of several rows each (a 15 min bucket of minute rows), merged in
   * JS in the same order and with the same operations as `mergeRow`, so the answer is the merged path's.
   */
  rowColumns(
    seriesId: number,
    from: number,
    to: number,
    func: AggregateFunc,
  ): { times: number[]; cols: number[][] } {
    const { where } = ROW_VALUE[func];
    return this.columns(seriesId, from, to, `c:${func}`, ROW_COLUMNS[func], where);
  }

  /** single-column reads of one snapshot (the caller's transaction): `exprs`, and the bucket starts */
  private columns(
    seriesId: number,
    from: number,
    to: number,
    key: string,
    exprs: readonly string[],
    where: string,
  ): { times: number[]; cols: number[][] } {
    let stmts = this.valueStmts.get(key);
    if (!stmts) {
      const sql = (cols: string) =>
        `SELECT ${cols} FROM ${this.res.table}
         WHERE series_id = ? AND bucket >= ? AND bucket < ? AND ${where}`;
      const pluck = (q: string) => this.db.prepare<[number, number, number], number>(q).pluck(true);
      stmts = {
        first: pluck(`${sql('bucket')} ORDER BY bucket LIMIT 1`),
        last: pluck(`${sql('bucket')} ORDER BY bucket DESC LIMIT 1`),
        times: pluck(`${sql('bucket')} ORDER BY bucket`),
        cols: exprs.map((e) => pluck(`${sql(e)} ORDER BY bucket`)),
      };
      this.valueStmts.set(key, stmts);
    }
    const cols = stmts.cols.map((st) => st.all(seriesId, from, to));
    const n = cols[0]!.length;
    const ms = this.res.ms;
    let times: number[] | undefined;
    if (n > 0) {
      // two index probes; in one snapshot, first + (n − 1)·ms = last means every bucket between is there
      const first = stmts.first.get(seriesId, from, to);
      const last = stmts.last.get(seriesId, from, to);
      if (first !== undefined && last !== undefined && last - first === (n - 1) * ms) {
        times = new Array<number>(n);
        for (let i = 0; i < n; i++) times[i] = first + i * ms;
      }
    }
    times ??= stmts.times.all(seriesId, from, to);
    if (times.length !== n || cols.some((c) => c.length !== n)) {
      throw new Error(`${this.res.table}: two reads of one snapshot disagree (read inside a transaction)`);
    }
    return { times, cols };
  }

  /**
   * `func` over the rows in [from, to) grouped into `intervalMs` buckets, grouped by SQLite and kept for
   * the next read (rollup-groups.ts).
   */
  groupedValues(
    seriesId: number,
    from: number,
    to: number,
    intervalMs: number,
    func: GroupedFunc,
  ): { times: number[]; values: number[] } {
    return this.groups.read(seriesId, from, to, intervalMs, func);
  }

  /** deletes at most `limit` rows with bucket < before, oldest first */
  deleteBefore(seriesId: number, before: number, limit: number): number {
    return this.deleteBatchStmt.run(seriesId, seriesId, before, limit).changes;
  }

  deleteSeries(seriesId: number): number {
    this.groups.forget(seriesId);
    return this.deleteSeriesStmt.run(seriesId).changes;
  }
}

/**
 * The rollup tables. Coverage rule (no state besides the chunks): for a series whose newest chunk
 * point is at time E, every chunk point before B = floorTo(E, 1 min) is in the 1 min rollup, every
 * one before floorTo(B, 1 h) in the 1 h rollup, and before floorTo(B, 1 day) in the 1 day rollup.
 * Only closed buckets are written, so each row is written once; because B is derived from the chunks
 * inside the compaction transaction, a crash can never leave rollups and chunks disagreeing.
 */
export class RollupStore {
  readonly tables: readonly RollupTable[];

  constructor(db: Database.Database) {
    this.tables = RESOLUTIONS.map((r) => new RollupTable(db, r));
  }

  /**
   * The rollup rows a compaction step closes, per level (finest first), after a series' chunks moved
   * from newest time `oldEnd` (undefined: no chunk before) to `newEnd`; `unrolled` are the chunk points
   * from floorTo(oldEnd, 1 min) on, in time order. The coarser levels are built from the finer level's
   * stored rows of the closed span plus the planned ones. Reads only, so a worker can run it on its own
   * snapshot; `insertPlanned` writes the result (in the compaction transaction).
   */
  plan(
    seriesId: number,
    oldEnd: number | undefined,
    newEnd: number,
    unrolled: readonly ValuePoint[],
  ): Bucket[][] {
    const oldB = oldEnd === undefined ? undefined : floorTo(oldEnd, MINUTE);
    const newB = floorTo(newEnd, MINUTE);
    if (oldB === newB) return [];
    let end = unrolled.length;
    while (end > 0 && unrolled[end - 1].time >= newB) end--;
    const levels: Bucket[][] = [bucketsOf(unrolled.slice(0, end), MINUTE)];
    for (let i = 1; i < this.tables.length; i++) {
      const ms = this.tables[i].res.ms;
      const from = oldB === undefined ? -Number.MAX_SAFE_INTEGER : floorTo(oldB, ms);
      const to = floorTo(newB, ms);
      if (to <= from) break;
      const planned = levels[i - 1].filter((b) => b.start >= from && b.start < to);
      const finer = this.tables[i - 1].range(seriesId, from, to).concat(planned);
      finer.sort((a, b) => a.start - b.start);
      levels.push(coarsen(finer, ms));
    }
    return levels;
  }

  insertPlanned(seriesId: number, planned: PlannedBuckets): number {
    let written = 0;
    forEachLevel(planned, (rows, i) => {
      this.tables[i].insert(seriesId, rows);
      written += rows.length;
    });
    return written;
  }

  /** Writes newly closed minute buckets (all before `newB`), then the coarser levels they close. */
  insertClosed(seriesId: number, minutes: readonly Bucket[], newB: number, oldB?: number): number {
    this.tables[0].insert(seriesId, minutes);
    let written = minutes.length;
    // each coarser level is built from the finer level's rows of the newly closed span
    for (let i = 1; i < this.tables.length; i++) {
      const ms = this.tables[i].res.ms;
      const from = oldB === undefined ? -Number.MAX_SAFE_INTEGER : floorTo(oldB, ms);
      const to = floorTo(newB, ms);
      if (to <= from) break;
      const rows = coarsen(this.tables[i - 1].range(seriesId, from, to), ms);
      this.tables[i].insert(seriesId, rows);
      written += rows.length;
    }
    return written;
  }

  deleteSeries(seriesId: number): number {
    let n = 0;
    for (const t of this.tables) n += t.deleteSeries(seriesId);
    return n;
  }
}

/**
 * A plan's rollup rows, finest level first, packed into one array: the number of levels, each level's
 * bucket count, then 8 numbers per bucket (start, count, ncount, min, max, sum, first, last; NaN for
 * null, which a stored value never is: `numeric` admits finite numbers only). A plan waits on the main
 * thread through its paced apply; as objects (one per bucket, hundreds per series when a gateway flushes
 * hours) it outlived the young generation and filled the old one with garbage between major GCs.
 */
export type PlannedBuckets = Float64Array;

const BUCKET_FIELDS = 8;
export const NO_BUCKETS: PlannedBuckets = new Float64Array(0);

export function packBuckets(levels: readonly (readonly Bucket[])[]): PlannedBuckets {
  const buckets = levels.reduce((n, l) => n + l.length, 0);
  if (buckets === 0) return NO_BUCKETS;
  const out = new Float64Array(1 + levels.length + buckets * BUCKET_FIELDS);
  out[0] = levels.length;
  let at = 1 + levels.length;
  levels.forEach((level, i) => {
    out[1 + i] = level.length;
    for (const b of level) {
      out[at] = b.start;
      out[at + 1] = b.count;
      out[at + 2] = b.ncount;
      out[at + 3] = b.min ?? NaN;
      out[at + 4] = b.max ?? NaN;
      out[at + 5] = b.sum;
      out[at + 6] = b.first ?? NaN;
      out[at + 7] = b.last ?? NaN;
      at += BUCKET_FIELDS;
    }
  });
  return out;
}

/** Calls `fn` with each level's buckets (short-lived objects, made when written). */
export function forEachLevel(planned: PlannedBuckets, fn: (buckets: Bucket[], level: number) => void): void {
  if (planned.length === 0) return;
  const levels = planned[0];
  let at = 1 + levels;
  const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
  for (let i = 0; i < levels; i++) {
    const buckets: Bucket[] = [];
    for (let k = 0; k < planned[1 + i]; k++, at += BUCKET_FIELDS) {
      buckets.push({
        start: planned[at],
        count: planned[at + 1],
        ncount: planned[at + 2],
        min: orNull(planned[at + 3]),
        max: orNull(planned[at + 4]),
        sum: planned[at + 5],
        first: orNull(planned[at + 6]),
        last: orNull(planned[at + 7]),
      });
    }
    fn(buckets, i);
  }
}

/** Where each resolution's coverage ends for a series whose newest chunk point is at `lastEnd`. */
export function watermarks(lastEnd: number | undefined): number[] {
  if (lastEnd === undefined) return RESOLUTIONS.map(() => -Infinity);
  const b = floorTo(lastEnd, MINUTE);
  return RESOLUTIONS.map((r) => floorTo(b, r.ms));
}

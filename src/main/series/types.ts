import type { ValuePoint } from '../../shared/model.js';
import type { PackedBatch } from './packed.js';

/** Points of one sensor inside one received message. */
export interface SensorBatch {
  sensorId: string;
  points: ValuePoint[];
}

/** What the store decided for one message; every dropped point is counted, never silent. */
export interface AppendOutcome {
  accepted: number;
  /** same (sensor, time) as a point already stored → dropped (a gateway resending after a lost PUBACK) */
  duplicates: number;
  /** older than the sensor's newest stored point → dropped (the Thing+ rule: per sensor, time order) */
  outOfOrder: number;
  /** the points actually stored, per sensor, in time order (what rules and live views see) */
  stored: SensorBatch[];
  /**
   * appendPacked: every point of this packed message was stored, and `stored` is left empty (the points
   * are the message's; made into objects only by whoever needs them)
   */
  packed?: PackedBatch;
}

export interface SeriesQuery {
  gatewayId: string;
  sensorId: string;
  /** inclusive, epoch ms */
  from: number;
  /** exclusive, epoch ms */
  to: number;
  /** cap on raw points returned (newest-first cap is not Thing+; we cap from the start of the range) */
  limit?: number;
}

export interface SeriesStoreStats {
  /** values committed since start */
  committedValues: number;
  committedMessages: number;
  commits: number;
  /** values waiting for the next group commit */
  pendingValues: number;
  logRows: number;
  chunks: number;
  duplicates: number;
  outOfOrder: number;
  /** bytes on disk of the series database (+ WAL) */
  diskBytes: number;
  lastError: string | null;
}

/** Thing+ intervalFunc, plus first/last (value at the bucket's earliest / latest numeric point). */
export type AggregateFunc = 'average' | 'sum' | 'count' | 'min' | 'max' | 'first' | 'last';

export interface AggregateQuery {
  gatewayId: string;
  sensorId: string;
  /** inclusive, epoch ms; buckets are aligned to it (from + k·intervalMs) */
  from: number;
  /** exclusive, epoch ms */
  to: number;
  intervalMs: number;
  func: AggregateFunc;
}

/**
 * Several sensors over one span (a chart): raw points (`intervalMs` 0, at most `limit` each) or the
 * buckets `aggregate` would answer for each.
 */
export interface ManySeriesQuery {
  sensors: ReadonlyArray<{ gatewayId: string; sensorId: string }>;
  from: number;
  to: number;
  /** 0: raw points */
  intervalMs: number;
  func: AggregateFunc;
  limit?: number;
  /** buckets only: each bucket's min and max as well (a chart's band), read in the same transaction */
  band?: boolean;
}

/** One sensor's part of a `readMany` answer, with what `rawFrom` and `thinnedRange` would say of it. */
export interface SensorSeriesRead {
  points: ValuePoint[];
  /** with `band`: each bucket's lowest and highest value (buckets holding numbers, as `points`) */
  band?: { min: ValuePoint[]; max: ValuePoint[] };
  rawFrom: number | null;
  thinned: { before: number; at: number } | null;
}

export interface StatsQuery {
  gatewayId: string;
  sensorId: string;
  from: number;
  to: number;
  timeUnit: 'hour' | 'day' | 'week' | 'month' | 'year';
  /** IANA zone for the calendar units (weeks start Monday); default UTC */
  timeZone?: string;
}

/** One calendar bucket; the numeric fields are null when the bucket holds only non-numeric values. */
export interface StatsBucket {
  /** start of the calendar unit, epoch ms */
  btime: number;
  /** every point, numeric or not */
  count: number;
  min: number | null;
  max: number | null;
  sum: number | null;
  avg: number | null;
  /** max − min */
  range: number | null;
  /** last − first */
  diff: number | null;
  first: number | null;
  last: number | null;
}

/**
 * The durable path for sensor values. `append` resolves only after the points are committed to disk
 * (group commit: many messages share one transaction), which is when the broker may PUBACK.
 */
export interface SeriesStore {
  append(gatewayId: string, batches: SensorBatch[], receivedAt: number): Promise<AppendOutcome>;
  /** `append` for a message of numbers packed in typed arrays, one sensor at most once, none empty */
  appendPacked(gatewayId: string, packed: PackedBatch, receivedAt: number): Promise<AppendOutcome>;
  query(query: SeriesQuery): ValuePoint[];
  /**
   * Interval aggregation (Thing+ interval ≠ 0): one point per non-empty bucket, time = bucket start.
   * `count` counts every point; the other functions use finite numbers only (average = sum / their
   * count). Equals aggregating `query()`'s points, but reads rollups where they line up.
   * Throws RangeError for a non-positive interval or too many buckets.
   */
  aggregate(query: AggregateQuery): ValuePoint[];
  /**
   * `query` or `aggregate`, `rawFrom` and `thinnedRange` for several sensors in one read transaction (one
   * snapshot; the thinned ranges looked up once): a chart of 50 sensors, one sensor's series.
   * Unknown sensors answer nothing. Throws RangeError as `aggregate` does.
   */
  readMany(query: ManySeriesQuery): SensorSeriesRead[];
  /** Thing+ stats per calendar unit (named apart from `stats()`, which reports the store's own counters). */
  seriesStats(query: StatsQuery): StatsBucket[];
  latest(gatewayId: string, sensorId: string): ValuePoint | null;
  /**
   * The oldest raw value kept when older ones were removed (retention or the disk budget) and the
   * rollups still hold them; null when nothing was removed. Aggregates before it answer from the rollups.
   */
  rawFrom(gatewayId: string, sensorId: string): number | null;
  /** what the disk budget thinned of a sensor: raw values before `before` may be gone; null: nothing */
  thinnedRange(gatewayId: string, sensorId: string): { before: number; at: number } | null;
  /** remove every stored value of a sensor (sensor deleted by the user) */
  deleteSensor(gatewayId: string, sensorId: string): Promise<void>;
  stats(): SeriesStoreStats;
  /** commit whatever is pending now */
  flush(): Promise<void>;
  /**
   * A hint that waiting for more messages cannot help (every client that sends as soon as it is
   * acknowledged is waiting on the queued ones): commit without the usual coalescing delay.
   */
  hurry(): void;
  close(): Promise<void>;
}

// Pure series handling: the Thing+ series answer → points → uPlot arrays, live appends, ranges.
import type { SeriesResponse, ThinnedInfo } from '../../shared/api.js';
import type { SensorValue, ValuePoint } from '../../shared/model.js';

export type Interval = '0' | '1m' | '5m' | '15m' | '1h' | '6h' | '1d';
export type IntervalFunc = 'average' | 'min' | 'max';
export type RangePreset = '1h' | '24h' | '7d' | '30d' | '1y';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const PRESET_MS: Record<RangePreset, number> = {
  '1h': HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
  '1y': 365 * DAY,
};

/** `data` is [value, time, value, time, …] (value BEFORE time). Returns points in ascending time order. */
export function parseSeries(resp: Pick<SeriesResponse, 'data'> | null | undefined): ValuePoint[] {
  const data = resp?.data ?? [];
  const out: ValuePoint[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) {
    const time = data[i + 1];
    if (typeof time !== 'number' || !Number.isFinite(time)) continue;
    out.push({ value: data[i] as SensorValue, time });
  }
  return sortPoints(out);
}

function sortPoints(points: ValuePoint[]): ValuePoint[] {
  for (let i = 1; i < points.length; i++) {
    if (points[i].time < points[i - 1].time) return [...points].sort((a, b) => a.time - b.time);
  }
  return points;
}

/** A series can be charted when it has at least one value and every value is a finite number. */
export function isNumericSeries(points: ValuePoint[]): boolean {
  return points.length > 0 && points.every((p) => typeof p.value === 'number' && Number.isFinite(p.value));
}

/** uPlot's aligned data: x in SECONDS (uPlot's time scale), y numbers or null for gaps/non-numbers. */
export function toChartData(points: ValuePoint[]): [number[], Array<number | null>] {
  const xs = new Array<number>(points.length);
  const ys = new Array<number | null>(points.length);
  points.forEach((p, i) => {
    xs[i] = p.time / 1000;
    ys[i] = typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null;
  });
  return [xs, ys];
}

/**
 * Merge live points into an ascending series: a point at an existing time replaces the old value,
 * points before `windowStart` are dropped (sliding window), and at most `maxPoints` newest are kept.
 * Returns the same array when nothing changed.
 */
export function mergePoints(
  series: ValuePoint[],
  incoming: ValuePoint[],
  windowStart = -Infinity,
  maxPoints = Infinity,
): ValuePoint[] {
  if (incoming.length === 0 && (series.length === 0 || series[0].time >= windowStart)) return series;
  // the live case: newer values in order, appended (a map and a sort of 5 000 points for each value
  // was most of a live chart's cost)
  if (inOrderAfter(series, incoming)) {
    let from = 0;
    while (from < series.length && series[from]!.time < windowStart) from++;
    const out = series.slice(Math.max(from, series.length + incoming.length - maxPoints));
    for (const p of incoming) if (p.time >= windowStart) out.push(p);
    return out.length > maxPoints ? out.slice(out.length - maxPoints) : out;
  }
  const byTime = new Map<number, ValuePoint>();
  for (const p of series) byTime.set(p.time, p);
  for (const p of incoming) byTime.set(p.time, p);
  let out = [...byTime.values()].filter((p) => p.time >= windowStart).sort((a, b) => a.time - b.time);
  if (out.length > maxPoints) out = out.slice(out.length - maxPoints);
  return out;
}

/** `incoming` in strictly rising time order, all after the last of `series` */
function inOrderAfter(series: ValuePoint[], incoming: ValuePoint[]): boolean {
  let last = series.length > 0 ? series[series.length - 1]!.time : -Infinity;
  for (const p of incoming) {
    if (!(p.time > last)) return false;
    last = p.time;
  }
  return true;
}

/** The newest `n` points, newest first (for the raw values table). */
export function latestFirst(points: ValuePoint[], n: number): ValuePoint[] {
  return points.slice(Math.max(0, points.length - n)).reverse();
}

/** Raw values for short ranges; aggregated buckets (average) for long ones, ~300–1500 points. */
export function chooseInterval(rangeMs: number): Interval {
  if (rangeMs <= 6 * HOUR) return '0';
  if (rangeMs <= 2 * DAY) return '1m';
  if (rangeMs <= 14 * DAY) return '15m';
  if (rangeMs <= 60 * DAY) return '1h';
  if (rangeMs <= 240 * DAY) return '6h';
  return '1d';
}

/**
 * The interval the chart asks for: a raw range reaching into what the disk budget thinned would come
 * back empty there, so it asks the 1-minute rollups instead (they still count every thinned value).
 */
export function intervalFor(rangeMs: number, start: number, thinned: ThinnedInfo | null): Interval {
  const interval = chooseInterval(rangeMs);
  return interval === '0' && thinned !== null && start < thinned.before ? '1m' : interval;
}

/** The part of [start, end) whose raw values were thinned (epoch ms), or null when none of it was. */
export function thinnedSpan(
  thinned: ThinnedInfo | null | undefined,
  start: number,
  end: number,
): { from: number; to: number } | null {
  if (!thinned || thinned.before <= start || start >= end) return null;
  return { from: start, to: Math.min(end, thinned.before) };
}

export function presetRange(preset: RangePreset, now: number): { start: number; end: number } {
  return { start: now - PRESET_MS[preset], end: now };
}

/** the UTC boundaries each interval's buckets start on once the start is aligned (see alignedStart) */
const ALIGN_MS: Record<Interval, number> = {
  '0': 1,
  '1m': 60_000,
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': HOUR,
  '6h': 6 * HOUR,
  '1d': DAY,
};

/**
 * Buckets are laid from the start, and the site answers from its rollups (1 min, 1 h, 1 d, UTC) only
 * when the start and interval are multiples of one: a year of 1 d buckets from a whole day is 365 day
 * rows, from any other minute 525 600 minute rows (seconds on a busy site), from any other millisecond
 * every raw value kept. So an aggregated chart asks from the interval's boundary at or before its start
 * (one more, partial, bucket at most, left of what the chart shows).
 */
export function alignedStart(start: number, interval: Interval): number {
  const ms = ALIGN_MS[interval];
  return Math.floor(start / ms) * ms;
}

/** Query string for GET …/series (aggregated: from the interval's boundary, see alignedStart). */
export function seriesQuery(
  start: number,
  end: number,
  interval: Interval,
  func: IntervalFunc = 'average',
): string {
  const q = new URLSearchParams({
    dataStart: new Date(alignedStart(start, interval)).toISOString(),
    dataEnd: new Date(end).toISOString(),
    interval,
  });
  if (interval !== '0') q.set('intervalFunc', func);
  return q.toString();
}

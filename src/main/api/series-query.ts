import type { SensorValue, ValuePoint } from '../../shared/model.js';
import type { SeriesResponse } from '../../shared/api.js';
import { badRequest } from '../errors.js';

export type IntervalFunc = 'average' | 'sum' | 'count' | 'min' | 'max';
const FUNCS: IntervalFunc[] = ['average', 'sum', 'count', 'min', 'max'];
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** raw points one request may return; `count` lowers it */
export const MAX_RAW_POINTS = 100_000;
const MAX_BUCKETS = 100_000;

export interface SeriesParams {
  dataStart: number;
  dataEnd: number;
  intervalMs: number;
  interval: string;
  intervalFunc: IntervalFunc;
  count: number;
}

/** Thing+ series parameters (protocol §10): dataStart required, dataEnd exclusive, interval 0 = raw. */
export function parseSeriesParams(query: Record<string, string | undefined>, now: number): SeriesParams {
  const dataStart = parseIsoTime('dataStart', query.dataStart);
  if (dataStart === undefined)
    throw badRequest('dataStart is required (ISO 8601, e.g. 2026-11-25T00:00:00+09:00)');
  const dataEnd = parseIsoTime('dataEnd', query.dataEnd) ?? now;
  if (dataEnd <= dataStart) throw badRequest('dataEnd must be after dataStart');
  const interval = query.interval ?? '1m';
  let intervalMs = 0;
  if (interval !== '0') {
    const match = /^(\d+)([smhd])$/.exec(interval);
    if (!match) throw badRequest(`interval "${interval}" must be 0 (raw) or like 1m, 15m, 1h, 6h, 1d`);
    intervalMs = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    if (intervalMs <= 0) throw badRequest('interval must be positive');
    if ((dataEnd - dataStart) / intervalMs > MAX_BUCKETS) {
      throw badRequest(`range/interval gives more than ${MAX_BUCKETS} buckets; choose a coarser interval`);
    }
  }
  const intervalFunc = (query.intervalFunc ?? 'average') as IntervalFunc;
  if (!FUNCS.includes(intervalFunc)) throw badRequest(`intervalFunc must be one of ${FUNCS.join(', ')}`);
  const count = query.count === undefined ? MAX_RAW_POINTS : Number(query.count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_RAW_POINTS) {
    throw badRequest(`count must be an integer from 1 to ${MAX_RAW_POINTS}`);
  }
  return { dataStart, dataEnd, intervalMs, interval, intervalFunc, count };
}

function parseIsoTime(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw badRequest(`${name} "${raw}" is not an ISO 8601 time`);
  return ms;
}

/** Thing+ order in REST: value BEFORE time. */
export function toSeriesResponse(
  points: Array<{ time: number; value: SensorValue }>,
  params: SeriesParams,
): SeriesResponse {
  const data: Array<SensorValue | number> = [];
  for (const p of points) data.push(p.value, p.time);
  return {
    data,
    _meta: {
      count: points.length,
      dataStart: new Date(params.dataStart).toISOString(),
      dataEnd: new Date(params.dataEnd).toISOString(),
      interval: params.interval,
    },
  };
}

/** Buckets numeric raw points by interval; non-numeric values only count. Buckets without points are left out. */
export function aggregate(points: ValuePoint[], params: SeriesParams): ValuePoint[] {
  const buckets = new Map<number, { sum: number; count: number; min: number; max: number }>();
  for (const p of points) {
    const start =
      params.dataStart + Math.floor((p.time - params.dataStart) / params.intervalMs) * params.intervalMs;
    const bucket = buckets.get(start) ?? { sum: 0, count: 0, min: Infinity, max: -Infinity };
    bucket.count += 1;
    if (typeof p.value === 'number') {
      bucket.sum += p.value;
      bucket.min = Math.min(bucket.min, p.value);
      bucket.max = Math.max(bucket.max, p.value);
    }
    buckets.set(start, bucket);
  }
  const out: ValuePoint[] = [];
  for (const [time, b] of [...buckets].sort((a, b) => a[0] - b[0])) {
    const numeric = b.min !== Infinity;
    if (params.intervalFunc === 'count') out.push({ time, value: b.count });
    else if (!numeric) continue;
    else if (params.intervalFunc === 'sum') out.push({ time, value: b.sum });
    else if (params.intervalFunc === 'min') out.push({ time, value: b.min });
    else if (params.intervalFunc === 'max') out.push({ time, value: b.max });
    else out.push({ time, value: b.sum / b.count });
  }
  return out;
}

import type { SensorValue } from '../../shared/model.js';
import type { SeriesResponse, ThinnedInfo } from '../../shared/api.js';
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
  /** each bucket's min and max as well (`band=true`, an Edge Site extension): a chart's band in one answer */
  band: boolean;
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
  return {
    dataStart,
    dataEnd,
    intervalMs,
    interval,
    intervalFunc,
    count,
    band: parseBand(query.band, intervalMs),
  };
}

function parseBand(raw: string | undefined, intervalMs: number): boolean {
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw !== 'true' && raw !== '1') throw badRequest(`band "${raw}" must be true or false`);
  if (intervalMs === 0)
    throw badRequest('band=true needs buckets (an interval other than 0): raw values have no band');
  return true;
}

function parseIsoTime(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw badRequest(`${name} "${raw}" is not an ISO 8601 time`);
  return ms;
}

export interface SensorRef {
  gatewayId: string;
  sensorId: string;
}

/** `gw1:sid1,gw2:sid2` → refs (split at the first colon; duplicates removed, order kept). */
export function parseSensorList(raw: string | undefined, max: number): SensorRef[] {
  if (raw === undefined || raw.trim() === '') throw badRequest('sensors is required: gw:sid[,gw:sid…]');
  const seen = new Set<string>();
  const refs: SensorRef[] = [];
  for (const item of raw.split(',')) {
    const entry = item.trim();
    const colon = entry.indexOf(':');
    if (colon <= 0 || colon === entry.length - 1)
      throw badRequest(`sensors entry "${entry}" must be gatewayId:sensorId`);
    const key = entry;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({ gatewayId: entry.slice(0, colon), sensorId: entry.slice(colon + 1) });
  }
  if (refs.length > max) throw badRequest(`at most ${max} sensors per request`);
  return refs;
}

type Points = ReadonlyArray<{ time: number; value: SensorValue }>;

/** A band's lowest and highest values per bucket, each in Thing+ data order (see seriesData). */
export function bandData(band: { min: Points; max: Points } | undefined): Pick<SeriesResponse, 'band'> {
  return band ? { band: { min: seriesData(band.min), max: seriesData(band.max) } } : {};
}

/** Thing+ series data in REST order, value BEFORE time: value, time, value, time, … */
export function seriesData(points: Points): Array<SensorValue | number> {
  const data: Array<SensorValue | number> = [];
  for (const p of points) data.push(p.value, p.time);
  return data;
}

export function toSeriesResponse(
  points: Array<{ time: number; value: SensorValue }>,
  params: SeriesParams,
  thinned: ThinnedInfo | null = null,
  rawFrom: number | null = null,
): SeriesResponse {
  return {
    data: seriesData(points),
    _meta: {
      count: points.length,
      dataStart: new Date(params.dataStart).toISOString(),
      dataEnd: new Date(params.dataEnd).toISOString(),
      interval: params.interval,
      ...removedMeta(params, thinned, rawFrom),
    },
  };
}

/** what a series answer says was removed inside its range (by the disk budget, by retention) */
export function removedMeta(
  params: SeriesParams,
  thinned: ThinnedInfo | null,
  rawFrom: number | null,
): { thinned?: ThinnedInfo; rawFrom?: number } {
  return {
    ...(thinned && thinned.before > params.dataStart ? { thinned } : {}),
    ...(rawFrom !== null && rawFrom > params.dataStart ? { rawFrom } : {}),
  };
}

export type StatSubFunc = 'count' | 'min' | 'max' | 'sum' | 'avg' | 'range' | 'diff' | 'first' | 'last';
const SUB_FUNCS: StatSubFunc[] = ['count', 'min', 'max', 'sum', 'avg', 'range', 'diff', 'first', 'last'];
const TIME_UNITS = ['hour', 'day', 'week', 'month', 'year'] as const;
export type StatTimeUnit = (typeof TIME_UNITS)[number];

export interface StatsParams {
  timeUnit: StatTimeUnit;
  subFunc: StatSubFunc;
  timeZone: string;
}

/**
 * Thing+ statistics (protocol §10): `statFunc[id]=seriesStat&statFunc[timeUnit]=…&statFunc[subFunc]=…`,
 * optional `statFunc[timezone]` (IANA, default UTC). Returns null when the request asks for no statistics.
 */
export function parseStatsParams(query: Record<string, string | undefined>): StatsParams | null {
  const id = query['statFunc[id]'];
  if (id === undefined) return null;
  if (id !== 'seriesStat') throw badRequest(`statFunc[id] must be seriesStat, got "${id}"`);
  const timeUnit = (query['statFunc[timeUnit]'] ?? 'day') as StatTimeUnit;
  if (!TIME_UNITS.includes(timeUnit))
    throw badRequest(`statFunc[timeUnit] must be one of ${TIME_UNITS.join(', ')}`);
  const subFunc = (query['statFunc[subFunc]'] ?? 'avg') as StatSubFunc;
  if (!SUB_FUNCS.includes(subFunc))
    throw badRequest(`statFunc[subFunc] must be one of ${SUB_FUNCS.join(', ')}`);
  const timeZone = query['statFunc[timezone]'] ?? query.timezone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw badRequest(`unknown time zone "${timeZone}"`);
  }
  return { timeUnit, subFunc, timeZone };
}

export interface StatsResponse {
  data: Array<Record<string, unknown> & { btime: Record<string, number> }>;
  _meta: {
    count: number;
    dataStart: string;
    dataEnd: string;
    timeUnit: StatTimeUnit;
    subFunc: StatSubFunc;
    timezone: string;
  };
}

/** Thing+ shape: `{"data":[{"<subFunc>":v,"btime":{year,month,day[,hour]}}],"_meta":{…}}`, btime in the zone. */
export function toStatsResponse(
  buckets: ReadonlyArray<{ btime: number } & Record<StatSubFunc, number | null>>,
  stats: StatsParams,
  params: Pick<SeriesParams, 'dataStart' | 'dataEnd'>,
): StatsResponse {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: stats.timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    hourCycle: 'h23',
  });
  const data = buckets.map((bucket) => {
    const p = Object.fromEntries(parts.formatToParts(bucket.btime).map((x) => [x.type, Number(x.value)]));
    const btime: Record<string, number> = { year: p.year! };
    if (stats.timeUnit !== 'year') btime.month = p.month!;
    if (stats.timeUnit !== 'year' && stats.timeUnit !== 'month') btime.day = p.day!;
    if (stats.timeUnit === 'hour') btime.hour = p.hour!;
    return { [stats.subFunc]: bucket[stats.subFunc], btime };
  });
  return {
    data,
    _meta: {
      count: data.length,
      dataStart: new Date(params.dataStart).toISOString(),
      dataEnd: new Date(params.dataEnd).toISOString(),
      timeUnit: stats.timeUnit,
      subFunc: stats.subFunc,
      timezone: stats.timeZone,
    },
  };
}

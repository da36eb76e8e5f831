import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { SeriesResponse } from '../../../shared/api.js';
import type { SensorValue } from '../../../shared/model.js';
import { badRequest } from '../../errors.js';
import type { SeriesStore } from '../../series/types.js';
import type { ApiContext } from '../context.js';
import { parseSeriesParams, toSeriesResponse } from '../series-query.js';

/** sensors one export may name */
export const MAX_EXPORT_SENSORS = 100;
/** sensors one multi-series (chart) request may name (issue 7: a 24 h chart of 50 sensors) */
export const MAX_SERIES_SENSORS = 50;
/** points (buckets, or `count` raw points, per sensor × sensors) one multi-series request may ask for */
export const MAX_SERIES_POINTS = 2_000_000;
/** raw points read from the store per page (one chunk of output) */
export const EXPORT_PAGE_POINTS = 2000;

export type ExportFormat = 'csv' | 'json';

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

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or edge whitespace. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers and strings as they are; booleans, objects and arrays JSON-encoded. */
export function csvValue(value: SensorValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export const CSV_HEADER = 'gatewayId,sensorId,time,isoTime,value\r\n';

export function csvRow(ref: SensorRef, time: number, value: SensorValue): string {
  return `${csvField(ref.gatewayId)},${csvField(ref.sensorId)},${time},${new Date(time).toISOString()},${csvField(csvValue(value))}\r\n`;
}

export function jsonRow(ref: SensorRef, time: number, value: SensorValue): string {
  return JSON.stringify({ gatewayId: ref.gatewayId, sensorId: ref.sensorId, time, value });
}

/**
 * The export as a pull stream: each read takes one page of raw points from the store (sensor after
 * sensor, time order within a sensor; the next page starts just after the last time returned), so memory
 * stays bounded by one page whatever the range. The consumer's backpressure decides when the next page is
 * read; destroying the stream (client gone) stops the reading.
 */
export function createExportStream(
  series: Pick<SeriesStore, 'query'>,
  sensors: readonly SensorRef[],
  range: { from: number; to: number },
  format: ExportFormat,
  pagePoints = EXPORT_PAGE_POINTS,
): Readable {
  let sensorIndex = 0;
  let cursor = range.from;
  let started = false;
  let rows = 0;
  return new Readable({
    encoding: 'utf8',
    read() {
      let out = '';
      if (!started) {
        started = true;
        out = format === 'csv' ? CSV_HEADER : '[';
      }
      // read pages until one yields output (or the export is over): one chunk per read
      while (sensorIndex < sensors.length) {
        const ref = sensors[sensorIndex]!;
        const points = series.query({ ...ref, from: cursor, to: range.to, limit: pagePoints });
        if (points.length < pagePoints) {
          sensorIndex++;
          cursor = range.from;
        } else {
          cursor = points[points.length - 1]!.time + 1;
        }
        for (const p of points) {
          if (format === 'csv') out += csvRow(ref, p.time, p.value);
          else out += `${rows === 0 ? '\n' : ',\n'}${jsonRow(ref, p.time, p.value)}`;
          rows++;
        }
        if (points.length > 0) break;
      }
      if (sensorIndex >= sensors.length && format === 'json') out += rows === 0 ? ']\n' : '\n]\n';
      if (out) this.push(out);
      if (sensorIndex >= sensors.length) this.push(null);
    },
  });
}

/** Rows the export will hold, from one `count` bucket per sensor (rollups make it cheap). */
export function estimateRows(
  series: Pick<SeriesStore, 'aggregate'>,
  sensors: readonly SensorRef[],
  range: { from: number; to: number },
): number {
  let total = 0;
  for (const ref of sensors) {
    try {
      const buckets = series.aggregate({
        ...ref,
        ...range,
        intervalMs: range.to - range.from,
        func: 'count',
      });
      for (const b of buckets) total += typeof b.value === 'number' ? b.value : 0;
    } catch {
      // an estimate only: a range the store cannot bucket counts as unknown
    }
  }
  return total;
}

function fileStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export interface MultiSeriesResponse {
  series: Array<SensorRef & { data: SeriesResponse['data'] }>;
  _meta: SeriesResponse['_meta'] & { sensors: number };
}

/** Streamed export of raw values, and several sensors' series in one request (charts). */
export async function exportRoutes(fastify: FastifyInstance, ctx: ApiContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const requireSensors = (refs: SensorRef[]): void => {
    for (const ref of refs) ctx.registry.getSensor(ref.gatewayId, ref.sensorId);
  };

  app.get(
    '/export',
    {
      schema: {
        tags: ['sensors'],
        summary:
          'Streamed export of raw values of one or more sensors (sensors=gw:sid,…) as CSV or a JSON array; X-Edge-Site-Estimated-Rows tells the expected row count',
        querystring: Type.Object({
          sensors: Type.Optional(Type.String()),
          dataStart: Type.Optional(Type.String()),
          dataEnd: Type.Optional(Type.String()),
          format: Type.Optional(Type.String()),
        }),
      },
    },
    async (req, reply) => {
      const format = (req.query.format ?? 'csv') as ExportFormat;
      if (format !== 'csv' && format !== 'json') throw badRequest('format must be csv or json');
      const refs = parseSensorList(req.query.sensors, MAX_EXPORT_SENSORS);
      const params = parseSeriesParams(
        { dataStart: req.query.dataStart, dataEnd: req.query.dataEnd, interval: '0' },
        Date.now(),
      );
      requireSensors(refs);
      const range = { from: params.dataStart, to: params.dataEnd };
      const filename = `edge-site-export-${fileStamp(range.from)}-${fileStamp(range.to)}.${format}`;
      return reply
        .header(
          'content-type',
          format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('x-edge-site-estimated-rows', String(estimateRows(ctx.series, refs, range)))
        .header('cache-control', 'no-store')
        .send(createExportStream(ctx.series, refs, range, format));
    },
  );

  app.get(
    '/series',
    {
      schema: {
        tags: ['sensors'],
        summary:
          'Series of several sensors (sensors=gw:sid,…) in one request: {series:[{gatewayId,sensorId,data:[value,time,…]}],_meta}',
        querystring: Type.Object({
          sensors: Type.Optional(Type.String()),
          dataStart: Type.String(),
          dataEnd: Type.Optional(Type.String()),
          interval: Type.Optional(Type.String()),
          intervalFunc: Type.Optional(Type.String()),
          count: Type.Optional(Type.String()),
        }),
      },
    },
    async (req): Promise<MultiSeriesResponse> => {
      const refs = parseSensorList(req.query.sensors, MAX_SERIES_SENSORS);
      const params = parseSeriesParams(req.query, Date.now());
      const perSensor =
        params.intervalMs === 0
          ? params.count
          : Math.ceil((params.dataEnd - params.dataStart) / params.intervalMs);
      if (perSensor * refs.length > MAX_SERIES_POINTS) {
        throw badRequest(
          `at most ${MAX_SERIES_POINTS} points per request (sensors × ${params.intervalMs === 0 ? 'count' : 'buckets'}): ask for fewer sensors, ${params.intervalMs === 0 ? 'a smaller count' : 'a coarser interval'} or a shorter range`,
        );
      }
      requireSensors(refs);
      const series = refs.map((ref) => {
        const range = { ...ref, from: params.dataStart, to: params.dataEnd };
        let points;
        try {
          points =
            params.intervalMs === 0
              ? ctx.series.query({ ...range, limit: params.count })
              : ctx.series.aggregate({ ...range, intervalMs: params.intervalMs, func: params.intervalFunc });
        } catch (err) {
          if (err instanceof RangeError) throw badRequest(err.message);
          throw err;
        }
        return { ...ref, data: toSeriesResponse(points, params).data };
      });
      const meta = toSeriesResponse([], params)._meta;
      return {
        series,
        _meta: { ...meta, count: series.reduce((n, s) => n + s.data.length / 2, 0), sensors: refs.length },
      };
    },
  );
}

import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { SensorValue } from '../../../shared/model.js';
import { badRequest } from '../../errors.js';
import type { SeriesStore } from '../../series/types.js';
import { parseSensorList, parseSeriesParams, type SensorRef } from '../series-query.js';
import type { RoutePlugin } from './schemas.js';

/** sensors one export may name */
export const MAX_EXPORT_SENSORS = 100;
/** raw points read from the store per page (one chunk of output) */
export const EXPORT_PAGE_POINTS = 2000;

export type ExportFormat = 'csv' | 'json';

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

/**
 * Rows the export will hold, from one `count` bucket per sensor (rollups make it cheap). The export is
 * raw, so the bucket starts at the first raw value in the range: an aggregate answers the days whose raw
 * values retention or the disk budget removed from the rollups, which the export cannot give.
 */
export function estimateRows(
  series: Pick<SeriesStore, 'aggregate' | 'query'>,
  sensors: readonly SensorRef[],
  range: { from: number; to: number },
): number {
  let total = 0;
  for (const ref of sensors) {
    try {
      const [first] = series.query({ ...ref, ...range, limit: 1 });
      if (!first) continue;
      const buckets = series.aggregate({
        ...ref,
        from: first.time,
        to: range.to,
        intervalMs: range.to - first.time,
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

const ExportQuery = Type.Object({
  sensors: Type.Optional(Type.String()),
  dataStart: Type.Optional(Type.String()),
  dataEnd: Type.Optional(Type.String()),
  format: Type.Optional(Type.String()),
});

/** Streamed export of raw values (tag `sensors`). */
/**
 * The ranges the export cannot give raw because the disk budget thinned them, as JSON
 * `[{"sensor":"gw:sid","from":ISO,"to":ISO,"thinnedAt":ISO}]` (`[]`: everything asked for is raw).
 */
function thinnedHeader(
  series: SeriesStore,
  refs: readonly SensorRef[],
  range: { from: number; to: number },
): string {
  const out = [];
  for (const ref of refs) {
    const thinned = series.thinnedRange(ref.gatewayId, ref.sensorId);
    if (!thinned || thinned.before <= range.from) continue;
    out.push({
      sensor: `${ref.gatewayId}:${ref.sensorId}`,
      from: new Date(range.from).toISOString(),
      to: new Date(Math.min(thinned.before, range.to)).toISOString(),
      thinnedAt: new Date(thinned.at).toISOString(),
    });
  }
  return JSON.stringify(out);
}

export const exportRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/export',
    {
      schema: {
        tags: ['sensors'],
        summary:
          'Streamed export of raw values of one or more sensors (sensors=gw:sid,…) as CSV or a JSON array; X-Edge-Site-Estimated-Rows tells the expected row count',
        querystring: ExportQuery,
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
      for (const ref of refs) ctx.registry.getSensor(ref.gatewayId, ref.sensorId);
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
        .header('x-edge-site-thinned', thinnedHeader(ctx.series, refs, range))
        .send(createExportStream(ctx.series, refs, range, format));
    },
  );
};

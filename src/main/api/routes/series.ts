import { Type } from '@sinclair/typebox';
import type { SeriesResponse } from '../../../shared/api.js';
import { badRequest } from '../../errors.js';
import {
  bandData,
  parseSensorList,
  parseSeriesParams,
  parseStatsParams,
  removedMeta,
  seriesData,
  toSeriesResponse,
  toStatsResponse,
  type SensorRef,
  type SeriesParams,
} from '../series-query.js';
import type { ApiContext } from '../context.js';
import { SensorParams, type RoutePlugin } from './schemas.js';

/** sensors one multi-series (chart) request may name (issue 7: a 24 h chart of 50 sensors) */
export const MAX_SERIES_SENSORS = 50;
/** points (buckets, or `count` raw points, per sensor × sensors) one multi-series request may ask for */
export const MAX_SERIES_POINTS = 2_000_000;

export interface MultiSeriesResponse {
  series: Array<
    SensorRef & {
      data: SeriesResponse['data'];
      band?: SeriesResponse['band'];
      thinned?: SeriesResponse['_meta']['thinned'];
      rawFrom?: SeriesResponse['_meta']['rawFrom'];
    }
  >;
  _meta: SeriesResponse['_meta'] & { sensors: number };
}

const SeriesQuery = Type.Object({
  dataStart: Type.String(),
  dataEnd: Type.Optional(Type.String()),
  interval: Type.Optional(Type.String()),
  intervalFunc: Type.Optional(Type.String()),
  count: Type.Optional(Type.String()),
  'statFunc[id]': Type.Optional(Type.String()),
  'statFunc[timeUnit]': Type.Optional(Type.String()),
  'statFunc[subFunc]': Type.Optional(Type.String()),
  'statFunc[timezone]': Type.Optional(Type.String()),
  band: Type.Optional(Type.String()),
});

const MultiSeriesQuery = Type.Object({
  sensors: Type.Optional(Type.String()),
  dataStart: Type.String(),
  dataEnd: Type.Optional(Type.String()),
  interval: Type.Optional(Type.String()),
  intervalFunc: Type.Optional(Type.String()),
  count: Type.Optional(Type.String()),
  band: Type.Optional(Type.String()),
});

/** The store refuses ranges that would make too many buckets: that is the caller's range, a 400. */
function rangeErrorAsBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(err.message);
    throw err;
  }
}

/** The sensors' points over the request's range (raw or buckets), with what was removed of them: one read. */
function readSeries(ctx: ApiContext, refs: readonly SensorRef[], params: SeriesParams) {
  return rangeErrorAsBadRequest(() =>
    ctx.series.readMany({
      sensors: refs,
      from: params.dataStart,
      to: params.dataEnd,
      intervalMs: params.intervalMs,
      func: params.intervalFunc,
      limit: params.count,
      band: params.band,
    }),
  );
}

/**
 * Sensor values as Thing+ series (tag `sensors`): one sensor's raw values, buckets or calendar
 * statistics (protocol §10), and several sensors' series in one request (charts).
 */
export const seriesRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/gateways/:gw/sensors/:sid/series',
    {
      schema: {
        tags: ['sensors'],
        summary:
          "Thing+ series: data = [value, time, …]; interval 0 = raw, else buckets from rollups (band=true: each bucket's min and max too, as band.min/band.max); statFunc[…] = calendar statistics",
        params: SensorParams,
        querystring: SeriesQuery,
      },
    },
    async (req) => {
      const { gw, sid } = req.params;
      ctx.registry.getSensor(gw, sid);
      const params = parseSeriesParams(req.query, Date.now());
      const range = { gatewayId: gw, sensorId: sid, from: params.dataStart, to: params.dataEnd };
      const stats = parseStatsParams(req.query);
      if (stats) {
        const buckets = rangeErrorAsBadRequest(() =>
          ctx.series.seriesStats({ ...range, timeUnit: stats.timeUnit, timeZone: stats.timeZone }),
        );
        return toStatsResponse(buckets, stats, params);
      }
      const [one] = readSeries(ctx, [{ gatewayId: gw, sensorId: sid }], params);
      return { ...toSeriesResponse(one!.points, params, one!.thinned, one!.rawFrom), ...bandData(one!.band) };
    },
  );

  app.get(
    '/series',
    {
      schema: {
        tags: ['sensors'],
        summary:
          'Series of several sensors (sensors=gw:sid,…) in one request: {series:[{gatewayId,sensorId,data:[value,time,…],band?}],_meta}',
        querystring: MultiSeriesQuery,
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
      for (const ref of refs) ctx.registry.getSensor(ref.gatewayId, ref.sensorId);
      const reads = readSeries(ctx, refs, params);
      const data = refs.map((ref, i) => {
        const { points, band, thinned, rawFrom } = reads[i]!;
        return {
          ...ref,
          data: seriesData(points),
          ...bandData(band),
          ...removedMeta(params, thinned, rawFrom),
        };
      });
      const meta = toSeriesResponse([], params)._meta;
      return {
        series: data,
        _meta: { ...meta, count: data.reduce((n, s) => n + s.data.length / 2, 0), sensors: refs.length },
      };
    },
  );
};

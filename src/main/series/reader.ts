import type { ValuePoint } from '../../shared/model.js';
import { aggregateSeries, rawKeptFrom, statsSeries, type ReadContext } from './aggregate.js';
import { queryPoints } from './query.js';
import type { StoreCore } from './store-core.js';
import type {
  AggregateFunc,
  AggregateQuery,
  ManySeriesQuery,
  SensorSeriesRead,
  SeriesQuery,
  StatsBucket,
  StatsQuery,
} from './types.js';

/**
 * The store's queries: raw points, interval aggregates and calendar stats, each in one read
 * transaction so chunks, rollups and the log tail are seen at one moment (a compaction step in
 * between would otherwise move points from the log into a chunk under the reader).
 */
export class SeriesReader {
  /** raw points of one series by id, a snapshot (also the commit queue's duplicate check) */
  readonly points: (sid: number, from: number, to: number, limit: number) => ValuePoint[];
  private readonly readAggregate: (sid: number, q: AggregateQuery) => ValuePoint[];
  private readonly readStats: (sid: number, q: StatsQuery) => StatsBucket[];
  private readonly readRawFrom: (sid: number) => number | null;
  private readonly readMany: (
    sids: ReadonlyArray<number | undefined>,
    q: ManySeriesQuery,
  ) => SensorSeriesRead[];

  constructor(private readonly core: StoreCore) {
    const { db, chunks, log, tail, rollups } = core;
    const ctx: ReadContext = {
      chunks,
      log,
      tail,
      rollups,
      thinnedBefore: (sid) => core.thinned.get(sid)?.before ?? null,
    };
    this.points = db.transaction((sid: number, from: number, to: number, limit: number) =>
      queryPoints(chunks, log, tail, sid, from, to, limit),
    );
    this.readAggregate = db.transaction((sid: number, q: AggregateQuery) => aggregateSeries(ctx, sid, q));
    this.readStats = db.transaction((sid: number, q: StatsQuery) => statsSeries(ctx, sid, q));
    this.readRawFrom = db.transaction((sid: number) => rawKeptFrom(ctx, sid));
    this.readMany = db.transaction((sids: ReadonlyArray<number | undefined>, q: ManySeriesQuery) => {
      const known = sids.filter((sid) => sid !== undefined);
      const thinned = core.thinned.many(known);
      // the thinned ranges read once for all (the lookup was one statement per sensor, three times)
      const shared: ReadContext = { ...ctx, thinnedBefore: (sid) => thinned.get(sid)?.before ?? null };
      return sids.map((sid, i): SensorSeriesRead => {
        if (sid === undefined) {
          const none = { points: [], rawFrom: null, thinned: null };
          return q.band && q.intervalMs > 0 ? { ...none, band: { min: [], max: [] } } : none;
        }
        const { gatewayId, sensorId } = q.sensors[i]!;
        const removed = { rawFrom: rawKeptFrom(shared, sid), thinned: thinned.get(sid) ?? null };
        if (q.intervalMs === 0)
          return {
            points: queryPoints(chunks, log, tail, sid, q.from, q.to, q.limit ?? Infinity),
            ...removed,
          };
        const bucketsOf = (func: AggregateFunc) =>
          aggregateSeries(shared, sid, { ...q, gatewayId, sensorId, func });
        const points = bucketsOf(q.func);
        if (!q.band) return { points, ...removed };
        return { points, band: { min: bucketsOf('min'), max: bucketsOf('max') }, ...removed };
      });
    });
  }

  query(q: SeriesQuery): ValuePoint[] {
    const sid = this.core.registry.find(q.gatewayId, q.sensorId);
    return sid === undefined ? [] : this.points(sid, q.from, q.to, q.limit ?? Infinity);
  }

  aggregate(q: AggregateQuery): ValuePoint[] {
    const sid = this.core.registry.find(q.gatewayId, q.sensorId);
    return sid === undefined ? [] : this.readAggregate(sid, q);
  }

  many(q: ManySeriesQuery): SensorSeriesRead[] {
    return this.readMany(
      q.sensors.map((s) => this.core.registry.find(s.gatewayId, s.sensorId)),
      q,
    );
  }

  seriesStats(q: StatsQuery): StatsBucket[] {
    const sid = this.core.registry.find(q.gatewayId, q.sensorId);
    return sid === undefined ? [] : this.readStats(sid, q);
  }

  rawFrom(gatewayId: string, sensorId: string): number | null {
    const sid = this.core.registry.find(gatewayId, sensorId);
    return sid === undefined ? null : this.readRawFrom(sid);
  }

  latest(gatewayId: string, sensorId: string): ValuePoint | null {
    const sid = this.core.registry.find(gatewayId, sensorId);
    return sid === undefined ? null : (this.core.latestPoint.get(sid) ?? null);
  }
}

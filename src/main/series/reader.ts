import type { ValuePoint } from '../../shared/model.js';
import { aggregateSeries, rawKeptFrom, statsSeries, type ReadContext } from './aggregate.js';
import { queryPoints } from './query.js';
import type { StoreCore } from './store-core.js';
import type { AggregateQuery, SeriesQuery, StatsBucket, StatsQuery } from './types.js';

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
  }

  query(q: SeriesQuery): ValuePoint[] {
    const sid = this.core.registry.find(q.gatewayId, q.sensorId);
    return sid === undefined ? [] : this.points(sid, q.from, q.to, q.limit ?? Infinity);
  }

  aggregate(q: AggregateQuery): ValuePoint[] {
    const sid = this.core.registry.find(q.gatewayId, q.sensorId);
    return sid === undefined ? [] : this.readAggregate(sid, q);
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

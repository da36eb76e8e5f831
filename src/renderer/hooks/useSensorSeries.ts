import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SeriesResponse, ThinnedInfo } from '../../shared/api';
import type { SensorTypeDef } from '../../shared/catalogue';
import type { SensorView, ValuePoint } from '../../shared/model';
import type { Rule } from '../../shared/rules';
import {
  alignStart,
  bandData,
  intervalBeyondRaw,
  intervalForWidth,
  intervalMs,
  isStateSensor,
  ruleThresholds,
  stateLevels,
  type BandData,
  type Threshold,
} from '../lib/chart-data';
import { parseSeries, type Interval } from '../lib/series';
import { api } from '../net/client';
import { useApi } from './useApi';

export interface SeriesAnswer {
  avg: SeriesResponse;
  min: SeriesResponse | null;
  max: SeriesResponse | null;
}

/**
 * The resolution a chart of `widthPx` asks for over [start, end); raw into thinned values, or into values
 * older than raw retention (`rawFrom`), → 1-minute rollups.
 */
export function chartInterval(
  start: number,
  end: number,
  widthPx: number,
  thinned: ThinnedInfo | null,
  state: 'numeric' | 'levels' | 'text',
  rawFrom: number | null = null,
): Interval {
  // text states cannot be bucketed: their changes are the data
  if (state === 'text') return '0';
  const removedBefore = Math.max(thinned?.before ?? -Infinity, rawFrom ?? -Infinity);
  return intervalBeyondRaw(
    intervalForWidth(end - start, widthPx),
    start,
    Number.isFinite(removedBefore) ? removedBefore : null,
  );
}

/**
 * One sensor's chart data over a range at the resolution that fits the chart: averages with their
 * min/max band, or the highest state per bucket for on/off sensors (an average of on and off is no state).
 */
export function useSensorSeries(
  gatewayId: string,
  sensorId: string,
  range: { start: number; end: number },
  widthPx: number,
  kind: 'numeric' | 'levels' | 'text',
) {
  const [{ thinned, rawFrom }, noteThinned] = useThinned(gatewayId, sensorId);
  const interval = chartInterval(range.start, range.end, widthPx, thinned, kind, rawFrom);
  const start = alignStart(range.start, interval);
  const series = useApi<SeriesAnswer>(
    async (s) => {
      const get = (f: 'average' | 'min' | 'max') =>
        api.series(gatewayId, sensorId, start, range.end, interval, s, f);
      if (interval === '0') return { avg: await get('average'), min: null, max: null };
      if (kind !== 'numeric') return { avg: await get('max'), min: null, max: null };
      // the averages and their band in one answer: one read at the site, not three requests in a row
      const { band, ...avg } = await api.seriesBand(gatewayId, sensorId, start, range.end, interval, s);
      if (!band) return { avg, min: null, max: null };
      return { avg, min: { data: band.min, _meta: avg._meta }, max: { data: band.max, _meta: avg._meta } };
    },
    [gatewayId, sensorId, start, range.end, interval, kind],
  );
  useEffect(() => noteThinned(series.data?.avg), [series.data, noteThinned]);
  return { series, interval, start, thinned };
}

/**
 * What the disk budget thinned of a sensor, and from when it keeps raw values (retention), as the last
 * series answer said (per sensor, not range).
 */
function useThinned(
  gatewayId: string,
  sensorId: string,
): [
  { thinned: ThinnedInfo | null; rawFrom: number | null },
  (resp: SeriesResponse | null | undefined) => void,
] {
  const [thinned, setThinned] = useState<ThinnedInfo | null>(null);
  const [rawFrom, setRawFrom] = useState<number | null>(null);
  useEffect(() => {
    setThinned(null);
    setRawFrom(null);
  }, [gatewayId, sensorId]);
  const note = useCallback((resp: SeriesResponse | null | undefined) => {
    const th = resp?._meta.thinned;
    if (th) setThinned((old) => (old?.before === th.before ? old : th));
    const from = resp?._meta.rawFrom;
    if (from !== undefined) setRawFrom(from);
  }, []);
  return [{ thinned, rawFrom }, note];
}

/** numeric, on/off-like levels (numbers from a fixed set), or text states. */
export function seriesKind(
  sensor: SensorView | undefined,
  types: readonly SensorTypeDef[] | null | undefined,
) {
  const def = types?.find((t) => t.id === sensor?.type);
  if (!isStateSensor(def, sensor?.category)) return 'numeric' as const;
  const v = sensor?.latest?.value;
  // only numbers can be bucketed (the highest level per bucket); text, flags and answers come raw
  const textual = def?.type === 'string' || (v !== undefined && typeof v !== 'number');
  return textual ? ('text' as const) : ('levels' as const);
}

/** The chart's columns: a band for numbers, level indexes for states. */
export function useChartColumns(
  points: ValuePoint[],
  answer: SeriesAnswer | undefined,
  interval: Interval,
  kind: 'numeric' | 'levels' | 'text',
  def: SensorTypeDef | undefined,
): { data: BandData; levels: string[] | null } {
  return useMemo(() => {
    if (kind !== 'numeric') {
      const display = Array.isArray(def?.displayValues) ? (def.displayValues as unknown[]) : [];
      const { levels, data } = stateLevels(points, def?.values ?? [], display);
      return { data, levels };
    }
    const min = answer?.min ? parseSeries(answer.min) : null;
    const max = answer?.max ? parseSeries(answer.max) : null;
    return { data: bandData(points, min, max, intervalMs(interval)), levels: null };
  }, [points, answer, interval, kind, def]);
}

/** The thresholds of the active rules watching this sensor. */
export function useRuleThresholds(
  gatewayId: string,
  sensorId: string,
  type: string | undefined,
): Threshold[] {
  const rules = useApi<Rule[]>((s) => api.rules(s), [], { refreshOn: 'rules' });
  return useMemo(
    () => ruleThresholds(rules.data ?? [], gatewayId, sensorId, type),
    [rules.data, gatewayId, sensorId, type],
  );
}

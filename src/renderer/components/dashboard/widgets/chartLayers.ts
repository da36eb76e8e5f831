// What a dashboard chart draws besides its lines, as the sensor page's chart does: the thresholds of the
// rules watching its sensors, the spans of their alarms; and the range it shows once zoomed or panned.
import { useEffect, useMemo, useState } from 'react';
import type { SensorRef } from '../../../../shared/dashboards';
import type { ValuePoint } from '../../../../shared/model';
import type { Rule } from '../../../../shared/rules';
import { useApi } from '../../../hooks/useApi';
import { useStableMarks } from '../../../hooks/useAlarmMarks';
import { alignStart, intervalForWidth, ruleThresholds, type Threshold } from '../../../lib/chart-data';
import { sensorsAlarmMarks, type ChartMark } from '../../../lib/rule-marks';
import { parseSeries, type Interval } from '../../../lib/series';
import { api } from '../../../net/client';
import { sensorKey } from '../../../../shared/dashboards';

/** How long the rules one dashboard's charts share stay fresh: a dozen widgets ask the site once. */
const RULES_TTL_MS = 30_000;
let rulesCache: { at: number; rules: Promise<Rule[]> } | null = null;

function sharedRules(): Promise<Rule[]> {
  const now = Date.now();
  if (!rulesCache || now - rulesCache.at > RULES_TTL_MS) {
    const rules = api.rules();
    rulesCache = { at: now, rules };
    // a failed answer is not kept: the next chart asks again
    rules.catch(() => {
      if (rulesCache?.rules === rules) rulesCache = null;
    });
  }
  return rulesCache.rules;
}

/** Alarms are asked from a start rounded down, so a chart following now does not ask on every value. */
const ALARM_STEP_MS = 5 * 60_000;

/**
 * Thresholds of the active rules on each sensor (on that sensor's unit scale) and alarm spans of any
 * of them in [start, end]; while following now, alarms have no upper bound.
 */
export function useChartLayers(
  refs: readonly SensorRef[],
  types: readonly string[],
  scaleOf: readonly string[],
  range: { start: number; end: number },
  following: boolean,
): { thresholds: Threshold[]; marks: ChartMark[] } {
  const refsKey = refs.map(sensorKey).join('|');
  const rules = useApi((_s) => sharedRules(), []);
  const from = Math.floor(range.start / ALARM_STEP_MS) * ALARM_STEP_MS;
  const to = following ? null : range.end;
  const alarms = useApi(
    (s) => api.sharedAlarms({ from, ...(to === null ? {} : { to }), limit: 500 }, s),
    [from, to],
  );
  const typesKey = types.join('|');
  const scalesKey = scaleOf.join('|');
  const thresholds = useMemo(
    () =>
      refs.flatMap((r, i) =>
        ruleThresholds(rules.data ?? [], r.gatewayId, r.sensorId, types[i] || undefined).map((th) => ({
          ...th,
          scale: scaleOf[i] ?? 'y0',
        })),
      ),
    // the keys stand for refs, types and scaleOf
    [rules.data, refsKey, typesKey, scalesKey],
  );
  const marks = useStableMarks(
    useMemo(() => sensorsAlarmMarks(alarms.data?.data ?? [], refs), [alarms.data, refsKey]),
  );
  return { thresholds, marks };
}

/** A zoomed or panned range of the chart, or null while it follows now over its own span. */
export type Zoom = { start: number; end: number } | null;

/**
 * The chart's sensors over a zoomed range, at about one point per pixel of `widthPx` (raw values when a
 * pixel holds under a minute); null while not zoomed. The previous answer stays while the next loads.
 */
export function useZoomedSeries(
  refs: readonly SensorRef[],
  zoom: Zoom,
  widthPx: number,
): { points: ValuePoint[][] | null; interval: Interval | null; start: number | null } {
  const refsKey = refs.map(sensorKey).join('|');
  const interval = zoom ? intervalForWidth(zoom.end - zoom.start, widthPx) : null;
  const start = zoom && interval ? alignStart(zoom.start, interval) : null;
  const end = zoom?.end ?? null;
  const [points, setPoints] = useState<ValuePoint[][] | null>(null);
  useEffect(() => {
    if (start === null || end === null || interval === null) {
      setPoints(null);
      return;
    }
    const ac = new AbortController();
    api.multiSeries(refs, start, end, interval, ac.signal).then(
      (res) => setPoints(refs.map((r) => parseSeries(res.series.find((x) => sensorKey(x) === sensorKey(r))))),
      () => undefined, // aborted, or the site is away: the previous points stay
    );
    return () => ac.abort();
    // refsKey stands for refs
  }, [refsKey, start, end, interval]);
  return { points: zoom ? points : null, interval, start };
}

import { useMemo, useRef } from 'react';
import { alarmMarks, sameMarks, type ChartMark } from '../lib/rule-marks';
import { api } from '../net/client';
import { useApi } from './useApi';

/**
 * A sensor's alarms raised in [start, end] as chart spans (raised → cleared, open ones to the chart's
 * right edge). While the chart follows now there is no upper bound, so alarms raised since are included
 * on the next load.
 */
export function useAlarmMarks(
  gatewayId: string,
  sensorId: string,
  start: number,
  end: number,
  following: boolean,
): ChartMark[] {
  const alarms = useApi(
    (s) => api.alarms({ gatewayId, from: start, ...(following ? {} : { to: end }), limit: 500 }, s),
    [gatewayId, start, end, following],
  );
  return useStableMarks(
    useMemo(() => alarmMarks(alarms.data?.data ?? [], sensorId), [alarms.data, sensorId]),
  );
}

/**
 * The previous list while the marks are the same: a new range empties them while it loads and the
 * answer usually holds the same (often none), and each new list costs the chart a redraw (issue 15).
 */
export function useStableMarks(marks: ChartMark[]): ChartMark[] {
  const kept = useRef(marks);
  if (!sameMarks(kept.current, marks)) kept.current = marks;
  return kept.current;
}

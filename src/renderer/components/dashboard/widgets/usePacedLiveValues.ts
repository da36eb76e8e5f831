// A live chart's new values, handed over at the pace the page's charts are drawn (lib/draw-pacer.ts).
import { useEffect, useRef } from 'react';
import { sensorKey, type SensorRef } from '../../../../shared/dashboards';
import type { ValuePoint } from '../../../../shared/model';
import { useLiveEvents } from '../../../hooks/useLive';
import { DrawPacer } from '../../../lib/draw-pacer';

/** one for the console: its charts share the frames (two drawn in one at most) */
const pacer = new DrawPacer<object>(
  (fn) => requestAnimationFrame(fn),
  () => performance.now(),
);

/**
 * Calls `apply` with the values that came for `refs` (by their index) since the last call, at most once
 * per `intervalMs` and in a frame that draws at most one other chart.
 */
export function usePacedLiveValues(
  refs: readonly SensorRef[],
  intervalMs: number,
  apply: (byIndex: Map<number, ValuePoint[]>) => void,
): void {
  const key = useRef({});
  const queued = useRef(new Map<number, ValuePoint[]>());
  const latest = useRef(apply);
  latest.current = apply;
  useEffect(() => {
    const k = key.current;
    return () => pacer.cancel(k);
  }, []);
  // values queued for other sensors are not this chart's any more
  const refsKey = refs.map(sensorKey).join('|');
  useEffect(() => queued.current.clear(), [refsKey]);
  useLiveEvents((ev) => {
    if (ev.type !== 'values') return;
    const i = refs.findIndex((r) => r.gatewayId === ev.gatewayId && r.sensorId === ev.sensorId);
    if (i < 0) return;
    const points = ev.points.map((p) => ({ time: p.time, value: p.value }));
    queued.current.set(i, [...(queued.current.get(i) ?? []), ...points]);
    pacer.request(key.current, intervalMs, () => {
      const batch = queued.current;
      queued.current = new Map();
      latest.current(batch);
    });
  });
}

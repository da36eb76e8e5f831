// One GET /series for the charts that ask together: a dashboard's charts mount in one commit, each asks
// its own sensors over the same span, and the site answers requests one after another on its main
// thread. Seven requests of eight sensors cost the site seven session checks and answers, and the last
// chart waits behind all of them; one request of fifty is answered once (issue 15, 50 sensors < 100 ms).
import type { SensorRef } from '../../shared/dashboards';
import { sensorKey } from '../../shared/dashboards';
import type { Interval } from '../lib/series';
import { api, type MultiSeriesResponse } from './client';

/** the series route's cap (MAX_SERIES_SENSORS in src/main/api/routes/series.ts) */
export const MAX_BATCH_SENSORS = 50;

export type SeriesEntry = MultiSeriesResponse['series'][number];

interface Waiter {
  refs: readonly SensorRef[];
  signal: AbortSignal | undefined;
  resolve: (byKey: Map<string, SeriesEntry>) => void;
  reject: (err: unknown) => void;
}

const queued = new Map<string, { rangeMs: number; interval: Interval; waiters: Waiter[] }>();
let scheduled = false;

const abortError = () => new DOMException('aborted', 'AbortError');

/**
 * `refs`' series over the last `rangeMs` (to now) at `interval`, asked in one request with every other
 * call of the same task for the same span and interval (up to MAX_BATCH_SENSORS sensors a request).
 * Answers each sensor's entry by `sensorKey`; a caller's signal ends only its own wait.
 */
export function batchedSeries(
  refs: readonly SensorRef[],
  rangeMs: number,
  interval: Interval,
  signal?: AbortSignal,
): Promise<Map<string, SeriesEntry>> {
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const key = `${rangeMs}|${interval}`;
    let group = queued.get(key);
    if (!group) queued.set(key, (group = { rangeMs, interval, waiters: [] }));
    group.waiters.push({ refs, signal, resolve, reject });
    signal?.addEventListener('abort', () => reject(abortError()), { once: true });
    if (!scheduled) {
      scheduled = true;
      // the effects of one commit run in one task: a microtask later every chart of it has asked
      queueMicrotask(flush);
    }
  });
}

function flush(): void {
  scheduled = false;
  const groups = [...queued.values()];
  queued.clear();
  for (const g of groups) for (const part of split(g.waiters)) send(part, g.rangeMs, g.interval);
}

/** waiters in requests of at most MAX_BATCH_SENSORS distinct sensors (a chart's sensors stay together) */
function split(waiters: Waiter[]): Waiter[][] {
  const parts: Array<{ keys: Set<string>; waiters: Waiter[] }> = [];
  for (const w of waiters) {
    if (w.signal?.aborted) continue;
    const keys = w.refs.map(sensorKey);
    const fits = (p: { keys: Set<string> }) =>
      p.keys.size + keys.filter((k) => !p.keys.has(k)).length <= MAX_BATCH_SENSORS;
    let part = parts.find(fits);
    if (!part) parts.push((part = { keys: new Set(), waiters: [] }));
    for (const k of keys) part.keys.add(k);
    part.waiters.push(w);
  }
  return parts.map((p) => p.waiters);
}

function send(waiters: Waiter[], rangeMs: number, interval: Interval): void {
  const refs = new Map<string, SensorRef>();
  for (const w of waiters) for (const r of w.refs) refs.set(sensorKey(r), r);
  // the request ends when every chart that asked has gone (its page left)
  const ac = new AbortController();
  let left = waiters.length;
  for (const w of waiters)
    w.signal?.addEventListener('abort', () => --left === 0 && ac.abort(), { once: true });
  const end = Date.now();
  api.multiSeries([...refs.values()], end - rangeMs, end, interval, ac.signal).then(
    (res) => {
      // for the console benchmark's split of request → drawn (answer parsed, then charts' setData)
      performance.mark('series-batch:parsed');
      const byKey = new Map(res.series.map((s) => [sensorKey(s), s]));
      for (const w of waiters) w.resolve(byKey);
    },
    (err: unknown) => {
      for (const w of waiters) w.reject(err);
    },
  );
}

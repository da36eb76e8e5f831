// Pure reducers for live events and the reconnect policy (no DOM).
import type { LiveEvent } from '../../shared/api.js';
import type { GatewayView, SensorView, Severity, TimelineEntry, ValuePoint } from '../../shared/model.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Reconnect delay: 500 ms doubling to 30 s, with up to `jitter` (0..1) of random spread added. */
export function backoffDelay(attempt: number, random: () => number = Math.random, jitter = 0.2): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + jitter * random()));
}

/** Parse a WebSocket text frame; null for anything that is not a LiveEvent-looking object. */
export function parseLiveEvent(data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const v: unknown = JSON.parse(data);
    if (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string')
      return v as LiveEvent;
  } catch {
    /* not JSON */
  }
  return null;
}

/** The newest point of a values event (points may come in any order). */
export function newestPoint(points: ValuePoint[]): ValuePoint | null {
  let best: ValuePoint | null = null;
  for (const p of points) if (!best || p.time >= best.time) best = p;
  return best;
}

/** Apply a `values` event to a gateway's sensor list: the latest value moves forward only. */
export function applyValues(sensors: SensorView[], ev: LiveEvent): SensorView[] {
  if (ev.type !== 'values') return sensors;
  const p = newestPoint(ev.points);
  if (!p) return sensors;
  let changed = false;
  const next = sensors.map((s) => {
    if (s.gatewayId !== ev.gatewayId || s.id !== ev.sensorId) return s;
    if (s.latest && s.latest.time > p.time) return s;
    changed = true;
    return { ...s, latest: { time: p.time, value: p.value } };
  });
  return changed ? next : sensors;
}

/** Apply a `sensorStatus` event. */
export function applySensorStatus(sensors: SensorView[], ev: LiveEvent, now: number): SensorView[] {
  if (ev.type !== 'sensorStatus') return sensors;
  const status = ev.status.split(':')[0];
  if (status !== 'on' && status !== 'off' && status !== 'err' && status !== 'expired') return sensors;
  const reason =
    status === 'err' && ev.status.includes(':') ? ev.status.slice(ev.status.indexOf(':') + 1) : undefined;
  let changed = false;
  const next = sensors.map((s) => {
    if (s.gatewayId !== ev.gatewayId || s.id !== ev.sensorId) return s;
    changed = true;
    return {
      ...s,
      status: { status, expireAt: ev.expireAt, receivedAt: now, ...(reason !== undefined ? { reason } : {}) },
    } as SensorView;
  });
  return changed ? next : sensors;
}

/** Apply a `gateway` event to the gateway list: replace by id, or append (kept sorted by id). */
export function upsertGateway(list: GatewayView[], ev: LiveEvent): GatewayView[] {
  if (ev.type !== 'gateway') return list;
  const gw = ev.gateway;
  const i = list.findIndex((g) => g.id === gw.id);
  if (i >= 0) {
    const next = list.slice();
    next[i] = gw;
    return next;
  }
  return [...list, gw].sort((a, b) => a.id.localeCompare(b.id));
}

/** Prepend a live `timeline` entry when it passes the severity filter and is not there yet. */
export function prependTimeline(
  entries: TimelineEntry[],
  ev: LiveEvent,
  severity: Severity | '' = '',
  max = 1000,
): TimelineEntry[] {
  if (ev.type !== 'timeline') return entries;
  const e = ev.entry;
  if (severity && e.severity !== severity) return entries;
  if (entries.some((x) => x.id === e.id)) return entries;
  const next = [e, ...entries].sort((a, b) => b.id - a.id);
  return next.length > max ? next.slice(0, max) : next;
}

/** Append an older page (load more) without duplicates; stays newest first. */
export function appendOlder(entries: TimelineEntry[], older: TimelineEntry[]): TimelineEntry[] {
  const seen = new Set(entries.map((e) => e.id));
  return [...entries, ...older.filter((e) => !seen.has(e.id))].sort((a, b) => b.id - a.id);
}

/** The id to pass as `maxId` for the next older page: one below the oldest shown id, or null. */
export function nextMaxId(entries: TimelineEntry[]): number | null {
  if (entries.length === 0) return null;
  return Math.min(...entries.map((e) => e.id)) - 1;
}

/** Values of a `values` event for one sensor, as ValuePoints; empty when the event is for another sensor. */
export function pointsFor(ev: LiveEvent, gatewayId: string, sensorId: string): ValuePoint[] {
  if (ev.type !== 'values' || ev.gatewayId !== gatewayId || ev.sensorId !== sensorId) return [];
  return ev.points.map((p) => ({ time: p.time, value: p.value }));
}

/**
 * Collects items and hands them over together, once per animation frame; after `latestMs` at the
 * latest, since hidden tabs get no frames. One delivery is one task, in which React renders once.
 */
export class FrameBatcher<T> {
  private queue: T[] = [];
  private pending = false;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly latestMs = 250,
    private readonly frame: ((fn: () => void) => void) | null = typeof requestAnimationFrame === 'function'
      ? (fn) => requestAnimationFrame(fn)
      : null,
  ) {}

  push(item: T): void {
    this.queue.push(item);
    if (this.pending) return;
    this.pending = true;
    const flush = () => this.flush();
    this.frame?.(flush);
    setTimeout(flush, this.latestMs);
  }

  /** hands over what is queued (nothing when the frame or the timer already did) */
  flush(): void {
    if (!this.pending) return;
    this.pending = false;
    const items = this.queue;
    this.queue = [];
    this.deliver(items);
  }
}

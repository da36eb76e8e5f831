import type { LiveEvent } from '../../shared/api.js';
import { sensorKey } from '../../shared/dashboards.js';
import type { SensorValue } from '../../shared/model.js';

export interface Latest {
  time: number;
  value: SensorValue;
}

type Source = (fn: (ev: LiveEvent) => void) => () => void;

/**
 * Each sensor's latest live value, with listeners per sensor: a widget re-renders when its own sensor
 * changes, not on every live message of the site (50 widgets at 10 messages a second were 500 renders a
 * second). Values are applied once per animation frame, however many messages came in between.
 */
export class LatestValues {
  private readonly values = new Map<string, Latest>();
  private readonly pending = new Map<string, Latest>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private listening = 0;
  private stop: (() => void) | null = null;
  private frame: number | null = null;

  constructor(
    private readonly source: Source,
    private readonly schedule: (fn: () => void) => number = (fn) => requestAnimationFrame(fn),
  ) {}

  get(key: string): Latest | undefined {
    return this.values.get(key);
  }

  /** Listens to `key`; the live feed is followed while anyone listens. */
  subscribe(key: string, fn: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(fn);
    if (this.listening++ === 0) this.stop = this.source((ev) => this.onEvent(ev));
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(key);
      if (--this.listening === 0) {
        this.stop?.();
        this.stop = null;
      }
    };
  }

  private onEvent(ev: LiveEvent): void {
    if (ev.type !== 'values') return;
    const last = ev.points.at(-1);
    const key = sensorKey(ev);
    if (!last || !this.listeners.has(key)) return;
    const seen = this.pending.get(key) ?? this.values.get(key);
    if (seen && seen.time > last.time) return;
    this.pending.set(key, { time: last.time, value: last.value });
    this.frame ??= this.schedule(() => this.flush());
  }

  /** Applies what came in since the last frame and tells each changed sensor's listeners, once. */
  flush(): void {
    this.frame = null;
    const changed = [...this.pending];
    this.pending.clear();
    for (const [key, v] of changed) this.values.set(key, v);
    for (const [key] of changed) for (const fn of this.listeners.get(key) ?? []) fn();
  }
}

/** The newer of two values (what the site sent with the sensor list, what came live since). */
export function newer(a: Latest | null | undefined, b: Latest | null | undefined): Latest | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b.time > a.time ? b : a;
}

import type { ValuePoint } from '../../shared/model.js';

export interface Admission {
  stored: ValuePoint[];
  duplicates: number;
  outOfOrder: number;
  /** the newest time after this batch, undefined if the series is still empty */
  newest: number | undefined;
}

/** Largest |time| accepted: keeps every time delta and delta-of-delta exact in the varint codecs. */
export const MAX_ABS_TIME = 2 ** 49;

/**
 * The Thing+ ordering rule for one sensor's points, in message order: newer than the newest → stored;
 * equal to a time already stored (or stored earlier in this message) → duplicate; otherwise older →
 * out of order. Only the newest time is in memory; `knownTimes(from)` is asked (once, lazily) for the
 * stored times ≥ from when an old point needs telling apart from a resend, which is the rare path.
 */
export function admit(
  points: readonly ValuePoint[],
  newest: number | undefined,
  knownTimes: (from: number) => Set<number>,
): Admission {
  if (allNewer(points, newest)) {
    // the usual message: every point newer than the last, in order; stored as given, no copy
    return {
      stored: points as ValuePoint[],
      duplicates: 0,
      outOfOrder: 0,
      newest: points.at(-1)?.time ?? newest,
    };
  }
  const stored: ValuePoint[] = [];
  let duplicates = 0;
  let outOfOrder = 0;
  let known: Set<number> | null = null;
  for (const p of points) {
    if (newest === undefined || p.time > newest) {
      stored.push(p);
      newest = p.time;
      known?.add(p.time);
    } else if (p.time === newest) {
      duplicates++;
    } else {
      if (!known) {
        let min = p.time;
        for (const q of points) if (q.time < min) min = q.time;
        known = knownTimes(min);
        for (const s of stored) known.add(s.time);
      }
      if (known.has(p.time)) duplicates++;
      else outOfOrder++;
    }
  }
  return { stored, duplicates, outOfOrder, newest };
}

function allNewer(points: readonly ValuePoint[], newest: number | undefined): boolean {
  let last = newest ?? -Infinity;
  for (const p of points) {
    if (!(p.time > last)) return false;
    last = p.time;
  }
  return true;
}

export function checkPoint(p: ValuePoint): void {
  if (!Number.isSafeInteger(p.time) || Math.abs(p.time) > MAX_ABS_TIME) {
    throw new TypeError(`point time must be an integer epoch ms, got ${String(p.time)}`);
  }
  if (p.value === undefined) throw new TypeError('point value is undefined');
}

// Pure chart preparation: the resolution that fits the chart's width, min/max bands, gaps as gaps,
// state sensors as levels, and the thresholds of the rules that watch a sensor.
import type { SensorTypeDef } from '../../shared/catalogue.js';
import type { SensorValue, ValuePoint } from '../../shared/model.js';
import type { Rule } from '../../shared/rules.js';
import type { Interval } from './series.js';
import { formatValue } from './format.js';

const MINUTE = 60_000;
/** bucket sizes the chart may ask for, finest first ('0' = raw values) */
export const LADDER: ReadonlyArray<{ interval: Interval; ms: number }> = [
  { interval: '1m', ms: MINUTE },
  { interval: '5m', ms: 5 * MINUTE },
  { interval: '15m', ms: 15 * MINUTE },
  { interval: '1h', ms: 60 * MINUTE },
  { interval: '6h', ms: 360 * MINUTE },
  { interval: '1d', ms: 1440 * MINUTE },
];

export function intervalMs(interval: Interval): number {
  return LADDER.find((l) => l.interval === interval)?.ms ?? 0;
}

/**
 * About one point per pixel: raw values while a pixel holds less than a minute, else the finest bucket
 * that gives no more buckets than the chart has pixels.
 */
export function intervalForWidth(rangeMs: number, widthPx: number): Interval {
  const perPixel = rangeMs / Math.max(1, widthPx);
  if (perPixel < MINUTE) return '0';
  return (LADDER.find((l) => l.ms >= perPixel) ?? LADDER[LADDER.length - 1]!).interval;
}

/**
 * Raw values asked for before `removedBefore` (where retention or the disk budget removed them; the
 * rollups still hold them) come back empty: the 1-minute rollups answer there instead.
 */
export function intervalBeyondRaw(interval: Interval, start: number, removedBefore: number | null): Interval {
  return interval === '0' && removedBefore !== null && start < removedBefore ? '1m' : interval;
}

/** Start aligned down to the bucket size, so the store answers one rollup row per bucket. */
export function alignStart(start: number, interval: Interval): number {
  const ms = intervalMs(interval);
  return ms > 0 ? Math.floor(start / ms) * ms : start;
}

/** The typical spacing of a series (median of neighbour distances), 0 when under two points. */
export function typicalStep(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const d: number[] = [];
  for (let i = 1; i < times.length; i++) d.push(times[i]! - times[i - 1]!);
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)]!;
}

/** Chart columns: x in seconds; avg, and min/max when the answer was buckets. */
export interface BandData {
  x: number[];
  avg: Array<number | null>;
  min?: Array<number | null>;
  max?: Array<number | null>;
}

const num = (v: SensorValue | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * Average, min and max by time (the three answers of one bucketed request), with a null column inserted
 * wherever two neighbours lie more than two steps apart, so uPlot draws a gap instead of a line across.
 * `stepMs` 0 = the series' typical spacing (raw values).
 */
export function bandData(
  avg: readonly ValuePoint[],
  min: readonly ValuePoint[] | null,
  max: readonly ValuePoint[] | null,
  stepMs: number,
): BandData {
  const step = stepMs > 0 ? stepMs : typicalStep(avg.map((p) => p.time));
  const byTime = (pts: readonly ValuePoint[] | null) => new Map(pts?.map((p) => [p.time, p.value]));
  const mins = byTime(min);
  const maxs = byTime(max);
  const out: BandData = { x: [], avg: [], ...(min && max ? { min: [], max: [] } : {}) };
  const push = (t: number, a: number | null, lo: number | null, hi: number | null) => {
    out.x.push(t / 1000);
    out.avg.push(a);
    out.min?.push(lo);
    out.max?.push(hi);
  };
  let prev: number | null = null;
  for (const p of avg) {
    if (prev !== null && step > 0 && p.time - prev > 2 * step) push(prev + step, null, null, null);
    push(p.time, num(p.value), num(mins.get(p.time)), num(maxs.get(p.time)));
    prev = p.time;
  }
  return out;
}

/** A sensor whose values are states (on/off, modes, text): drawn as steps between levels, not averaged. */
export function isStateSensor(def: SensorTypeDef | undefined, category: string | undefined): boolean {
  if (category === 'actuator') return true;
  if (!def) return false;
  return (
    (Array.isArray(def.values) && def.values.length > 0) || def.type === 'string' || def.type === 'boolean'
  );
}

/** State values as level indexes (in the catalogue's order, then as first seen) with their labels. */
export function stateLevels(
  points: readonly ValuePoint[],
  known: readonly unknown[] = [],
  display: readonly unknown[] = [],
): { levels: string[]; data: BandData } {
  const levels: string[] = known.map((v) => stateLabel(v as SensorValue));
  const index = (v: SensorValue): number => {
    const label = stateLabel(v);
    let i = levels.indexOf(label);
    if (i < 0) i = levels.push(label) - 1;
    return i;
  };
  const data: BandData = { x: [], avg: [] };
  for (const p of points) {
    data.x.push(p.time / 1000);
    data.avg.push(p.value === null || p.value === undefined ? null : index(p.value));
  }
  // the catalogue's words for the levels ("off", "on") once the indexes are settled
  return { levels: levels.map((l, i) => (typeof display[i] === 'string' ? display[i] : l)), data };
}

/** An actuator's answer `{cmd: "on", result: …}` reads as its command. */
function stateLabel(v: SensorValue): string {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.cmd === 'string') return v.cmd;
  return formatValue(v);
}

export interface Threshold {
  value: number;
  rule: string;
  severity: string;
  /** the y scale it is drawn on (charts with an axis per unit); 'y' when absent */
  scale?: string;
}

/** Does the rule watch this sensor (by id, among its sensors, or by the sensor's type)? */
function watches(rule: Rule, gatewayId: string, sensorId: string, type: string | undefined): boolean {
  if (rule.gatewayId !== gatewayId) return false;
  if (rule.sensorId === sensorId || rule.sensorIds?.includes(sensorId)) return true;
  return rule.sensorType !== undefined && rule.sensorType === type;
}

/** The value lines of the active rules on a sensor: over/under their threshold, ranges both bounds. */
export function ruleThresholds(
  rules: readonly Rule[],
  gatewayId: string,
  sensorId: string,
  type: string | undefined,
): Threshold[] {
  const out: Threshold[] = [];
  for (const r of rules) {
    if (r.status !== 'activated' || (r.agent ?? 'sensorValue') !== 'sensorValue') continue;
    if (!watches(r, gatewayId, sensorId, type)) continue;
    const add = (v: number | undefined) => {
      if (typeof v === 'number' && Number.isFinite(v))
        out.push({ value: v, rule: r.name, severity: r.severity });
    };
    if (r.method === 'over' || r.method === 'under') add(r.threshold);
    else if (r.method === 'inRange' || r.method === 'outOfRange') {
      add(r.min);
      add(r.max);
    }
  }
  return out;
}

/** The index of the newest non-null value (the legend shows it while the cursor is off the chart). */
export function lastIndex(ys: ReadonlyArray<number | null | undefined>): number | null {
  for (let i = ys.length - 1; i >= 0; i--) if (ys[i] !== null && ys[i] !== undefined) return i;
  return null;
}

/** Pan by a fraction of the span (negative = back in time), never past `now`. */
export function panRange(start: number, end: number, fraction: number, now: number) {
  const span = end - start;
  const shift = Math.min(span * fraction, now - end);
  return { start: start + shift, end: end + shift };
}

/** Zoom out around the centre by `factor`, never past `now`. */
export function zoomOut(start: number, end: number, factor: number, now: number) {
  const mid = (start + end) / 2;
  const half = ((end - start) * factor) / 2;
  const e = Math.min(now, mid + half);
  return { start: e - 2 * half, end: e };
}

/** A range dragged out on a chart [a, b] (ms) as the range to show, never narrower than `minSpan`. */
export function zoomTo(a: number, b: number, minSpan: number): { start: number; end: number } {
  const mid = (a + b) / 2;
  const half = Math.max(b - a, minSpan) / 2;
  return { start: Math.round(mid - half), end: Math.round(mid + half) };
}

/** Several sensors on one chart: one y scale (and axis) per distinct unit, in first-seen order. */
export function unitScales(units: readonly string[]): { scaleOf: string[]; axes: string[] } {
  const axes: string[] = [];
  const scaleOf = units.map((u) => {
    let i = axes.indexOf(u);
    if (i < 0) i = axes.push(u) - 1;
    return `y${i}`;
  });
  return { scaleOf, axes };
}

/**
 * The indices of values with a gap on both sides: a line cannot show them, so a chart that draws no dots
 * draws these. A gap is a `null`; `undefined` is a time another sensor of the chart has a value at (uPlot's
 * join), passed over to the nearest entry of this sensor's own.
 */
export function isolatedIndices(ys: ArrayLike<number | null | undefined>): number[] {
  const out: number[] = [];
  // the sensor's own entries (values and gaps) in order, as indices into ys
  const own: number[] = [];
  for (let i = 0; i < ys.length; i++) if (ys[i] !== undefined) own.push(i);
  for (let k = 0; k < own.length; k++) {
    const i = own[k]!;
    if (ys[i] === null) continue;
    const before = k > 0 ? ys[own[k - 1]!] : null;
    const after = k < own.length - 1 ? ys[own[k + 1]!] : null;
    if (before === null && after === null) out.push(i);
  }
  return out;
}

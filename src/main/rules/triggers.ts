import type { SensorValue } from '../../shared/model.js';
import type { Rule, StatusValue } from '../../shared/rules.js';

/**
 * Triggers as pure functions of a value and the state kept per (rule, sensor): the engine (engine.ts)
 * and the test against history (backtest.ts) step the same `TriggerState`, so a rule tested against
 * yesterday fires exactly where it would have fired live.
 */

export type TriggerRule = Pick<
  Rule,
  | 'method'
  | 'threshold'
  | 'min'
  | 'max'
  | 'from'
  | 'to'
  | 'windowSeconds'
  | 'statuses'
  | 'deadband'
  | 'holdSeconds'
>;

/** methods whose condition is a level (active while it holds), as opposed to a momentary event */
const MOMENTARY = new Set<Rule['method']>(['changed', 'cron']);

export const isMomentary = (rule: Pick<Rule, 'method'>): boolean => MOMENTARY.has(rule.method);

/**
 * over/under/inRange/outOfRange with hysteresis: once active, the condition holds until the value is
 * back past the limit by the deadband, so a value hovering at a threshold does not flap.
 */
export function levelActive(rule: TriggerRule, value: number, wasActive: boolean): boolean {
  const band = wasActive ? Math.max(rule.deadband ?? 0, 0) : 0;
  const min = rule.min ?? -Infinity;
  const max = rule.max ?? Infinity;
  switch (rule.method) {
    case 'over':
      return value > rule.threshold - band;
    case 'under':
      return value < rule.threshold + band;
    case 'inRange':
      return value >= min - band && value <= max + band;
    case 'outOfRange':
      return value < min + band || value > max - band;
    default:
      return false;
  }
}

/** `changed {from, to}`: the value moved from `from` to `to` (either absent = any value). */
export function changedFires(
  rule: TriggerRule,
  previous: SensorValue | undefined,
  value: SensorValue,
): boolean {
  if (previous === undefined || sameValue(previous, value)) return false;
  if (rule.from !== undefined && !sameValue(previous, rule.from)) return false;
  return rule.to === undefined || sameValue(value, rule.to);
}

/** Numbers compare as numbers whatever their spelling ("1" = 1 = 1.0), the rest as text. */
function sameValue(a: SensorValue | number | string, b: SensorValue | number | string): boolean {
  const x = typeof a === 'number' ? a : Number(a);
  const y = typeof b === 'number' ? b : Number(b);
  if (typeof a !== 'object' && typeof b !== 'object' && Number.isFinite(x) && Number.isFinite(y))
    return x === y;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function statusActive(rule: Pick<Rule, 'statuses'>, status: StatusValue | null): boolean {
  return status !== null && (rule.statuses ?? []).includes(status);
}

/** What one value did to a (rule, sensor)'s trigger. */
export interface Step {
  active: boolean;
  was: boolean;
  /** a momentary trigger (changed) fired: active for this value only */
  pulse: boolean;
  /** the raw condition holds but has not held `holdSeconds` yet */
  holding: boolean;
}

/**
 * The state of one (rule, sensor): whether the condition is active, since when it has held (for
 * "held for a duration"), the previous value (changed) and the values of the rate window.
 */
export class TriggerState {
  active: boolean;
  /** the step returned, reused (the caller reads it at once): no allocation per value */
  private readonly out: Step = { active: false, was: false, pulse: false, holding: false };
  private holdingSince: number | null = null;
  private previous: SensorValue | undefined;
  private window: Array<{ time: number; value: number }> = [];

  constructor(active = false) {
    this.active = active;
  }

  /** one value, in time order; values older than the last one are ignored by the caller */
  step(rule: TriggerRule, value: SensorValue, time: number): Step {
    const was = this.active;
    if (rule.method === 'changed') {
      const pulse = changedFires(rule, this.previous, value);
      this.previous = value;
      this.active = false;
      return this.result(pulse, was, pulse, false);
    }
    this.previous = value;
    const raw = this.raw(rule, value, time, was);
    return this.held(rule, raw, was, time);
  }

  /** a status (gateway/sensor status triggers) or a no-data verdict: a level without a value */
  setLevel(rule: TriggerRule, raw: boolean, time: number): Step {
    return this.held(rule, raw, this.active, time);
  }

  private raw(rule: TriggerRule, value: SensorValue, time: number, was: boolean): boolean {
    const n = typeof value === 'number' ? value : Number(value);
    if (
      typeof value !== 'number' &&
      (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n))
    )
      return was;
    if (rule.method === 'rate') return this.rateActive(rule, n, time, was);
    return levelActive(rule, n, was);
  }

  /** the value moved by more than `threshold` within `windowSeconds` (largest swing in the window) */
  private rateActive(rule: TriggerRule, value: number, time: number, was: boolean): boolean {
    const since = time - (rule.windowSeconds ?? 60) * 1000;
    this.window = this.window.filter((p) => p.time >= since);
    this.window.push({ time, value });
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of this.window) {
      lo = Math.min(lo, p.value);
      hi = Math.max(hi, p.value);
    }
    const band = was ? Math.max(rule.deadband ?? 0, 0) : 0;
    return hi - lo > rule.threshold - band;
  }

  /** Held for a duration: a condition becomes active only once it has held `holdSeconds` (by value time). */
  private held(rule: TriggerRule, raw: boolean, was: boolean, time: number): Step {
    const holdMs = (rule.holdSeconds ?? 0) * 1000;
    if (!raw || was || holdMs <= 0) {
      this.holdingSince = null;
      this.active = raw;
      return this.result(raw, was, false, false);
    }
    const since = Math.min(this.holdingSince ?? time, time);
    this.holdingSince = since;
    if (time - since < holdMs) {
      this.active = false;
      return this.result(false, was, false, true);
    }
    this.holdingSince = null;
    this.active = true;
    return this.result(true, was, false, false);
  }

  private result(active: boolean, was: boolean, pulse: boolean, holding: boolean): Step {
    const out = this.out;
    out.active = active;
    out.was = was;
    out.pulse = pulse;
    out.holding = holding;
    return out;
  }
}

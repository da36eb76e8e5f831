import type { Rule, SensorValue } from '../../shared/model.js';
import { triggerText } from '../../shared/rules.js';
import type { Firing } from '../actions/index.js';
import type { Timeline } from '../timeline/index.js';
import { failedCondition } from './conditions.js';
import type { EvaluationLog } from './history.js';
import type { RuleStore } from './rule-store.js';
import { TriggerState, type Step } from './triggers.js';
import type { ConditionSink, RuleCondition, SensorDirectory, ValueEvent } from './types.js';
import { sensorKey, splitSensorKey } from '../../shared/sensor-key.js';

/** Thing+ throttling: a periodic trigger fires at most once per 5 min per rule and sensor, an event one per 15 s. */
export const THROTTLE_MS = { series: 5 * 60_000, event: 15_000 } as const;

const DEFAULT_TEMPLATE = '{{triggerSensor}}@{{triggerGateway}}: {{value}} ({{triggerCondition}})';

export interface EvaluatorDeps {
  store: RuleStore;
  timeline: Timeline;
  dir: SensorDirectory;
  history: EvaluationLog;
  alarms?: ConditionSink;
  actions?: (firing: Firing) => void;
  epoch: () => number;
}

/** One evaluation: a rule, the sensor it is about and what woke it. */
export interface Evaluation {
  rule: Rule;
  gatewayId: string;
  sensorId: string;
  value: SensorValue;
  time: number;
  /** series values throttle at 5 min, events and statuses at 15 s (unless the rule says otherwise) */
  kind: 'series' | 'event';
}

/** a value as alarms and templates take it (a JSON object or a boolean as its text) */
const plain = (v: SensorValue): number | string =>
  typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);

/**
 * The state of every (rule, sensor) and what follows from a step of its trigger: conditions, the alarm
 * (told every change, never throttled), the throttle and the actions, and the evaluation history.
 */
/** What is kept per (rule, sensor), found with one map lookup per value event, not per value. */
interface Slot {
  state: TriggerState;
  /** the condition as last told to the alarms: the deadband needs it across restarts */
  told: boolean;
  /** the last time the actions ran (the throttle; saved, so it outlives a restart) */
  lastFired: number | undefined;
}

export class Evaluator {
  /** by sensor key (sensor-key.ts), then rule id: one string lookup per value event */
  private readonly slots = new Map<string, Map<number, Slot>>();
  /** throttles of (rule, sensor)s without a slot yet: loaded at start, kept when slots are rebuilt */
  private readonly throttles = new Map<string, number>();
  firedTotal = 0;
  private alarmFailure: unknown;

  constructor(private readonly d: EvaluatorDeps) {}

  loadThrottles(): void {
    for (const row of this.d.store.throttles())
      this.throttles.set(`${row.rule_id}\u0000${row.sensor_id}`, row.last_fired);
  }

  /** a rule changed or mastership ended: states are rebuilt from the stored alarms */
  reset(keepThrottles: boolean): void {
    if (keepThrottles) {
      for (const [k, byRule] of this.slots) {
        const [, sensorId] = splitSensorKey(k);
        for (const [ruleId, slot] of byRule)
          if (slot.lastFired !== undefined) this.throttles.set(`${ruleId}\u0000${sensorId}`, slot.lastFired);
      }
    } else this.throttles.clear();
    this.slots.clear();
  }

  private slot(rule: Rule, gatewayId: string, sensorId: string, key = sensorKey(gatewayId, sensorId)): Slot {
    let byRule = this.slots.get(key);
    if (!byRule) this.slots.set(key, (byRule = new Map()));
    let slot = byRule.get(rule.id);
    if (!slot) {
      const was = this.d.alarms?.conditionActive(rule.id, gatewayId, sensorId) ?? false;
      slot = {
        state: new TriggerState(was),
        told: was,
        lastFired: this.throttles.get(`${rule.id}\u0000${sensorId}`),
      };
      byRule.set(rule.id, slot);
    }
    return slot;
  }

  state(rule: Rule, gatewayId: string, sensorId: string): TriggerState {
    return this.slot(rule, gatewayId, sensorId).state;
  }

  /** the values of one event for one rule, in time order */
  values(rule: Rule, event: ValueEvent, key: string): void {
    const slot = this.slot(rule, event.gatewayId, event.sensorId, key);
    // one Evaluation per event, its value and time set per point (the hot path allocates no more)
    const e: Evaluation = {
      rule,
      gatewayId: event.gatewayId,
      sensorId: event.sensorId,
      value: 0,
      time: 0,
      kind: event.dataType,
    };
    for (const point of event.points) {
      e.value = point.value;
      e.time = point.time;
      this.applyTo(slot, e, slot.state.step(rule, point.value, point.time));
    }
  }

  /** a level decided outside the trigger (status, no data) */
  level(e: Evaluation, raw: boolean): void {
    const slot = this.slot(e.rule, e.gatewayId, e.sensorId);
    this.applyTo(slot, e, slot.state.setLevel(e.rule, raw, e.time));
  }

  /** a step decided outside the trigger (a schedule's tick) */
  apply(e: Evaluation, step: Step): void {
    this.applyTo(this.slot(e.rule, e.gatewayId, e.sensorId), e, step);
  }

  /** the trigger's step → conditions → alarm → throttled actions → history */
  private applyTo(slot: Slot, e: Evaluation, step: Step): void {
    const { rule } = e;
    const failed = step.active ? this.failed(e) : null;
    const active = step.active && failed === null;
    const was = slot.told;
    if (step.pulse) {
      if (active) {
        this.tell(e, true);
        this.tell(e, false);
      }
      slot.told = false;
    } else {
      // a latched rule's active value is passed on even unchanged: after a reset it latches again
      if (active !== was || (active && rule.latched)) this.tell(e, active);
      slot.told = active;
    }
    let reason: string | null = failed ?? (step.holding ? 'held: not yet for the hold time' : null);
    let fired = false;
    if (active) {
      if (this.throttled(slot, e)) reason = 'throttled';
      else {
        this.fire(e);
        fired = true;
      }
    }
    if (active === was && !step.pulse && !fired && reason === null)
      this.d.history.touch(rule.id, e.time, e.gatewayId, e.sensorId, plain(e.value));
    else
      this.d.history.add(rule.id, {
        time: e.time,
        gatewayId: e.gatewayId,
        sensorId: e.sensorId,
        value: plain(e.value),
        active,
        fired,
        reason,
      });
  }

  /** rethrows, once the values are through, an alarm that could not be written (the guard counts it) */
  takeAlarmFailure(): unknown {
    const failure = this.alarmFailure;
    this.alarmFailure = undefined;
    return failure;
  }

  private failed(e: Evaluation): string | null {
    if (!e.rule.conditions?.length) return null;
    return failedCondition(e.rule.conditions, {
      latest: (gw, s) => this.d.dir.latest(gw, s),
      gatewayStatus: (gw) => this.d.dir.gatewayStatus(gw),
      time: e.time,
      timezone: e.rule.timezone ?? 'UTC',
    });
  }

  /** Throttling limits the repeated action, never the alarm (told before this is asked). */
  private throttled(slot: Slot, e: Evaluation): boolean {
    const last = slot.lastFired;
    const window = e.rule.throttleSeconds !== undefined ? e.rule.throttleSeconds * 1000 : THROTTLE_MS[e.kind];
    if (last !== undefined && e.time - last < window && e.time >= last) return true;
    slot.lastFired = e.time;
    this.d.store.saveThrottle(e.rule.id, e.sensorId, e.time);
    return false;
  }

  /**
   * An alarm that cannot be written (site.db full, say) must not cost the rule's action: the failure is
   * kept and thrown once the values are through (the caller's guard logs and counts it).
   */
  private tell(e: Evaluation, active: boolean): void {
    if (!this.d.alarms || e.rule.method === 'cron') return;
    const change: RuleCondition = {
      rule: { id: e.rule.id, name: e.rule.name, severity: e.rule.severity, latched: e.rule.latched === true },
      gatewayId: e.gatewayId,
      sensorId: e.sensorId,
      active,
      value: plain(e.value),
      time: e.time,
    };
    try {
      this.d.alarms.onCondition(change);
    } catch (err) {
      this.alarmFailure ??= err;
    }
  }

  private fire(e: Evaluation): void {
    const { rule } = e;
    // over/under keep the words of 0.1 (`over 70`): stored timelines and the console read them
    const condition =
      rule.method === 'over' || rule.method === 'under'
        ? `${rule.method} ${rule.threshold}`
        : triggerText(rule);
    const value = plain(e.value);
    this.firedTotal += 1;
    if (rule.actions && this.d.actions) {
      // the rule's own actions (a timeline/add among them, or not), run without waiting
      this.d.actions({
        rule,
        gatewayId: e.gatewayId,
        sensorId: e.sensorId,
        value,
        condition,
        threshold: rule.threshold,
        time: e.time,
        epoch: this.d.epoch(),
      });
      return;
    }
    const message = (rule.message || DEFAULT_TEMPLATE)
      .replaceAll('{{value}}', String(value))
      .replaceAll('{{triggerSensor}}', e.sensorId)
      .replaceAll('{{triggerGateway}}', e.gatewayId)
      .replaceAll('{{triggerCondition}}', condition)
      .replaceAll('{{threshold}}', String(rule.threshold));
    this.d.timeline.add({
      type: 'rule',
      node: e.sensorId
        ? [{ type: 'sensor', id: e.sensorId, gatewayId: e.gatewayId }]
        : [{ type: 'gateway', id: e.gatewayId }],
      rule: { id: rule.id, name: rule.name, what: condition, when: e.time },
      severity: rule.severity,
      message: `${rule.name}: ${message}`,
      epoch: this.d.epoch(),
    });
  }
}

import { EventEmitter } from 'node:events';
import { prepared } from '../storage/database.js';
import type { Rule } from '../../shared/model.js';
import type { RuleInput } from '../../shared/api.js';
import { SEVERITIES } from '../../shared/api.js';
import { badRequest, notFound } from '../errors.js';
import type { MasterDuty } from '../cluster/types.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { Timeline } from '../timeline/index.js';
import type { ConditionSink, RuleCondition, RuleEvaluator, ValueEvent } from './types.js';
import { actionProblems, type Firing } from '../actions/index.js';
import { sensorKey } from '../../shared/sensor-key.js';

/** Thing+ throttling: a periodic trigger fires at most once per 5 min per rule and sensor, an event one per 15 s. */
export const THROTTLE_MS = { series: 5 * 60_000, event: 15_000 } as const;

const DEFAULT_TEMPLATE = '{{triggerSensor}}@{{triggerGateway}}: {{value}} ({{triggerCondition}})';

interface RuleRow {
  id: number;
  name: string;
  desc: string;
  severity: Rule['severity'];
  status: Rule['status'];
  gateway_id: string;
  sensor_id: string;
  method: Rule['method'];
  threshold: number;
  message: string | null;
  deadband: number;
  latched: number;
  actions: string | null;
  hold_seconds: number;
  timezone: string | null;
  ctime: number;
  mtime: number;
}

/** What a rule passes its results on to (both optional: without them it writes timeline lines only). */
export interface RuleDeps {
  /** alarms (ISA-18.2), told every change of a condition, never throttled */
  alarms?: ConditionSink;
  /** runs a rule's actions asynchronously (actions/runner.ts), called when the rule fires (throttled) */
  actions?: (firing: Firing) => void;
  /** the site has an SMTP relay, so `email/send` actions may be saved */
  emailConfigured?: boolean;
}

/**
 * "Sensor value over / under a threshold → timeline entry with severity". Runs only on the acting master
 * (a MasterDuty); every entry it writes carries the master's epoch so a deposed master's late entries can
 * be told apart.
 */
export class ThresholdRules extends EventEmitter<{ changed: [] }> implements RuleEvaluator, MasterDuty {
  readonly name = 'rules';
  private bySensor = new Map<string, Rule[]>();
  private readonly lastFired = new Map<string, number>();
  /** each (rule, sensor)'s condition as last evaluated: the deadband needs it */
  private readonly conditions = new Map<string, boolean>();
  /** since when a held-for-duration rule's condition has held without being active yet (value time) */
  private readonly holding = new Map<string, number>();
  private epoch: number | null = null;
  firedTotal = 0;
  private alarmFailure: unknown;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly timeline: Timeline,
    private readonly sensorExists: (gatewayId: string, sensorId: string) => boolean,
    private readonly now: () => number = Date.now,
    private readonly deps: RuleDeps = {},
  ) {
    super();
    this.reindex();
  }

  start(epoch: number): void {
    this.epoch = epoch;
    // the throttle outlives a restart or a change of master: an action is not repeated at once
    const rows = prepared(
      this.db,
      'SELECT rule_id, sensor_id, last_fired FROM rule_throttle',
    ).all() as Array<{
      rule_id: number;
      sensor_id: string;
      last_fired: number;
    }>;
    for (const row of rows) this.lastFired.set(`${row.rule_id}\u0000${row.sensor_id}`, row.last_fired);
  }

  stop(): void {
    this.epoch = null;
    this.lastFired.clear();
    // the next master reads the conditions back from the stored alarms
    this.conditions.clear();
    this.holding.clear();
  }

  get active(): boolean {
    return this.epoch !== null;
  }

  list(): Rule[] {
    return (prepared(this.db, 'SELECT * FROM rules ORDER BY id').all() as RuleRow[]).map(fromRow);
  }

  get(id: number): Rule {
    const row = prepared(this.db, 'SELECT * FROM rules WHERE id = ?').get(id) as RuleRow | undefined;
    if (!row) throw notFound(`rule ${id}`);
    return fromRow(row);
  }

  create(input: RuleInput): Rule {
    this.validate(input);
    const now = this.now();
    const result = prepared(
      this.db,
      `INSERT INTO rules (name, desc, severity, status, gateway_id, sensor_id, method, threshold, message,
           deadband, latched, actions, hold_seconds, timezone, ctime, mtime)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.name.trim(),
      input.desc ?? '',
      input.severity,
      input.status,
      input.gatewayId,
      input.sensorId,
      input.method,
      input.threshold,
      input.message ?? null,
      input.deadband ?? 0,
      input.latched ? 1 : 0,
      input.actions ? JSON.stringify(input.actions) : null,
      input.holdSeconds ?? 0,
      input.timezone ?? null,
      now,
      now,
    );
    this.reindex();
    return this.get(Number(result.lastInsertRowid));
  }

  update(id: number, patch: Partial<RuleInput>): Rule {
    const next = { ...this.get(id), ...patch };
    this.validate(next);
    prepared(
      this.db,
      `UPDATE rules SET name = ?, desc = ?, severity = ?, status = ?, gateway_id = ?, sensor_id = ?, method = ?,
           threshold = ?, message = ?, deadband = ?, latched = ?, actions = ?,
           hold_seconds = ?, timezone = ?, mtime = ? WHERE id = ?`,
    ).run(
      next.name,
      next.desc,
      next.severity,
      next.status,
      next.gatewayId,
      next.sensorId,
      next.method,
      next.threshold,
      next.message ?? null,
      next.deadband ?? 0,
      next.latched ? 1 : 0,
      next.actions ? JSON.stringify(next.actions) : null,
      next.holdSeconds ?? 0,
      next.timezone ?? null,
      this.now(),
      id,
    );
    this.reindex();
    return this.get(id);
  }

  delete(id: number): void {
    this.get(id);
    prepared(this.db, 'DELETE FROM rules WHERE id = ?').run(id);
    this.reindex();
  }

  /** Drop the rules of a deleted sensor or gateway. */
  deleteForSensor(gatewayId: string, sensorId?: string): void {
    if (sensorId === undefined) prepared(this.db, 'DELETE FROM rules WHERE gateway_id = ?').run(gatewayId);
    else
      prepared(this.db, 'DELETE FROM rules WHERE gateway_id = ? AND sensor_id = ?').run(gatewayId, sensorId);
    this.reindex();
  }

  onValues(event: ValueEvent): void {
    if (this.epoch === null) return;
    this.alarmFailure = undefined;
    this.evaluateAll(event);
    const failure = this.alarmFailure;
    this.alarmFailure = undefined;
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  }

  private evaluateAll(event: ValueEvent): void {
    const rules = this.bySensor.get(key(event.gatewayId, event.sensorId));
    if (!rules) return;
    for (const rule of rules) {
      for (const point of event.points) {
        if (typeof point.value !== 'number') continue;
        if (!this.evaluate(rule, event, point.value, point.time)) continue;
        // Throttling limits the repeated action (the timeline line), never the alarm: evaluate() ran first.
        const throttleKey = `${rule.id}\u0000${event.sensorId}`;
        const last = this.lastFired.get(throttleKey);
        if (last !== undefined && point.time - last < THROTTLE_MS[event.dataType] && point.time >= last)
          continue;
        this.lastFired.set(throttleKey, point.time);
        this.saveThrottle(rule.id, event.sensorId, point.time);
        this.fire(rule, point.value, point.time);
      }
    }
  }

  /** The condition with its deadband, passed on to the alarms when it changes; true when active. */
  private evaluate(rule: Rule, event: ValueEvent, value: number, time: number): boolean {
    const k = `${rule.id}\u0000${event.gatewayId}\u0000${event.sensorId}`;
    const was =
      this.conditions.get(k) ??
      this.deps.alarms?.conditionActive(rule.id, event.gatewayId, event.sensorId) ??
      false;
    const active = this.held(rule, k, isActive(rule, value, was), was, time);
    this.conditions.set(k, active);
    // a latched rule's active value is passed on even unchanged: after a reset it latches again
    if (this.deps.alarms && (active !== was || (active && rule.latched))) {
      this.tellAlarms({
        rule: { id: rule.id, name: rule.name, severity: rule.severity, latched: rule.latched === true },
        gatewayId: event.gatewayId,
        sensorId: event.sensorId,
        active,
        value,
        time,
      });
    }
    return active;
  }

  /** Best effort: a throttle not saved (site.db full) may repeat one action after a restart, no more. */
  private saveThrottle(ruleId: number, sensorId: string, time: number): void {
    try {
      prepared(
        this.db,
        `INSERT INTO rule_throttle (rule_id, sensor_id, last_fired) VALUES (?, ?, ?)
           ON CONFLICT (rule_id, sensor_id) DO UPDATE SET last_fired = excluded.last_fired`,
      ).run(ruleId, sensorId, time);
    } catch {
      // the action itself matters more than remembering it
    }
  }

  /** Held for a duration: a condition becomes active only once it has held `holdSeconds` (by value time). */
  private held(rule: Rule, k: string, raw: boolean, was: boolean, time: number): boolean {
    const holdMs = (rule.holdSeconds ?? 0) * 1000;
    if (!raw || was || holdMs <= 0) {
      this.holding.delete(k);
      return raw;
    }
    const since = this.holding.get(k) ?? time;
    this.holding.set(k, Math.min(since, time));
    if (time - since < holdMs) return false;
    this.holding.delete(k);
    return true;
  }

  /**
   * An alarm that cannot be written (site.db full, say) must not cost the rule's action: the failure is
   * kept and thrown once the values are through (the caller's guard logs and counts it).
   */
  private tellAlarms(change: RuleCondition): void {
    try {
      this.deps.alarms?.onCondition(change);
    } catch (err) {
      this.alarmFailure ??= err;
    }
  }

  private fire(rule: Rule, value: number, time: number): void {
    const condition = `${rule.method} ${rule.threshold}`;
    const message = (rule.message || DEFAULT_TEMPLATE)
      .replaceAll('{{value}}', String(value))
      .replaceAll('{{triggerSensor}}', rule.sensorId)
      .replaceAll('{{triggerGateway}}', rule.gatewayId)
      .replaceAll('{{triggerCondition}}', condition)
      .replaceAll('{{threshold}}', String(rule.threshold));
    this.firedTotal += 1;
    if (rule.actions && this.deps.actions) {
      // the rule's own actions (a timeline/add among them, or not), run without waiting
      this.deps.actions({
        rule,
        gatewayId: rule.gatewayId,
        sensorId: rule.sensorId,
        value,
        condition,
        threshold: rule.threshold,
        time,
        epoch: this.epoch ?? 0,
      });
      return;
    }
    this.timeline.add({
      type: 'rule',
      node: [{ type: 'sensor', id: rule.sensorId, gatewayId: rule.gatewayId }],
      rule: { id: rule.id, name: rule.name, what: condition, when: time },
      severity: rule.severity,
      message: `${rule.name}: ${message}`,
      epoch: this.epoch ?? 0,
    });
  }

  private validate(input: Partial<RuleInput>): void {
    const problems: string[] = [];
    if (!input.name || !input.name.trim()) problems.push('name is required');
    if (!input.severity || !SEVERITIES.includes(input.severity))
      problems.push(`severity must be one of ${SEVERITIES.join(', ')}`);
    if (input.status !== 'activated' && input.status !== 'deactivated')
      problems.push('status must be activated or deactivated');
    if (input.method !== 'over' && input.method !== 'under') problems.push('method must be over or under');
    if (typeof input.threshold !== 'number' || !Number.isFinite(input.threshold))
      problems.push('threshold must be a finite number');
    if (input.deadband !== undefined && !(Number.isFinite(input.deadband) && input.deadband >= 0))
      problems.push('deadband must be a finite number ≥ 0');
    if (input.holdSeconds !== undefined && !(Number.isFinite(input.holdSeconds) && input.holdSeconds >= 0))
      problems.push('holdSeconds must be a finite number ≥ 0');
    problems.push(
      ...actionProblems(input.actions, this.sensorExists, { emailConfigured: this.deps.emailConfigured }),
    );
    if (!input.gatewayId || !input.sensorId || !this.sensorExists(input.gatewayId, input.sensorId)) {
      problems.push(`sensor ${input.sensorId ?? '?'} of gateway ${input.gatewayId ?? '?'} does not exist`);
    }
    if (problems.length > 0) throw badRequest(`invalid rule: ${problems.join('; ')}`, problems);
  }

  private reindex(): void {
    const index = new Map<string, Rule[]>();
    for (const rule of this.list()) {
      if (rule.status !== 'activated') continue;
      const k = key(rule.gatewayId, rule.sensorId);
      index.set(k, [...(index.get(k) ?? []), rule]);
    }
    this.bySensor = index;
    prepared(this.db, 'DELETE FROM rule_throttle WHERE rule_id NOT IN (SELECT id FROM rules)').run();
    // a rule's threshold, deadband or status may have changed: conditions are read again from the alarms
    this.conditions.clear();
    this.emit('changed');
  }
}

/**
 * Over / under the threshold; once active, the condition holds until the value is back past the threshold
 * by the deadband, so a value hovering at the threshold does not flap.
 */
export function isActive(rule: Rule, value: number, wasActive: boolean): boolean {
  const band = wasActive ? Math.max(rule.deadband ?? 0, 0) : 0;
  return rule.method === 'over' ? value > rule.threshold - band : value < rule.threshold + band;
}

const key = sensorKey;

function fromRow(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    desc: row.desc,
    severity: row.severity,
    status: row.status,
    gatewayId: row.gateway_id,
    sensorId: row.sensor_id,
    method: row.method,
    threshold: row.threshold,
    ...(row.message ? { message: row.message } : {}),
    // only when set, so a rule that uses neither reads back exactly as before they existed
    ...(row.deadband ? { deadband: row.deadband } : {}),
    ...(row.latched ? { latched: true } : {}),
    ...(row.actions ? { actions: JSON.parse(row.actions) as Rule['actions'] } : {}),
    ...(row.hold_seconds ? { holdSeconds: row.hold_seconds } : {}),
    ...(row.timezone ? { timezone: row.timezone } : {}),
    ctime: row.ctime,
    mtime: row.mtime,
  };
}

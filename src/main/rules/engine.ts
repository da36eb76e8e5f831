import { EventEmitter } from 'node:events';
import type { RuleInput } from '../../shared/api.js';
import type { Rule } from '../../shared/model.js';
import type { RuleEvaluation, RuleTestResult, StatusValue } from '../../shared/rules.js';
import { oneActionProblems, type Firing } from '../actions/index.js';
import type { MasterDuty } from '../cluster/types.js';
import { badRequest } from '../errors.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { Timeline } from '../timeline/index.js';
import { testRule, type HistorySource } from './backtest.js';
import { Evaluator } from './evaluator.js';
import { EvaluationLog } from './history.js';
import { RuleIndex } from './rule-index.js';
import { RuleStore, withoutMeta } from './rule-store.js';
import { statusActive } from './triggers.js';
import { RuleTimers } from './timers.js';
import {
  existenceOnly,
  type ConditionSink,
  type RuleEvaluator,
  type SensorDirectory,
  type ValueEvent,
} from './types.js';
import { ruleProblems } from './validate.js';
import { sensorKey } from '../../shared/sensor-key.js';

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
 * The rules service: rules in site.db, and their evaluation on the acting master (a MasterDuty) as
 * values, statuses and the clock arrive. A value costs one index lookup (rule-index.ts); each
 * (rule, sensor) steps its trigger (triggers.ts), and the evaluator turns steps into alarms, throttled
 * actions and history. Everything it writes carries the master's epoch.
 */
export class RulesEngine extends EventEmitter<{ changed: [] }> implements RuleEvaluator, MasterDuty {
  readonly name = 'rules';
  private readonly store: RuleStore;
  private readonly dir: SensorDirectory;
  private readonly history = new EvaluationLog();
  private readonly evaluator: Evaluator;
  private readonly timers: RuleTimers;
  private index = new RuleIndex([]);
  private epoch: number | null = null;
  private readonly emailConfigured: boolean;

  constructor(
    db: SqliteDatabase,
    timeline: Timeline,
    directory: SensorDirectory | ((gatewayId: string, sensorId: string) => boolean),
    private readonly now: () => number = Date.now,
    deps: RuleDeps = {},
  ) {
    super();
    this.store = new RuleStore(db, now);
    this.emailConfigured = deps.emailConfigured === true;
    this.dir = typeof directory === 'function' ? existenceOnly(directory) : directory;
    this.evaluator = new Evaluator({
      store: this.store,
      timeline,
      dir: this.dir,
      history: this.history,
      ...deps,
      epoch: () => this.epoch ?? 0,
    });
    this.timers = new RuleTimers(this.evaluator, this.dir, now);
    this.reindex();
  }

  get firedTotal(): number {
    return this.evaluator.firedTotal;
  }

  start(epoch: number): void {
    this.epoch = epoch;
    // the throttle outlives a restart or a change of master: an action is not repeated at once
    this.evaluator.loadThrottles();
    this.timers.arm(this.index);
  }

  stop(): void {
    this.epoch = null;
    this.timers.disarm();
    // the next master reads the conditions back from the stored alarms
    this.evaluator.reset(false);
  }

  get active(): boolean {
    return this.epoch !== null;
  }

  /** reads the rules again (site.db changed under it: the cluster's control log) */
  reload(): void {
    this.reindex();
  }

  list(): Rule[] {
    return this.store.list();
  }

  get(id: number): Rule {
    return this.store.get(id);
  }

  create(input: RuleInput): Rule {
    this.validate(input);
    const id = this.store.insert(input);
    this.reindex();
    return this.get(id);
  }

  update(id: number, patch: Partial<RuleInput>): Rule {
    const next = { ...withoutMeta(this.get(id)), ...patch };
    this.validate(next);
    this.store.update(id, next);
    this.reindex();
    return this.get(id);
  }

  delete(id: number): void {
    this.get(id);
    this.store.delete(id);
    this.reindex();
  }

  /** many rules in one transaction: all are stored or none; problems name the rule by its position */
  importMany(inputs: readonly RuleInput[]): Rule[] {
    const problems = inputs.flatMap((input, i) =>
      ruleProblems(input, this.dir, this.emailConfigured).map(
        (p) => `rules[${i}] (${input.name || 'unnamed'}): ${p}`,
      ),
    );
    if (problems.length > 0) throw badRequest(`invalid rules: ${problems.join('; ')}`, problems);
    const ids = this.store.transaction(() => inputs.map((input) => this.store.insert(input)));
    this.reindex();
    return ids.map((id) => this.get(id));
  }

  /** Drop a deleted sensor (or gateway) from the rules. */
  deleteForSensor(gatewayId: string, sensorId?: string): void {
    this.store.deleteForSensor(gatewayId, sensorId);
    this.reindex();
  }

  /** the rule's last evaluations, newest first */
  evaluations(id: number): RuleEvaluation[] {
    this.get(id);
    return this.history.of(id);
  }

  /** the rule (checked as for saving, not saved) replayed over stored values (backtest.ts) */
  test(input: RuleInput, from: number, to: number, history: HistorySource): RuleTestResult {
    this.validate(input);
    return testRule(input, from, to, history, this.dir);
  }

  /** one action checked as when a rule is saved (the console's "send a test") */
  actionProblems(action: unknown, at: string): string[] {
    return oneActionProblems(action, at, (gw, s) => this.dir.exists(gw, s), {
      emailConfigured: this.emailConfigured,
      commandProblems: this.dir.commandProblems?.bind(this.dir),
    });
  }

  validate(input: Partial<RuleInput>): void {
    const problems = ruleProblems(input, this.dir, this.emailConfigured);
    if (problems.length > 0) throw badRequest(`invalid rule: ${problems.join('; ')}`, problems);
  }

  /** `onValues` would look at this sensor's values (false: it would do nothing with them) */
  watches(gatewayId: string, sensorId: string, sensorType: string): boolean {
    return this.epoch !== null && this.index.watches(gatewayId, sensorId, sensorType);
  }

  onValues(event: ValueEvent): void {
    if (this.epoch === null) return;
    const key = sensorKey(event.gatewayId, event.sensorId);
    const rules = this.index.forSensorKey(key, event.gatewayId, event.sensorType);
    for (const rule of rules) {
      const agent = rule.agent ?? 'sensorValue';
      if (agent !== 'sensorValue') continue;
      if (rule.method === 'noData') {
        this.timers.seen(rule, event.gatewayId, event.sensorId);
        continue;
      }
      this.evaluator.values(rule, event, key);
    }
    this.rethrowAlarmFailure();
  }

  /** a gateway's connection or reported status changed */
  onGatewayStatus(gatewayId: string): void {
    if (this.epoch === null) return;
    const rules = this.index.forGateway(gatewayId);
    if (rules.length === 0) return;
    const status = this.dir.gatewayStatus(gatewayId);
    for (const rule of rules) this.statusLevel(rule, gatewayId, '', status);
    this.rethrowAlarmFailure();
  }

  onSensorStatus(gatewayId: string, sensorId: string, status: StatusValue): void {
    if (this.epoch === null) return;
    const rules = this.index.forSensor(gatewayId, sensorId, this.dir.typeOf(gatewayId, sensorId));
    for (const rule of rules)
      if (rule.agent === 'sensorStatus') this.statusLevel(rule, gatewayId, sensorId, status);
    this.rethrowAlarmFailure();
  }

  /** exposed for tests: one pass of the no-data check now */
  checkSilentSensors(): void {
    if (this.epoch !== null) this.timers.checkSilent(this.index.silent);
  }

  private statusLevel(rule: Rule, gatewayId: string, sensorId: string, status: StatusValue | null): void {
    this.evaluator.level(
      { rule, gatewayId, sensorId, value: status ?? '', time: this.now(), kind: 'event' },
      statusActive(rule, status),
    );
  }

  private rethrowAlarmFailure(): void {
    const failure = this.evaluator.takeAlarmFailure();
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  }

  private reindex(): void {
    const rules = this.store.list();
    this.index = new RuleIndex(rules);
    this.store.dropOrphanThrottles();
    const ids = new Set(rules.map((r) => r.id));
    this.history.forget((id) => ids.has(id));
    // a rule's limits, deadband or status may have changed: conditions are read again from the alarms
    this.evaluator.reset(true);
    if (this.epoch !== null) this.timers.arm(this.index);
    this.emit('changed');
  }
}

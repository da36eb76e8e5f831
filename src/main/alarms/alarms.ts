import { EventEmitter } from 'node:events';
import { ALARM_MAX_SHELVE_MINUTES, type AlarmStats } from '../../shared/api.js';
import type { Alarm, AlarmState, Rule } from '../../shared/model.js';
import { ServiceError, notFound } from '../errors.js';
import type { MasterDuty } from '../cluster/types.js';
import type { ConditionSink, RuleCondition } from '../rules/types.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { Timeline } from '../timeline/index.js';
import { isSystemRule, SITE_GATEWAY, type SystemRule } from '../../shared/system-alarms.js';
import { AlarmStore, type AlarmQuery, type AlarmRecord } from './store.js';
import { alarmStats } from './stats.js';
import { AlarmConflict, applyEvent, deriveState, type AlarmEvent, type AlarmFacts } from './state.js';

export interface AlarmOptions {
  /** the longest an operator may shelve an alarm (ISA-18.2: shelving is always timed) */
  maxShelveMinutes?: number;
  /** how often the master looks for shelves that ran out */
  sweepMs?: number;
  now?: () => number;
}

export const DEFAULT_MAX_SHELVE_MINUTES = ALARM_MAX_SHELVE_MINUTES;
/** who did what, on the timeline, when no person did */
export const BY_RULE = 'rule';
export const BY_SYSTEM = 'system';

/** how much later than a node saw a condition begin another node may have recorded it */
const RECORDED_SLACK_MS = 10_000;

const key = (ruleId: number, gatewayId: string, sensorId: string): string =>
  `${ruleId}\u0000${gatewayId}\u0000${sensorId}`;

/**
 * The site's alarms (ISA-18.2 / IEC 62682): at most one open alarm per (rule, sensor), raised and returned
 * to normal by rule conditions, acknowledged, shelved and reset by operators. Open alarms are cached so a
 * value that changes nothing costs no SQL; every change is one statement in site.db plus a timeline entry
 * saying who did it. As a MasterDuty it runs the sweep that ends timed shelves.
 */
export class Alarms extends EventEmitter<{ alarm: [Alarm] }> implements ConditionSink, MasterDuty {
  readonly name = 'alarms';
  private readonly store: AlarmStore;
  private readonly open = new Map<string, AlarmRecord>();
  private readonly now: () => number;
  private readonly maxShelveMinutes: number;
  private readonly sweepMs: number;
  private epoch: number | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    db: SqliteDatabase,
    private readonly timeline: Timeline,
    options: AlarmOptions = {},
  ) {
    super();
    this.store = new AlarmStore(db);
    this.now = options.now ?? Date.now;
    this.maxShelveMinutes = options.maxShelveMinutes ?? DEFAULT_MAX_SHELVE_MINUTES;
    this.sweepMs = options.sweepMs ?? 1000;
    this.reload();
  }

  /** reads the open alarms again (site.db changed under it: the cluster's control log) */
  reload(): void {
    this.open.clear();
    for (const record of this.store.openRecords()) {
      const a = record.alarm;
      this.open.set(key(a.ruleId, a.gatewayId, a.sensorId), record);
    }
  }

  start(epoch: number): void {
    this.epoch = epoch;
    // a shelf that ran out while no node was master ends now, then every sweep
    this.sweep();
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepMs);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.epoch = null;
  }

  list(query: AlarmQuery = {}): Alarm[] {
    return this.store.list(query);
  }

  /** Floods, chattering and stale alarms for raisedAt in [from, to) (ISA-18.2 performance figures). */
  stats(from: number, to: number): AlarmStats {
    const open = [...this.open.values()].map((r) => r.alarm);
    return alarmStats({ from, to, now: this.now(), raised: this.store.raisedBetween(from, to), open });
  }

  /** alarms written at or after `ms` with their write time (another node's, applied from the control log) */
  updatedSince(ms: number, limit = 1000): Array<Alarm & { updatedAt: number }> {
    return this.store.updatedSince(ms, limit);
  }

  get(id: number): Alarm {
    return this.record(id).alarm;
  }

  conditionActive(ruleId: number, gatewayId: string, sensorId: string): boolean {
    return this.open.get(key(ruleId, gatewayId, sensorId))?.facts.conditionActive ?? false;
  }

  onCondition(c: RuleCondition): void {
    this.condition(c, BY_RULE, this.now());
  }

  /**
   * A condition of the site itself (system-alarms.ts): raised with `since`, the time it began (it may
   * be recorded later than it was seen: a lost quorum is written once the log takes writes again).
   */
  systemCondition(c: SystemCondition): void {
    const rule = { ...c.rule, latched: false };
    const condition = { ...c, rule, gatewayId: SITE_GATEWAY, sensorId: c.subject, time: c.since };
    this.condition(condition, BY_SYSTEM, Math.min(c.since, this.now()));
  }

  /** the open alarm of a system condition is active (its raise is written, here at least) */
  systemActive(ruleId: number, subject: string): boolean {
    return this.conditionActive(ruleId, SITE_GATEWAY, subject);
  }

  /**
   * An alarm of this system condition covers `since`: raised by then (give or take RECORDED_SLACK_MS:
   * nodes see a lost quorum within seconds of each other) and written since.
   */
  systemRecorded(ruleId: number, subject: string, since: number): boolean {
    return this.store.covers(ruleId, SITE_GATEWAY, subject, since + RECORDED_SLACK_MS, since);
  }

  private condition(c: RuleCondition, by: string, raisedAt: number): void {
    const k = key(c.rule.id, c.gatewayId, c.sensorId);
    const record = this.open.get(k);
    if (!record) {
      if (c.active) this.raise(c, by, raisedAt);
      return;
    }
    const next = applyEvent(record.facts, { kind: 'condition', active: c.active, latched: c.rule.latched });
    if (sameFacts(next, record.facts)) return;
    const value = c.active ? c.value : record.alarm.value;
    this.transition(record, next, by, { value });
  }

  ack(id: number, by: string, comment?: string): Alarm {
    const record = this.record(id);
    return this.operate(record, { kind: 'ack' }, by, { ackComment: comment ?? null }, comment);
  }

  shelve(id: number, minutes: number, reason: string, by: string): Alarm {
    if (!(minutes > 0 && minutes <= this.maxShelveMinutes)) {
      throw new ServiceError('ES_BAD_REQUEST', `minutes must be between 1 and ${this.maxShelveMinutes}`, [
        'minutes',
      ]);
    }
    const record = this.record(id);
    const shelvedUntil = this.now() + Math.round(minutes * 60_000);
    return this.operate(record, { kind: 'shelve' }, by, { shelvedUntil, shelveReason: reason }, reason);
  }

  unshelve(id: number, by: string): Alarm {
    return this.operate(this.record(id), { kind: 'unshelve' }, by, { shelvedUntil: null });
  }

  reset(id: number, by: string): Alarm {
    return this.operate(this.record(id), { kind: 'reset' }, by, {});
  }

  /**
   * Follows the rules: an alarm whose rule is deleted closes, a deactivated rule's alarms go out of
   * service and come back in service (condition unknown until the next value) when it is activated again.
   */
  reconcileRules(rules: readonly Rule[]): void {
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const stored of [...this.open.values()]) {
      // the site's own alarms (replication) have no rule row: they follow their conditions only
      if (isSystemRule(stored.alarm.ruleId)) continue;
      const rule = byId.get(stored.alarm.ruleId);
      if (!rule) {
        const closed = { ...stored.facts, outOfService: false, shelved: false, conditionActive: false };
        this.transition(stored, { ...closed, latchedHold: false, acked: true }, BY_SYSTEM, {
          note: 'rule deleted',
        });
        continue;
      }
      const record = this.renamed(stored, rule);
      if (rule.status === 'deactivated' && !record.facts.outOfService) {
        this.transition(record, applyEvent(record.facts, { kind: 'outOfService' }), BY_SYSTEM, {
          note: 'rule deactivated',
        });
      } else if (rule.status === 'activated' && record.facts.outOfService) {
        const next = { ...applyEvent(record.facts, { kind: 'inService' }), conditionActive: false };
        this.transition(record, next, BY_SYSTEM, { note: 'rule activated' });
      }
    }
  }

  /** A renamed or re-graded rule: its open alarm says so (no transition, nothing on the timeline). */
  private renamed(record: AlarmRecord, rule: Rule): AlarmRecord {
    if (rule.name === record.alarm.ruleName && rule.severity === record.alarm.severity) return record;
    const next = { ...record, alarm: { ...record.alarm, ruleName: rule.name, severity: rule.severity } };
    this.store.update(next, this.now());
    this.open.set(key(rule.id, next.alarm.gatewayId, next.alarm.sensorId), next);
    return next;
  }

  /**
   * Deletes the alarms of these gateways or rules, closed ones too, as if they had never been raised:
   * for data that should not have been there at all (a removed demo), never for an operator's cleanup.
   */
  removeFor(gatewayIds: readonly string[], ruleIds: readonly number[]): number {
    const gateways = new Set(gatewayIds);
    const rules = new Set(ruleIds);
    for (const [k, record] of this.open)
      if (gateways.has(record.alarm.gatewayId) || rules.has(record.alarm.ruleId)) this.open.delete(k);
    return this.store.deleteFor(gatewayIds, ruleIds);
  }

  /** Ends the shelves that ran out (the master's timer; tests call it with a clock of their own). */
  sweep(): void {
    const now = this.now();
    for (const record of [...this.open.values()]) {
      const until = record.alarm.shelvedUntil;
      if (record.facts.shelved && until !== null && until <= now) {
        this.transition(record, applyEvent(record.facts, { kind: 'unshelve' }), BY_SYSTEM, {
          shelvedUntil: null,
          note: 'shelf time over',
        });
      }
    }
  }

  private record(id: number): AlarmRecord {
    for (const record of this.open.values()) if (record.alarm.id === id) return record;
    const stored = this.store.get(id);
    if (!stored) throw notFound(`alarm ${id}`);
    return stored;
  }

  private operate(
    record: AlarmRecord,
    event: AlarmEvent,
    by: string,
    changes: TransitionChanges,
    note?: string,
  ): Alarm {
    let next: AlarmFacts;
    try {
      next = applyEvent(record.facts, event);
    } catch (err) {
      if (err instanceof AlarmConflict)
        throw new ServiceError('ES_CONFLICT', `alarm ${record.alarm.id}: ${err.message}`);
      throw err;
    }
    return this.transition(record, next, by, { ...changes, ...(note ? { note } : {}) });
  }

  private raise(c: RuleCondition, by: string, raisedAt: number): void {
    const now = this.now();
    const facts: AlarmFacts = {
      conditionActive: true,
      latchedHold: c.rule.latched,
      acked: false,
      shelved: false,
      outOfService: false,
    };
    const alarm: Omit<Alarm, 'id'> = {
      ruleId: c.rule.id,
      ruleName: c.rule.name,
      severity: c.rule.severity,
      state: deriveState(facts),
      gatewayId: c.gatewayId,
      sensorId: c.sensorId,
      value: c.value,
      raisedAt,
      ackedAt: null,
      ackedBy: null,
      clearedAt: null,
      shelvedUntil: null,
    };
    const id = this.store.insert({ alarm, facts, ackComment: null, shelveReason: null }, now);
    const record: AlarmRecord = { alarm: { ...alarm, id }, facts, ackComment: null, shelveReason: null };
    this.open.set(key(c.rule.id, c.gatewayId, c.sensorId), record);
    const note = by === BY_RULE ? `value ${String(c.value)}` : String(c.value);
    this.log(record, null, by, raisedAt < now ? `${note}, since ${new Date(raisedAt).toISOString()}` : note);
    this.emit('alarm', record.alarm);
  }

  private transition(record: AlarmRecord, facts: AlarmFacts, by: string, changes: TransitionChanges): Alarm {
    const now = this.now();
    const from = record.alarm.state;
    const state = deriveState(facts);
    const acked = facts.acked && !record.facts.acked;
    const next: AlarmRecord = {
      facts,
      alarm: {
        ...record.alarm,
        state,
        value: changes.value === undefined ? record.alarm.value : changes.value,
        ackedAt: facts.acked ? (acked ? now : record.alarm.ackedAt) : null,
        ackedBy: facts.acked ? (acked ? by : record.alarm.ackedBy) : null,
        shelvedUntil: facts.shelved ? (changes.shelvedUntil ?? record.alarm.shelvedUntil) : null,
        clearedAt: state === 'cleared' ? now : null,
      },
      ackComment: facts.acked ? (changes.ackComment ?? record.ackComment) : null,
      shelveReason: facts.shelved ? (changes.shelveReason ?? record.shelveReason) : null,
    };
    this.store.update(next, now);
    const k = key(next.alarm.ruleId, next.alarm.gatewayId, next.alarm.sensorId);
    if (state === 'cleared') this.open.delete(k);
    else this.open.set(k, next);
    if (from !== state || changes.note !== undefined) this.log(next, from, by, changes.note);
    this.emit('alarm', next.alarm);
    return next.alarm;
  }

  private log(record: AlarmRecord, from: AlarmState | null, by: string, note?: string): void {
    const a = record.alarm;
    const what = from === null ? `alarm raised (${a.state})` : `alarm ${from} → ${a.state}`;
    const system = isSystemRule(a.ruleId);
    this.timeline.add({
      type: system ? 'site' : 'rule',
      node: system ? [] : [{ type: 'sensor', id: a.sensorId, gatewayId: a.gatewayId }],
      rule: { id: a.ruleId, name: a.ruleName, what, when: this.now() },
      severity: a.severity,
      message: `${a.ruleName}${system ? ` (${a.sensorId})` : ''}: alarm #${a.id} ${what} by ${by}${note ? ` (${note})` : ''}`,
      // Thing+ `checked`: an operator has seen to it
      checked: a.ackedAt !== null ? 'y' : 'n',
      success: 'y',
      epoch: this.epoch ?? 0,
    });
  }
}

/** a condition of the site itself: a system rule about one subject (a node, a stream) */
export interface SystemCondition {
  rule: Pick<SystemRule, 'id' | 'name' | 'severity'>;
  subject: string;
  active: boolean;
  /** what the alarm shows as its value ("silent", "behind") */
  value: string;
  /** when the condition began */
  since: number;
}

interface TransitionChanges {
  value?: Alarm['value'];
  ackComment?: string | null;
  shelvedUntil?: number | null;
  shelveReason?: string | null;
  note?: string;
}

function sameFacts(a: AlarmFacts, b: AlarmFacts): boolean {
  return (
    a.conditionActive === b.conditionActive &&
    a.latchedHold === b.latchedHold &&
    a.acked === b.acked &&
    a.shelved === b.shelved &&
    a.outOfService === b.outOfService
  );
}

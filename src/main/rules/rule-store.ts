import type { RuleInput } from '../../shared/api.js';
import type { Rule } from '../../shared/model.js';
import { notFound } from '../errors.js';
import { prepared } from '../storage/database.js';
import type { SqliteDatabase } from '../storage/index.js';

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
  spec: string | null;
  ctime: number;
  mtime: number;
}

/** The fields kept in the `spec` JSON column (migration 006): everything a 0.1 threshold rule lacks. */
const SPEC_FIELDS = [
  'agent',
  'sensorIds',
  'sensorType',
  'min',
  'max',
  'from',
  'to',
  'windowSeconds',
  'statuses',
  'cron',
  'conditions',
  'throttleSeconds',
] as const satisfies ReadonlyArray<keyof Rule>;

/** Rules in site.db: rows ⇄ the shared `Rule`. Validation is the caller's (rules/validate.ts). */
export class RuleStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  list(): Rule[] {
    return (prepared(this.db, 'SELECT * FROM rules ORDER BY id').all() as RuleRow[]).map(fromRow);
  }

  find(id: number): Rule | undefined {
    const row = prepared(this.db, 'SELECT * FROM rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row && fromRow(row);
  }

  get(id: number): Rule {
    const rule = this.find(id);
    if (!rule) throw notFound(`rule ${id}`);
    return rule;
  }

  insert(input: RuleInput): number {
    const now = this.now();
    const result = prepared(
      this.db,
      `INSERT INTO rules (name, desc, severity, status, gateway_id, sensor_id, method, threshold, message,
           deadband, latched, actions, hold_seconds, timezone, spec, ctime, mtime)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...columns(input), now, now);
    return Number(result.lastInsertRowid);
  }

  update(id: number, next: RuleInput): void {
    prepared(
      this.db,
      `UPDATE rules SET name = ?, desc = ?, severity = ?, status = ?, gateway_id = ?, sensor_id = ?, method = ?,
           threshold = ?, message = ?, deadband = ?, latched = ?, actions = ?, hold_seconds = ?, timezone = ?,
           spec = ?, mtime = ? WHERE id = ?`,
    ).run(...columns(next), this.now(), id);
  }

  delete(id: number): void {
    prepared(this.db, 'DELETE FROM rules WHERE id = ?').run(id);
  }

  /**
   * A deleted sensor leaves the rules naming it; a rule left without a sensor goes. A gateway's
   * sensor-type rules stay (they watch whatever sensors of the type the gateway has).
   */
  deleteForSensor(gatewayId: string, sensorId?: string): void {
    for (const rule of this.list()) {
      if (rule.gatewayId !== gatewayId) continue;
      if (sensorId === undefined) {
        this.delete(rule.id);
        continue;
      }
      const targets = rule.sensorIds ?? (rule.sensorId ? [rule.sensorId] : []);
      if (!targets.includes(sensorId) || rule.sensorType) continue;
      const rest = targets.filter((s) => s !== sensorId);
      // a rule left without a sensor is gone; one that watched several keeps the others
      if (rest.length === 0 && (rule.agent ?? 'sensorValue') !== 'gatewayStatus') this.delete(rule.id);
      else if (rest.length > 0)
        this.update(rule.id, { ...withoutMeta(rule), sensorId: rest[0]!, sensorIds: rest });
    }
  }

  /** Thing+ throttles that outlive a restart: the last firing per (rule, sensor) */
  throttles(): Array<{ rule_id: number; sensor_id: string; last_fired: number }> {
    return prepared(this.db, 'SELECT rule_id, sensor_id, last_fired FROM rule_throttle').all() as Array<{
      rule_id: number;
      sensor_id: string;
      last_fired: number;
    }>;
  }

  /** Best effort: a throttle not saved (site.db full) may repeat one action after a restart, no more. */
  saveThrottle(ruleId: number, sensorId: string, time: number): void {
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

  dropOrphanThrottles(): void {
    prepared(this.db, 'DELETE FROM rule_throttle WHERE rule_id NOT IN (SELECT id FROM rules)').run();
  }

  /** several rules at once: all are stored or none (an import) */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

export function withoutMeta(rule: Rule): RuleInput {
  const { id: _id, ctime: _c, mtime: _m, ...rest } = rule;
  return rest;
}

function columns(r: RuleInput): Array<string | number | null> {
  const spec: Record<string, unknown> = {};
  for (const field of SPEC_FIELDS) if (r[field] !== undefined) spec[field] = r[field];
  return [
    r.name.trim(),
    r.desc ?? '',
    r.severity,
    r.status,
    r.gatewayId,
    r.sensorId,
    r.method,
    r.threshold,
    r.message ?? null,
    r.deadband ?? 0,
    r.latched ? 1 : 0,
    r.actions ? JSON.stringify(r.actions) : null,
    r.holdSeconds ?? 0,
    r.timezone ?? null,
    Object.keys(spec).length > 0 ? JSON.stringify(spec) : null,
  ];
}

function fromRow(row: RuleRow): Rule {
  const spec = row.spec ? (JSON.parse(row.spec) as Partial<Rule>) : {};
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
    ...spec,
    ctime: row.ctime,
    mtime: row.mtime,
  };
}

import type { Alarm, AlarmState, Severity } from '../../shared/model.js';
import { prepared } from '../storage/database.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { AlarmFacts } from './state.js';
import type { RaisedAlarm } from './stats.js';

/** An alarm as the service holds it: what the API shows, the facts its state derives from, and notes. */
export interface AlarmRecord {
  alarm: Alarm;
  facts: AlarmFacts;
  ackComment: string | null;
  shelveReason: string | null;
}

export interface AlarmQuery {
  /** open = not cleared */
  open?: boolean;
  states?: AlarmState[];
  severities?: Severity[];
  gatewayId?: string;
  /** raisedAt bounds, ms: from inclusive, to exclusive */
  from?: number;
  to?: number;
  limit?: number;
}

interface AlarmRow {
  id: number;
  rule_id: number;
  rule_name: string;
  severity: Severity;
  state: AlarmState;
  gateway_id: string;
  sensor_id: string;
  value: string | null;
  raised_at: number;
  acked_at: number | null;
  acked_by: string | null;
  ack_comment: string | null;
  cleared_at: number | null;
  shelved_until: number | null;
  shelve_reason: string | null;
  condition_active: number;
  latched_hold: number;
}

export const MAX_ALARM_PAGE = 1000;

/** The alarms table of site.db (migration 005): every write is one statement, so a kill -9 leaves no half. */
export class AlarmStore {
  constructor(private readonly db: SqliteDatabase) {}

  openRecords(): AlarmRecord[] {
    const rows = prepared(
      this.db,
      `SELECT * FROM alarms WHERE state != 'cleared' ORDER BY id`,
    ).all() as AlarmRow[];
    return rows.map(fromRow);
  }

  /** Deletes every alarm, open or closed, of these gateways or rules (a removed demo); returns how many. */
  deleteFor(gatewayIds: readonly string[], ruleIds: readonly number[]): number {
    if (gatewayIds.length === 0 && ruleIds.length === 0) return 0;
    const marks = (n: number): string => Array.from({ length: n }, () => '?').join(',');
    return this.db
      .prepare(
        `DELETE FROM alarms WHERE gateway_id IN (${marks(gatewayIds.length)}) OR rule_id IN (${marks(ruleIds.length)})`,
      )
      .run(...gatewayIds, ...ruleIds).changes;
  }

  /** an alarm of (rule, gateway, sensor) raised at or before `raisedBy` and written at or after `writtenFrom` */
  covers(
    ruleId: number,
    gatewayId: string,
    sensorId: string,
    raisedBy: number,
    writtenFrom: number,
  ): boolean {
    return (
      prepared(
        this.db,
        `SELECT 1 FROM alarms WHERE rule_id = ? AND gateway_id = ? AND sensor_id = ? AND raised_at <= ?
           AND updated_at >= ? LIMIT 1`,
      ).get(ruleId, gatewayId, sensorId, raisedBy, writtenFrom) !== undefined
    );
  }

  get(id: number): AlarmRecord | undefined {
    const row = prepared(this.db, 'SELECT * FROM alarms WHERE id = ?').get(id) as AlarmRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  insert(record: Omit<AlarmRecord, 'alarm'> & { alarm: Omit<Alarm, 'id'> }, now: number): number {
    const a = record.alarm;
    const result = prepared(
      this.db,
      `INSERT INTO alarms (rule_id, rule_name, severity, state, gateway_id, sensor_id, value, raised_at,
           acked_at, acked_by, ack_comment, cleared_at, shelved_until, shelve_reason, condition_active,
           latched_hold, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      a.ruleId,
      a.ruleName,
      a.severity,
      a.state,
      a.gatewayId,
      a.sensorId,
      a.value === null ? null : JSON.stringify(a.value),
      a.raisedAt,
      a.ackedAt,
      a.ackedBy,
      record.ackComment,
      a.clearedAt,
      a.shelvedUntil,
      record.shelveReason,
      record.facts.conditionActive ? 1 : 0,
      record.facts.latchedHold ? 1 : 0,
      now,
    );
    return Number(result.lastInsertRowid);
  }

  update(record: AlarmRecord, now: number): void {
    const a = record.alarm;
    prepared(
      this.db,
      `UPDATE alarms SET rule_name = ?, severity = ?, state = ?, value = ?, acked_at = ?, acked_by = ?,
           ack_comment = ?, cleared_at = ?, shelved_until = ?, shelve_reason = ?, condition_active = ?,
           latched_hold = ?, updated_at = ? WHERE id = ?`,
    ).run(
      a.ruleName,
      a.severity,
      a.state,
      a.value === null ? null : JSON.stringify(a.value),
      a.ackedAt,
      a.ackedBy,
      record.ackComment,
      a.clearedAt,
      a.shelvedUntil,
      record.shelveReason,
      record.facts.conditionActive ? 1 : 0,
      record.facts.latchedHold ? 1 : 0,
      now,
      a.id,
    );
  }

  /** Alarms written at or after `ms` (updated_at, the writer's clock): the newest `limit`, oldest first. */
  updatedSince(ms: number, limit: number): Array<Alarm & { updatedAt: number }> {
    const rows = prepared(
      this.db,
      'SELECT * FROM alarms WHERE updated_at >= ? ORDER BY updated_at DESC, id DESC LIMIT ?',
    ).all(ms, limit) as Array<AlarmRow & { updated_at: number }>;
    return rows.reverse().map((row) => ({ ...fromRow(row).alarm, updatedAt: row.updated_at }));
  }

  /** Every alarm raised in [from, to), only what the statistics need (a flood can be thousands). */
  raisedBetween(from: number, to: number): RaisedAlarm[] {
    return prepared(
      this.db,
      `SELECT rule_id AS ruleId, rule_name AS ruleName, gateway_id AS gatewayId, sensor_id AS sensorId,
           raised_at AS raisedAt
         FROM alarms WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at`,
    ).all(from, to) as RaisedAlarm[];
  }

  list(query: AlarmQuery): Alarm[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.open === true) where.push(`state != 'cleared'`);
    if (query.open === false) where.push(`state = 'cleared'`);
    const inList = (column: string, values: string[] | undefined): void => {
      if (!values || values.length === 0) return;
      where.push(`${column} IN (${values.map(() => '?').join(',')})`);
      params.push(...values);
    };
    inList('state', query.states);
    inList('severity', query.severities);
    if (query.gatewayId !== undefined) {
      where.push('gateway_id = ?');
      params.push(query.gatewayId);
    }
    if (query.from !== undefined) {
      where.push('raised_at >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('raised_at < ?');
      params.push(query.to);
    }
    const limit = Math.min(Math.max(query.limit ?? 200, 1), MAX_ALARM_PAGE);
    const sql = `SELECT * FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (prepared(this.db, sql).all(...params, limit) as AlarmRow[]).map((row) => fromRow(row).alarm);
  }
}

function fromRow(row: AlarmRow): AlarmRecord {
  return {
    alarm: {
      id: row.id,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      severity: row.severity,
      state: row.state,
      gatewayId: row.gateway_id,
      sensorId: row.sensor_id,
      value: row.value === null ? null : (JSON.parse(row.value) as Alarm['value']),
      raisedAt: row.raised_at,
      ackedAt: row.acked_at,
      ackedBy: row.acked_by,
      clearedAt: row.cleared_at,
      shelvedUntil: row.shelved_until,
    },
    facts: {
      conditionActive: row.condition_active === 1,
      latchedHold: row.latched_hold === 1,
      acked: row.acked_at !== null,
      shelved: row.shelved_until !== null,
      outOfService: row.state === 'out_of_service',
    },
    ackComment: row.ack_comment,
    shelveReason: row.shelve_reason,
  };
}

import { EventEmitter } from 'node:events';
import { prepared } from '../storage/database.js';
import type { Severity, TimelineEntry } from '../../shared/model.js';
import type { TimelinePage } from '../../shared/api.js';
import type { SqliteDatabase } from '../storage/index.js';

export type NewTimelineEntry = Omit<TimelineEntry, 'id' | 'checked' | 'success' | 'time'> &
  Partial<Pick<TimelineEntry, 'checked' | 'success' | 'time'>>;

export interface TimelineQuery {
  count?: number;
  /** inclusive upper bound (Thing+ paging) */
  maxId?: number;
  /** exclusive lower bound */
  sinceId?: number;
  severities?: Severity[];
}

interface TimelineRow {
  id: number;
  time: number;
  type: TimelineEntry['type'];
  severity: Severity;
  nodes: string;
  rule: string | null;
  message: string;
  checked: 'y' | 'n';
  success: 'y' | 'n';
  epoch: number;
}

export const MAX_TIMELINE_PAGE = 4000;

/** The site's timeline (protocol §9): what happened, newest first, paged by maxId/sinceId. */
export class Timeline extends EventEmitter<{ entry: [TimelineEntry] }> {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  add(input: NewTimelineEntry): TimelineEntry {
    const entry = {
      ...input,
      time: input.time ?? this.now(),
      checked: input.checked ?? 'n',
      success: input.success ?? 'y',
    };
    const result = prepared(
      this.db,
      `INSERT INTO timeline (time, type, severity, nodes, rule, message, checked, success, epoch)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.time,
      entry.type,
      entry.severity,
      JSON.stringify(entry.node),
      entry.rule ? JSON.stringify(entry.rule) : null,
      entry.message,
      entry.checked,
      entry.success,
      entry.epoch ?? 0,
    );
    const stored = { ...entry, id: Number(result.lastInsertRowid) } as TimelineEntry;
    this.emit('entry', stored);
    return stored;
  }

  list(query: TimelineQuery = {}): TimelinePage {
    const count = Math.min(Math.max(query.count ?? 50, 1), MAX_TIMELINE_PAGE);
    const where: string[] = [];
    const params: Array<number | string> = [];
    if (query.maxId !== undefined) {
      where.push('id <= ?');
      params.push(query.maxId);
    }
    if (query.sinceId !== undefined) {
      where.push('id > ?');
      params.push(query.sinceId);
    }
    if (query.severities && query.severities.length > 0) {
      where.push(`severity IN (${query.severities.map(() => '?').join(',')})`);
      params.push(...query.severities);
    }
    const sql = `SELECT * FROM timeline ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = prepared(this.db, sql).all(...params, count) as TimelineRow[];
    return {
      data: rows.map(fromRow),
      _meta: { count: rows.length, maxId: query.maxId ?? null, sinceId: query.sinceId ?? null },
    };
  }

  /**
   * Deletes the entries about these gateways (a gateway node, or a sensor node of the gateway) or written
   * by these rules: a removed demo leaves no line behind. Returns how many.
   */
  removeFor(gatewayIds: readonly string[], ruleIds: readonly number[]): number {
    if (gatewayIds.length === 0 && ruleIds.length === 0) return 0;
    const gateways = JSON.stringify(gatewayIds);
    const rules = JSON.stringify(ruleIds);
    return this.db
      .prepare(
        `DELETE FROM timeline WHERE
           EXISTS (SELECT 1 FROM json_each(timeline.nodes) AS n
                   WHERE (json_extract(n.value, '$.type') = 'gateway'
                          AND json_extract(n.value, '$.id') IN (SELECT value FROM json_each(?)))
                      OR json_extract(n.value, '$.gatewayId') IN (SELECT value FROM json_each(?)))
           OR (timeline.rule IS NOT NULL
               AND json_extract(timeline.rule, '$.id') IN (SELECT value FROM json_each(?)))`,
      )
      .run(gateways, gateways, rules).changes;
  }

  markChecked(id: number): void {
    prepared(this.db, `UPDATE timeline SET checked = 'y' WHERE id = ?`).run(id);
  }
}

function fromRow(row: TimelineRow): TimelineEntry {
  return {
    id: row.id,
    type: row.type,
    node: JSON.parse(row.nodes) as TimelineEntry['node'],
    ...(row.rule ? { rule: JSON.parse(row.rule) as TimelineEntry['rule'] } : {}),
    severity: row.severity,
    time: row.time,
    message: row.message,
    checked: row.checked,
    success: row.success,
    epoch: row.epoch,
  };
}

import type { AuditEntry, Role } from '../../shared/auth.js';
import type { SqliteDatabase } from '../storage/index.js';

export type AuditRecord = Omit<AuditEntry, 'id' | 'ts'> & { ts?: number };

export interface AuditQuery {
  actor?: string;
  /** an action, or a prefix ending in `.` (`login.` = every sign-in outcome) */
  action?: string;
  from?: number;
  to?: number;
  /** entries older than this id (paging back from the newest) */
  before?: number;
  limit?: number;
}

interface AuditRow {
  id: number;
  ts: number;
  actor: string | null;
  role: string | null;
  address: string | null;
  action: string;
  method: string | null;
  route: string | null;
  resource: string | null;
  status: number | null;
  detail: string | null;
}

/** entries kept: about a year of a busy site; the oldest go first */
const MAX_ENTRIES = 200_000;

/** The audit trail in site.db: who did what, when, from where. Append-only for everyone but pruning. */
export class AuditLog {
  private writes = 0;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: AuditRecord): void {
    this.db
      .prepare(
        `INSERT INTO audit (ts, actor, role, address, action, method, route, resource, status, detail)
         VALUES (@ts, @actor, @role, @address, @action, @method, @route, @resource, @status, @detail)`,
      )
      .run({ ...entry, ts: entry.ts ?? this.now() });
    if (++this.writes % 1000 === 0)
      this.db.prepare('DELETE FROM audit WHERE id <= (SELECT MAX(id) FROM audit) - ?').run(MAX_ENTRIES);
  }

  list(query: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: Math.min(query.limit ?? 100, 1000) };
    if (query.actor !== undefined) {
      where.push('actor = @actor');
      params.actor = query.actor;
    }
    if (query.action !== undefined) {
      if (query.action.endsWith('.')) {
        where.push('substr(action, 1, length(@action)) = @action');
      } else where.push('action = @action');
      params.action = query.action;
    }
    for (const [key, sql] of [
      ['from', 'ts >= @from'],
      ['to', 'ts <= @to'],
      ['before', 'id < @before'],
    ] as const) {
      if (query[key] === undefined) continue;
      where.push(sql);
      params[key] = query[key];
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`,
      )
      .all(params) as AuditRow[];
    return rows.map((r) => ({ ...r, role: r.role as Role | null }));
  }
}

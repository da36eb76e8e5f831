import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../storage/index.js';

/** One logged write: the SQL text and its bound parameters (JSON-safe, see encodeParams). */
export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

/**
 * Tables that describe this machine, not the site: never logged, never applied from the log.
 * statuses: the gateways' connection states, kept by the node they are connected to (presence);
 * disk_reserve: this disk's alarm reserve (storage/reserve.ts); control_position: this node's place in
 * the control log; schema_migrations: each node migrates its own file.
 */
export const LOCAL_TABLES: ReadonlySet<string> = new Set([
  'statuses',
  'disk_reserve',
  'control_position',
  'schema_migrations',
]);

const WRITE_TABLE =
  /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`[]?(\w+)/i;

/** the table a write statement changes, or null (PRAGMA, VACUUM...: not logged) */
export function writtenTable(sql: string): string | null {
  return WRITE_TABLE.exec(sql)?.[1]?.toLowerCase() ?? null;
}

/** What the capture calls: the control writer (control-writer.ts). */
export interface CaptureSink {
  /** true while writes are captured (off while the applier replays the log) */
  active(): boolean;
  /** before a logged write or a transaction: the writer opens its batch (and transaction) */
  beforeWrite(): void;
  /** a logged write that changed something */
  written(statement: LoggedStatement): void;
  /** how many statements the open batch holds: a failed inner transaction cuts back to it */
  mark(): number;
  truncate(mark: number): void;
}

/**
 * Statement-based capture on the site.db handle, without touching the repositories: `db.prepare` (an
 * instance property shadowing the prototype's; `prepared()` goes through it) returns statements whose
 * `run` reports what it wrote, and `db.transaction(fn)` opens the writer's batch first (the service's
 * transaction then nests as a savepoint) and drops what a failed inner transaction captured.
 * Returns the original prepare, for the applier (its writes are the log's, not new ones).
 */
export function installCapture(db: SqliteDatabase, sink: CaptureSink): (sql: string) => Database.Statement {
  const prepare = db.prepare.bind(db) as (sql: string) => Database.Statement;
  const transaction = db.transaction.bind(db);
  const shadow = (sql: string): Database.Statement => {
    const stmt = prepare(sql);
    const table = writtenTable(sql);
    if (stmt.reader || table === null || LOCAL_TABLES.has(table)) return stmt;
    const run = stmt.run.bind(stmt) as (...params: unknown[]) => Database.RunResult;
    (stmt as { run: unknown }).run = (...params: unknown[]): Database.RunResult => {
      if (!sink.active()) return run(...params);
      sink.beforeWrite();
      const result = run(...params);
      // a write that changed nothing changes nothing elsewhere either
      if (result.changes > 0) sink.written({ sql, params: encodeParams(params) });
      return result;
    };
    return stmt;
  };
  (db as { prepare: unknown }).prepare = shadow;
  type Variant = (...args: unknown[]) => unknown;
  (db as { transaction: unknown }).transaction = (fn: Variant) => {
    const inner = transaction(fn) as unknown as Variant &
      Record<'default' | 'deferred' | 'immediate' | 'exclusive', Variant>;
    const wrap =
      (variant: Variant): Variant =>
      (...args) => {
        if (!sink.active()) return variant(...args);
        sink.beforeWrite();
        const mark = sink.mark();
        try {
          return variant(...args);
        } catch (err) {
          sink.truncate(mark);
          throw err;
        }
      };
    return Object.assign(wrap(inner), {
      default: wrap(inner.default),
      deferred: wrap(inner.deferred),
      immediate: wrap(inner.immediate),
      exclusive: wrap(inner.exclusive),
    });
  };
  return prepare;
}

/** Buffers and bigints survive JSON as tagged objects; better-sqlite3 takes positional or one named object. */
export function encodeParams(params: unknown[]): unknown[] {
  return params.map((p) =>
    p !== null && typeof p === 'object' && !Buffer.isBuffer(p)
      ? Object.fromEntries(Object.entries(p).map(([k, v]) => [k, encodeValue(v)]))
      : encodeValue(p),
  );
}

function encodeValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $b: v.toString('base64') };
  if (typeof v === 'bigint') return { $n: v.toString() };
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

export function decodeParams(params: unknown[]): unknown[] {
  return params.map((p) => {
    if (p === null || typeof p !== 'object') return p;
    const tagged = decodeValue(p);
    if (tagged !== p) return tagged;
    return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, decodeValue(v)]));
  });
}

function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    const o = v as { $b?: unknown; $n?: unknown };
    if (typeof o.$b === 'string') return Buffer.from(o.$b, 'base64');
    if (typeof o.$n === 'string') return BigInt(o.$n);
  }
  return v;
}

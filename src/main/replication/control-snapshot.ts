import { gunzipSync, gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../storage/index.js';
import { decodeParams, encodeParams, LOCAL_TABLES } from './capture.js';

/**
 * The full replicated control state of one node: every site.db table the capture logs (all but
 * LOCAL_TABLES), each with its rows, and their AUTOINCREMENT counters (the ids the next inserts take
 * must be the same on every node, or the logged statements would diverge).
 */
export interface ControlSnapshot {
  tables: Record<string, { columns: string[]; rows: unknown[][] }>;
  sequences: Array<[name: string, seq: number]>;
}

/** tables whose rows do not make a site's state worth seeding the log with (a fresh node has them too) */
const NOT_STATE = new Set(['users', 'sessions', 'audit', 'timeline']);

export function replicatedTables(db: SqliteDatabase): string[] {
  const rows = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  return rows.map((r) => r.name).filter((name) => !LOCAL_TABLES.has(name));
}

/**
 * Whether this node holds a site of its own (an existing single-node site turned into a cluster): any
 * row in a replicated table, besides the first admin a fresh node makes (its sessions, audit and
 * timeline lines). A fresh cluster is not seeded: its nodes' first admins meet in the log.
 */
export function holdsSiteState(db: SqliteDatabase): boolean {
  for (const table of replicatedTables(db)) {
    if (NOT_STATE.has(table)) continue;
    if (db.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get()) return true;
  }
  return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n > 1;
}

/** the replicated tables as they are (call while the writer is idle: no batch of this node's is open) */
export function takeSnapshot(db: SqliteDatabase): ControlSnapshot {
  const tables: ControlSnapshot['tables'] = {};
  const names = replicatedTables(db);
  // one synchronous pass: nothing else in this process writes meanwhile (db.transaction is the capture's)
  for (const name of names) {
    const stmt = db.prepare(`SELECT * FROM "${name}"`).raw(true);
    const columns = stmt.columns().map((c) => c.name);
    tables[name] = { columns, rows: (stmt.all() as unknown[][]).map((row) => encodeParams(row)) };
  }
  const sequences = hasSequences(db)
    ? (db.prepare('SELECT name, seq FROM sqlite_sequence').all() as Array<{ name: string; seq: number }>)
        .filter((r) => names.includes(r.name))
        .map((r): [string, number] => [r.name, r.seq])
    : [];
  return { tables, sequences };
}

function hasSequences(db: SqliteDatabase): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined;
}

/** gzip + base64 in the record's JSON: site.db's text compresses ~10×, and a NATS message is 1 MB at most */
export function encodeSnapshot(snapshot: ControlSnapshot): string {
  return gzipSync(JSON.stringify(snapshot)).toString('base64');
}

export function decodeSnapshot(data: string): ControlSnapshot {
  const snapshot = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as ControlSnapshot;
  if (typeof snapshot?.tables !== 'object' || !Array.isArray(snapshot.sequences))
    throw new Error('not a control snapshot');
  return snapshot;
}

/**
 * Replaces the snapshot's tables with its rows (inside the caller's transaction; foreign keys are
 * checked at its commit). `prepare` is the original, uncaptured prepare: these writes are the log's.
 * Returns the tables replaced.
 */
export function replaceWithSnapshot(
  db: SqliteDatabase,
  prepare: (sql: string) => Database.Statement,
  snapshot: ControlSnapshot,
): Set<string> {
  const here = new Set(replicatedTables(db));
  const tables = Object.keys(snapshot.tables).filter((t) => here.has(t));
  db.pragma('defer_foreign_keys = ON');
  for (const table of tables) prepare(`DELETE FROM "${table}"`).run();
  for (const table of tables) {
    const { columns, rows } = snapshot.tables[table]!;
    const known = new Set(
      (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Array<{ name: string }>).map(
        (c) => c.name,
      ),
    );
    // a column this version lacks is left out (a newer node's snapshot); one it has and the snapshot lacks takes its default
    const keep = columns.map((c, i) => [c, i] as const).filter(([c]) => known.has(c));
    if (keep.length === 0) continue;
    const insert = prepare(
      `INSERT INTO "${table}" (${keep.map(([c]) => `"${c}"`).join(', ')}) VALUES (${keep.map(() => '?').join(', ')})`,
    );
    for (const row of rows) {
      const values = decodeParams(row);
      insert.run(...keep.map(([, i]) => values[i]));
    }
  }
  if (hasSequences(db)) {
    prepare(`DELETE FROM sqlite_sequence WHERE name IN (${tables.map(() => '?').join(', ') || "''"})`).run(
      ...tables,
    );
    const insert = prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)');
    for (const [name, seq] of snapshot.sequences) if (tables.includes(name)) insert.run(name, seq);
  }
  return new Set(tables);
}

/**
 * Before a snapshot from another node replaces this node's tables: a copy of site.db next to it,
 * named with the time (`site.db.before-snapshot-2026-12-02T13-05-00Z`), when it holds any replicated
 * row, so a standby that joined with a state of its own loses nothing silently. Returns its path.
 */
export function backupBeforeSnapshot(db: SqliteDatabase): string | null {
  const file = db.name;
  if (!file || file === ':memory:' || !existsSync(file)) return null;
  const rows = replicatedTables(db).some((t) => db.prepare(`SELECT 1 FROM "${t}" LIMIT 1`).get());
  if (!rows) return null;
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  let target = `${file}.before-snapshot-${stamp}`;
  for (let i = 2; existsSync(target); i++) target = `${file}.before-snapshot-${stamp}-${i}`;
  db.exec(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
  return target;
}

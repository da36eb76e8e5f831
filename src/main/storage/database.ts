import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Migration } from './migrate.js';

export type SqliteDatabase = Database.Database;

/** Opens a SQLite file in WAL mode and brings its schema up to date (see migrate.ts). */
export function openDatabase(file: string, migrations: ReadonlyArray<Migration>): SqliteDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a process crash; only an OS crash/power cut can lose the last ones.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, migrations);
    // a refused file is closed here: the caller never gets the handle to close it
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

const statements = new WeakMap<SqliteDatabase, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)`, compiled once per connection: better-sqlite3 compiles on every `prepare`, and the
 * services' writes (timeline entries, alarm transitions, throttles, action results) run per event.
 * Callers must not change a cached statement's mode (`pluck`, `raw`, `expand`): it is shared.
 */
export function prepared(db: SqliteDatabase, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

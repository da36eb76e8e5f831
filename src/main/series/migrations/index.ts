import type Database from 'better-sqlite3';
import { sql as m001 } from './001_init.js';

/** Ordered; the position + 1 is the schema version stored in PRAGMA user_version. */
export const migrations: readonly string[] = [m001];

/** Applies pending migrations, each in its own transaction together with its version bump. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`series database schema v${current} is newer than this build (v${migrations.length})`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}

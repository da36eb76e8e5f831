import type Database from 'better-sqlite3';
import { sql as m001 } from './001_init.js';
import { backfillRollups } from './002_backfill.js';
import { sql as m002 } from './002_rollups.js';

/** SQL, or SQL plus a data step run in the same transaction */
export type Migration = string | { sql: string; run: (db: Database.Database) => void };

/** Ordered; the position + 1 is the schema version stored in PRAGMA user_version. */
export const migrations: readonly Migration[] = [m001, { sql: m002, run: backfillRollups }];

/** Applies pending migrations, each in its own transaction together with its version bump. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`series database schema v${current} is newer than this build (v${migrations.length})`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      const m = migrations[v];
      if (typeof m === 'string') db.exec(m);
      else {
        db.exec(m.sql);
        m.run(db);
      }
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}

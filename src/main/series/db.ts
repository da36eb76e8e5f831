import Database from 'better-sqlite3';
import { migrate } from './migrations/index.js';

export type Synchronous = 'NORMAL' | 'FULL';

/** An older file (auto_vacuum = NONE) up to this size is converted by a one-time VACUUM on open. */
export const VACUUM_CONVERT_MAX_BYTES = 64 * 1024 * 1024;

export function openSeriesDb(file: string, synchronous: Synchronous): Database.Database {
  const db = new Database(file);
  try {
    // Must precede the first CREATE TABLE to take effect: lets retention give pages back to the OS in
    // small steps (incremental_vacuum) instead of the file only ever growing.
    if ((db.pragma('user_version', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    // an outside reader (sqlite3 CLI, a backup) briefly holding a lock must not fail a commit at once
    db.pragma('busy_timeout = 5000');
    migrate(db);
    convertAutoVacuum(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Files created before auto_vacuum was set keep NONE: freed pages are reused but the file never shrinks.
 * Changing the mode needs a full VACUUM (rewrites the file under an exclusive lock), so it is done only
 * while the file is small; bigger files stay on page reuse (convert them offline with `VACUUM`).
 */
function convertAutoVacuum(db: Database.Database): void {
  if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 0) return;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  if (pages * size > VACUUM_CONVERT_MAX_BYTES) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
}

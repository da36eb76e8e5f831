import Database from 'better-sqlite3';
import { migrate } from './migrations/index.js';

export type Synchronous = 'NORMAL' | 'FULL';

export function openSeriesDb(file: string, synchronous: Synchronous): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    // an outside reader (sqlite3 CLI, a backup) briefly holding a lock must not fail a commit at once
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

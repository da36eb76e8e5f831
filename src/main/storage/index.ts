import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from './database.js';
import { SITE_MIGRATIONS } from './migrations/index.js';

export { DiskMonitor, type DiskLevel, type DiskState, type DiskThresholds } from './disk-monitor.js';
export { openDatabase, type SqliteDatabase } from './database.js';
export { checkMigrations, migrate, MigrationError, type Migration } from './migrate.js';

/** The site database (registry, statuses, timeline, rules); sensor values live in the series store. */
export function openSiteDatabase(dataDir: string): SqliteDatabase {
  return openDatabase(join(dataDir, 'site.db'), SITE_MIGRATIONS);
}
export { AlarmReserve, type ReserveState } from './reserve.js';
export { DiskThinner, type ThinOutcome, type ThinStep, type DiskThinnerOptions } from './disk-budget.js';

import type Database from 'better-sqlite3';
import { migrate as migrateDb, type LegacyNumbering, type Migration } from '../../storage/migrate.js';
import init from './001_init.js';
import rollups from './002_rollups.js';
import backfill from './003_backfill.js';
import thinned from './004_thinned.js';

/** series.db, one file per version; never edit a released migration, add the next number. */
export const SERIES_MIGRATIONS: readonly Migration[] = [init, rollups, backfill, thinned];

/**
 * Up to release 0.1.0 a version was a position in a list whose second entry was 002_rollups and its
 * backfill together, so those files say 2 where today's numbering says 3. The stamp (ASCII "ESer")
 * marks files numbered today's way: without it a 2 written by this code (rollups done, backfill
 * still pending after a failure) could not be told from a 2 written by 0.1.0 (both done).
 */
export const SERIES_LEGACY_NUMBERING: LegacyNumbering = {
  applicationId: 0x45536572,
  versions: { 1: 1, 2: 3 },
};

/** Applies pending migrations, each in its own transaction together with its version. */
export function migrate(db: Database.Database): number {
  return migrateDb(db, SERIES_MIGRATIONS, { legacy: SERIES_LEGACY_NUMBERING });
}

import type { Migration } from '../../storage/migrate.js';

/**
 * Rollups: per series, 1 min / 1 h / 1 day buckets (UTC-aligned `bucket` = start, epoch ms) of the
 * compacted points. `count` counts every point; `ncount`, min, max, sum, first, last cover only the
 * finite numeric ones (strings, booleans, objects, ±Infinity only count; first/last are NULL when a
 * bucket has no numeric point). WITHOUT ROWID: the key is the lookup, so rows live in key order and a
 * range read is one b-tree walk. Each row is written exactly once (see rollup.ts), never updated.
 */
const table = (name: string) => `
CREATE TABLE ${name} (
  series_id INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  ncount INTEGER NOT NULL,
  min REAL,
  max REAL,
  sum REAL NOT NULL,
  first REAL,
  last REAL,
  PRIMARY KEY (series_id, bucket)
) WITHOUT ROWID;`;

const sql = [table('rollup_1m'), table('rollup_1h'), table('rollup_1d')].join('\n');

/** Until the renumbering this and 003_backfill were one version, 2 (see index.ts for the mapping). */
const migration: Migration = { version: 2, name: 'rollups', up: (db) => db.exec(sql) };
export default migration;

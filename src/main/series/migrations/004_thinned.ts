import type { Migration } from '../../storage/migrate.js';

/**
 * What the disk budget thinned, per series: raw values before `before` (epoch ms, a UTC day start) may
 * be gone, and rollups answer for them; `at` is when that was last extended. Written in the same
 * transaction as the deletes, so the history says exactly what it can no longer give raw.
 */
const migration: Migration = {
  version: 4,
  name: 'thinned',
  up: (db) =>
    db.exec(`
CREATE TABLE series_thinned (
  series_id INTEGER PRIMARY KEY,
  before INTEGER NOT NULL,
  at INTEGER NOT NULL
);`),
};
export default migration;

import type { Migration } from '../../storage/migrate.js';

/** Initial schema. */
const sql = `
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  gateway_id TEXT NOT NULL,
  sensor_id TEXT NOT NULL,
  UNIQUE (gateway_id, sensor_id)
);

-- One row per received message. A plain rowid table: every insert lands on the rightmost leaf page,
-- which is what makes ingest cheap in bytes written (a (sensor, time) key dirties a page per sensor).
CREATE TABLE ingest_log (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  body BLOB NOT NULL
);

-- Per-sensor compressed runs of points, never overlapping in time per series.
CREATE TABLE chunks (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  count INTEGER NOT NULL,
  codec INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE UNIQUE INDEX chunks_series_start ON chunks (series_id, start_time);
`;

const migration: Migration = { version: 1, name: 'init', up: (db) => db.exec(sql) };
export default migration;

import type { Migration } from '../migrate.js';

// Last reported status per gateway (sensor_id = '') and per sensor, written behind (statuses expire and are
// refreshed every report interval, so losing the last few seconds of them on a crash is harmless).
const sql = `
CREATE TABLE statuses (
  gateway_id TEXT NOT NULL,
  sensor_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  reason TEXT,
  expire_at INTEGER,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (gateway_id, sensor_id)
) WITHOUT ROWID;
`;

const migration: Migration = { version: 2, name: 'status', up: (db) => db.exec(sql) };
export default migration;

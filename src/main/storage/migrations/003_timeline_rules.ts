import type { Migration } from '../migrate.js';

// Timeline entries and threshold rules, Thing+ shaped (protocol §9).
const sql = `
CREATE TABLE timeline (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  type TEXT NOT NULL,
  severity TEXT NOT NULL,
  nodes TEXT NOT NULL,
  rule TEXT,
  message TEXT NOT NULL,
  checked TEXT NOT NULL DEFAULT 'n',
  success TEXT NOT NULL DEFAULT 'y',
  epoch INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX timeline_by_severity ON timeline (severity, id);
CREATE TABLE rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  desc TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  gateway_id TEXT NOT NULL,
  sensor_id TEXT NOT NULL,
  method TEXT NOT NULL,
  threshold REAL NOT NULL,
  message TEXT,
  ctime INTEGER NOT NULL,
  mtime INTEGER NOT NULL
);
`;

const migration: Migration = { version: 3, name: 'timeline_rules', up: (db) => db.exec(sql) };
export default migration;

import type { Migration } from '../migrate.js';

// Alarms (ISA-18.2 states, see alarms/state.ts). At most one open alarm per (rule, gateway, sensor): the
// partial unique index is what guarantees it even if two writers raced. `condition_active` is the rule's
// condition as last evaluated and `latched_hold` keeps a latched alarm active until reset, so the state is
// recomputed from stored facts after a restart. Rules gain a deadband (hysteresis) and a latch flag.
const sql = `
CREATE TABLE alarms (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_id INTEGER NOT NULL,
  rule_name TEXT NOT NULL,
  severity TEXT NOT NULL,
  state TEXT NOT NULL,
  gateway_id TEXT NOT NULL,
  sensor_id TEXT NOT NULL,
  value TEXT,
  raised_at INTEGER NOT NULL,
  acked_at INTEGER,
  acked_by TEXT,
  ack_comment TEXT,
  cleared_at INTEGER,
  shelved_until INTEGER,
  shelve_reason TEXT,
  condition_active INTEGER NOT NULL DEFAULT 1,
  latched_hold INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX alarms_open_one ON alarms (rule_id, gateway_id, sensor_id) WHERE state != 'cleared';
CREATE INDEX alarms_by_raised ON alarms (raised_at);
ALTER TABLE rules ADD COLUMN deadband REAL NOT NULL DEFAULT 0;
ALTER TABLE rules ADD COLUMN latched INTEGER NOT NULL DEFAULT 0;
`;

const migration: Migration = { version: 5, name: 'alarms', up: (db) => db.exec(sql) };
export default migration;

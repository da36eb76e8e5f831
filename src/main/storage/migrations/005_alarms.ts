import type { Migration } from '../migrate.js';

// Alarms (ISA-18.2 states, see alarms/state.ts). At most one open alarm per (rule, gateway, sensor): the
// partial unique index is what guarantees it even if two writers raced. `condition_active` is the rule's
// condition as last evaluated and `latched_hold` keeps a latched alarm active until reset, so the state is
// recomputed from stored facts after a restart. Rules gain a deadband (hysteresis), a latch flag and
// a hold time ("over 80 °C for 2 min"), a timezone and Thing+ actions (JSON); every action run leaves its result (success, failure with reason, attempts); the action
// throttle's last firing per (rule, sensor) is kept so a restart does not repeat an action at once.
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
ALTER TABLE rules ADD COLUMN actions TEXT;
ALTER TABLE rules ADD COLUMN hold_seconds REAL NOT NULL DEFAULT 0;
ALTER TABLE rules ADD COLUMN timezone TEXT;
CREATE TABLE action_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_id INTEGER NOT NULL,
  action_index INTEGER NOT NULL,
  action TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  reason TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL
);
CREATE INDEX action_results_by_rule ON action_results (rule_id, id);
CREATE TABLE rule_throttle (
  rule_id INTEGER NOT NULL,
  sensor_id TEXT NOT NULL,
  last_fired INTEGER NOT NULL,
  PRIMARY KEY (rule_id, sensor_id)
) WITHOUT ROWID;
`;

const migration: Migration = { version: 5, name: 'alarms', up: (db) => db.exec(sql) };
export default migration;

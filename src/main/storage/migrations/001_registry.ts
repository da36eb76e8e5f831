import type { Migration } from '../migrate.js';

// Gateways → devices → sensors (Thing+ §7), their APIKEYs (hashed), and gateways that asked to join.
const sql = `
CREATE TABLE gateways (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  model TEXT NOT NULL,
  report_interval TEXT NOT NULL DEFAULT '60000',
  auto_create_discoverable TEXT NOT NULL DEFAULT 'y',
  legacy_plain_tcp INTEGER NOT NULL DEFAULT 0,
  apikey_hash TEXT,
  ctime INTEGER NOT NULL,
  mtime INTEGER NOT NULL
);
CREATE TABLE devices (
  gateway_id TEXT NOT NULL REFERENCES gateways(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  model TEXT NOT NULL,
  ctime INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  PRIMARY KEY (gateway_id, id)
);
CREATE TABLE sensors (
  gateway_id TEXT NOT NULL REFERENCES gateways(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  device_id TEXT,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT 'sensor',
  model TEXT,
  driver_name TEXT,
  network TEXT,
  address TEXT,
  options TEXT NOT NULL DEFAULT '{}',
  ctime INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  PRIMARY KEY (gateway_id, id)
);
CREATE TABLE pending_gateways (
  id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  with_credentials INTEGER NOT NULL DEFAULT 0
);
`;

const migration: Migration = { version: 1, name: 'registry', up: (db) => db.exec(sql) };
export default migration;

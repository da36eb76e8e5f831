import type { Migration } from '../migrate.js';

// People who sign in (auth/): users with a scrypt hash, their sessions and the API tokens of LAN clients,
// both kept only as SHA-256 of the secret (a copied site.db signs nobody in), and the audit trail.
// Sessions and tokens go with their user (ON DELETE CASCADE needs foreign_keys, which the site turns on;
// the service deletes them itself as well).
const sql = `
CREATE TABLE users (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'technician', 'viewer')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  address TEXT
);
CREATE INDEX sessions_user ON sessions (username);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'technician', 'viewer')),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  last_used_at INTEGER
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  actor TEXT,
  role TEXT,
  address TEXT,
  action TEXT NOT NULL,
  method TEXT,
  route TEXT,
  resource TEXT,
  status INTEGER,
  detail TEXT
);
CREATE INDEX audit_ts ON audit (ts);
CREATE INDEX audit_actor ON audit (actor, ts);
`;

const migration: Migration = { version: 9, name: 'auth', up: (db) => db.exec(sql) };
export default migration;

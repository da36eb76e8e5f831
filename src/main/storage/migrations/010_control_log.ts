import type { Migration } from '../migrate.js';

// Where this node is in the cluster's control log (issue 18): the stream sequence applied to site.db,
// written in the same transaction as the record it follows, so a restart applies each record once.
// Node-local: never itself logged (replication/capture.ts).
const sql = `
CREATE TABLE control_position (
  stream TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
`;

const migration: Migration = { version: 10, name: 'control_log', up: (db) => db.exec(sql) };
export default migration;

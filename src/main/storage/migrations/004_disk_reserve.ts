import type { Migration } from '../migrate.js';

// The alarm reserve's ballast (see storage/reserve.ts): rows are written and deleted again to keep free,
// really allocated pages in site.db that only site.db can use once the disk is full.
const sql = `
CREATE TABLE disk_reserve (
  id INTEGER PRIMARY KEY,
  pad BLOB NOT NULL
);
`;

const migration: Migration = { version: 4, name: 'disk_reserve', up: (db) => db.exec(sql) };
export default migration;

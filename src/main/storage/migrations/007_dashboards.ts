import type { Migration } from '../migrate.js';

// Dashboards (dashboards/store.ts): a name and the widgets as one JSON document. Widgets are always read
// and written as a whole dashboard (the editor saves the grid at once), so a table per widget would buy
// nothing but joins; the JSON is validated by the service before it is stored.
const sql = `
CREATE TABLE dashboards (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  widgets TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

const migration: Migration = { version: 7, name: 'dashboards', up: (db) => db.exec(sql) };
export default migration;

import type { Migration } from '../migrate.js';

// Alarms by the time they were last written (issue 18): after each control record that touched alarms,
// a node sends its console the alarms written lately (site/control-feed.ts); without the index that is
// a scan of the whole alarm history per record, in an alarm flood many times a second.
const sql = `CREATE INDEX alarms_updated_at ON alarms (updated_at);`;

const migration: Migration = { version: 11, name: 'alarms_updated', up: (db) => db.exec(sql) };
export default migration;

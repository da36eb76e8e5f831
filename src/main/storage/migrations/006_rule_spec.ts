import type { Migration } from '../migrate.js';

// Rules beyond one threshold on one sensor: the trigger's agent and its other parameters (range, from/to,
// window, statuses, cron), several targets or a sensor type, conditions and a per-rule throttle, kept as
// one JSON object (`spec`) beside the columns every rule has. A 0.1/0.2 rule has no spec and reads as
// before: `over`/`under` on its one sensor.
const sql = `ALTER TABLE rules ADD COLUMN spec TEXT;`;

const migration: Migration = { version: 6, name: 'rule_spec', up: (db) => db.exec(sql) };
export default migration;

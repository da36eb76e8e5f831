import type { Migration } from '../migrate.js';

// The plain-TCP no-credentials allowance is pinned to one source address (issue 16). Gateways that already
// use it keep it: the site never stored their address, so the pin is taken from the first connection after
// the upgrade, and legacy_notice makes the console tell the technician until they confirm the choice.
const sql = `
ALTER TABLE gateways ADD COLUMN legacy_address TEXT;
ALTER TABLE gateways ADD COLUMN legacy_notice INTEGER NOT NULL DEFAULT 0;
UPDATE gateways SET legacy_notice = 1 WHERE legacy_plain_tcp = 1;
`;

const migration: Migration = { version: 8, name: 'legacy_pin', up: (db) => db.exec(sql) };
export default migration;

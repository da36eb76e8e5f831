import registry from './001_registry.js';
import status from './002_status.js';
import timelineRules from './003_timeline_rules.js';
import diskReserve from './004_disk_reserve.js';

/** Numbered, append-only: never edit a released migration, add the next number. */
export const SITE_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'registry', sql: registry },
  { version: 2, name: 'status', sql: status },
  { version: 3, name: 'timeline_rules', sql: timelineRules },
  { version: 4, name: 'disk_reserve', sql: diskReserve },
];

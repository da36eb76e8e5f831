import type { Migration } from '../migrate.js';
import registry from './001_registry.js';
import status from './002_status.js';
import timelineRules from './003_timeline_rules.js';
import diskReserve from './004_disk_reserve.js';
import alarms from './005_alarms.js';
import ruleSpec from './006_rule_spec.js';
import dashboards from './007_dashboards.js';
import legacyPin from './008_legacy_pin.js';
import auth from './009_auth.js';
import controlLog from './010_control_log.js';
import alarmsUpdated from './011_alarms_updated.js';

/** site.db, one file per version; never edit a released migration, add the next number. */
export const SITE_MIGRATIONS: readonly Migration[] = [
  registry,
  status,
  timelineRules,
  diskReserve,
  alarms,
  ruleSpec,
  dashboards,
  legacyPin,
  auth,
  controlLog,
  alarmsUpdated,
];

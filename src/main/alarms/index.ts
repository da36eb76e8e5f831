export { Alarms, BY_RULE, BY_SYSTEM, DEFAULT_MAX_SHELVE_MINUTES } from './alarms.js';
export type { AlarmOptions, SystemCondition } from './alarms.js';
export type { AlarmQuery } from './store.js';
export { applyEvent, deriveState, AlarmConflict, OPEN_STATES } from './state.js';
export type { AlarmFacts, AlarmEvent } from './state.js';
export { alarmStats, STALE_AFTER_MS } from './stats.js';
export type { RaisedAlarm, StatsInput } from './stats.js';

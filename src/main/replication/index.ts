export { Replication, type ReplicationOptions } from './replication.js';
export { ReplicationError } from './values-log.js';
export { decodeRecord, encodeRecord, recordId, type ValuesRecord } from './record.js';
export { ControlReplication, type ControlState } from './control.js';
export { ControlLogError } from './control-log.js';

// Alarms the site raises about itself (issue #18): they live in the alarms table like rule alarms, under
// built-in "rules" with fixed negative ids (no rule row; user rules have positive ids), gateway_id ''
// (the site) and sensor_id the subject (a cluster node's name, or the log's stream).
import type { Severity } from './model.js';

export type SystemAlarmKind = 'valuesQuorum' | 'controlQuorum' | 'nodeLate';

export interface SystemRule {
  id: number;
  kind: SystemAlarmKind;
  /** the name stored with the alarm (the console shows its own translation, by id) */
  name: string;
  severity: Severity;
}

export const SYSTEM_RULES: Record<SystemAlarmKind, SystemRule> = {
  valuesQuorum: { id: -1, kind: 'valuesQuorum', name: 'Values log has no quorum', severity: 'fatal' },
  controlQuorum: { id: -2, kind: 'controlQuorum', name: 'Control log has no quorum', severity: 'fatal' },
  nodeLate: { id: -3, kind: 'nodeLate', name: 'Cluster node behind or silent', severity: 'warning' },
};

/** the gateway id of a system alarm: the site itself */
export const SITE_GATEWAY = '';

export const isSystemRule = (ruleId: number): boolean => ruleId < 0;

export function systemRule(ruleId: number): SystemRule | null {
  return Object.values(SYSTEM_RULES).find((r) => r.id === ruleId) ?? null;
}

/**
 * A replication problem as one node sees it now. `recorded`: an open alarm in site.db holds it (false:
 * shown from this node's own replication state only; a lost quorum cannot be written while it lasts).
 */
export interface ReplicationProblem {
  kind: SystemAlarmKind;
  /** `nodeLate`: how the node is late */
  detail?: 'behind' | 'silent';
  /** the cluster node (nodeLate) or the stream (quorum) */
  subject: string;
  severity: Severity;
  /** when this node first saw it, ms */
  since: number;
  recorded: boolean;
  /** nodeLate behind: how far, s */
  lagSeconds?: number;
}

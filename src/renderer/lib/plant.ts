// "Is my plant all right?": one state for the top of the overview, with its reasons, worst first.
import type { DiskLevel } from '../../shared/api.js';
import type { Alarm, Severity } from '../../shared/model.js';
import type { ReplicationProblem } from '../../shared/system-alarms.js';

export type PlantLevel = 'ok' | 'attention' | 'problem';

/** One reason, as an i18n key under `floor.reason.` with its count (plural) or other values. */
export interface PlantReason {
  key:
    | 'siteUnreachable'
    | 'diskFull'
    | 'diskThinning'
    | 'diskLow'
    | 'allGatewaysDown'
    | 'fatalAlarms'
    | 'alarms'
    | 'otherAlarms'
    | 'gatewaysDown'
    | 'staleSensors'
    | 'errors'
    | 'noQuorum'
    | 'nodeSilent'
    | 'nodeBehind';
  level: Exclude<PlantLevel, 'ok'>;
  count?: number;
  /** the cluster node a replication reason is about */
  node?: string;
}

export interface PlantState {
  level: PlantLevel;
  reasons: PlantReason[];
}

export interface PlantFacts {
  /** the live stream is lost: everything else shown is as of then */
  unreachable: boolean;
  diskLevel: DiskLevel;
  gatewaysTotal: number;
  gatewaysDown: number;
  openAlarms: readonly Pick<Alarm, 'severity' | 'state'>[];
  staleSensors: number;
  errorsLastHour: number;
  /** replication problems the site's node sees now (cluster with replication only) */
  replication?: readonly ReplicationProblem[];
}

/** Open alarms by severity; shelved and out-of-service ones are set aside by an operator and not counted. */
export function alarmsBySeverity(
  open: readonly Pick<Alarm, 'severity' | 'state'>[],
): Record<Severity, number> {
  const out: Record<Severity, number> = { fatal: 0, warning: 0, information: 0 };
  for (const a of open)
    if (a.state !== 'shelved' && a.state !== 'out_of_service' && a.state !== 'cleared') out[a.severity] += 1;
  return out;
}

/**
 * Problems stop the plant or lose data (site unreachable, disk full, every gateway down, fatal alarms);
 * everything else that needs a look is attention. The first reason is the worst.
 */
export function plantState(f: PlantFacts): PlantState {
  const reasons: PlantReason[] = [];
  const add = (key: PlantReason['key'], level: PlantReason['level'], count?: number): void => {
    reasons.push(count === undefined ? { key, level } : { key, level, count });
  };
  if (f.unreachable) add('siteUnreachable', 'problem');
  if (f.diskLevel === 'full') add('diskFull', 'problem');
  const problems = f.replication ?? [];
  // values cannot be acknowledged: a problem whether or not its alarm is recorded yet
  if (problems.some((p) => p.kind === 'valuesQuorum' || p.kind === 'controlQuorum'))
    add('noQuorum', 'problem');
  const bySeverity = alarmsBySeverity(f.openAlarms);
  if (bySeverity.fatal > 0) add('fatalAlarms', 'problem', bySeverity.fatal);
  const allDown = f.gatewaysTotal > 0 && f.gatewaysDown >= f.gatewaysTotal;
  if (allDown) add('allGatewaysDown', 'problem', f.gatewaysTotal);
  const others = bySeverity.warning + bySeverity.information;
  // beside fatal ones, "2 alarms" would read as if the fatal one were not counted
  if (others > 0) add(bySeverity.fatal > 0 ? 'otherAlarms' : 'alarms', 'attention', others);
  if (!allDown && f.gatewaysDown > 0) add('gatewaysDown', 'attention', f.gatewaysDown);
  if (f.staleSensors > 0) add('staleSensors', 'attention', f.staleSensors);
  if (f.diskLevel === 'thinning') add('diskThinning', 'attention');
  if (f.diskLevel === 'low') add('diskLow', 'attention');
  if (f.errorsLastHour > 0) add('errors', 'attention', f.errorsLastHour);
  for (const p of problems)
    if (p.kind === 'nodeLate')
      reasons.push({
        key: p.detail === 'silent' ? 'nodeSilent' : 'nodeBehind',
        level: 'attention',
        node: p.subject,
      });
  const level: PlantLevel = reasons.some((r) => r.level === 'problem')
    ? 'problem'
    : reasons.length > 0
      ? 'attention'
      : 'ok';
  return { level, reasons };
}

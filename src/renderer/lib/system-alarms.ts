// The site's own alarms (replication, src/shared/system-alarms.ts) in the operator's words: their
// name by their built-in rule, their subject (a cluster node, the values log) instead of sensor links.
import type { Alarm } from '../../shared/model.js';
import { systemRule, type ReplicationProblem } from '../../shared/system-alarms.js';
import { gatewayLabel, sensorLabel, type Names, type Translate } from './names.js';

type AlarmIds = Pick<Alarm, 'ruleId' | 'ruleName' | 'gatewayId' | 'sensorId'>;

/** what raised it: the rule's name, or the system condition's name in the console's language */
export function alarmTitle(a: Pick<Alarm, 'ruleId' | 'ruleName'>, t: Translate): string {
  const rule = systemRule(a.ruleId);
  return rule ? t(`alarms.system.${rule.kind}`) : a.ruleName;
}

/** where: "sensor · gateway", or the cluster node / log a system alarm is about */
export function alarmWhere(a: AlarmIds, names: Names, t: Translate): string {
  const rule = systemRule(a.ruleId);
  if (!rule) return `${sensorLabel(names, a.gatewayId, a.sensorId)} · ${gatewayLabel(names, a.gatewayId)}`;
  return rule.kind === 'nodeLate'
    ? t('alarms.systemSource.node', { node: a.sensorId })
    : t('alarms.systemSource.stream', { stream: a.sensorId });
}

const VALUE_KEYS: Record<string, string> = { silent: 'silent', behind: 'behind', 'no quorum': 'noQuorum' };

/** a system alarm's value ("silent", "behind", "no quorum") translated; null for a rule's alarm */
export function systemValue(a: Pick<Alarm, 'ruleId' | 'value'>, t: Translate): string | null {
  if (!systemRule(a.ruleId)) return null;
  const key = VALUE_KEYS[String(a.value)];
  return key ? t(`alarms.systemValue.${key}`) : String(a.value ?? '—');
}

/** one problem a node sees now, as a line: "Cluster node site-b: not reporting" */
export function problemText(p: ReplicationProblem, t: Translate): string {
  if (p.kind !== 'nodeLate') return t(`alarms.system.${p.kind}`);
  return t(p.detail === 'silent' ? 'alarms.problem.silent' : 'alarms.problem.behind', {
    node: p.subject,
    seconds: p.lagSeconds ?? 0,
  });
}

import type { RuleInput } from '../../shared/api.js';
import type { Rule, RuleAction, Severity } from '../../shared/model.js';
import type { RuleAgent, RuleConditionSpec, RuleMethod, StatusValue } from '../../shared/rules.js';
import { badRequest } from '../errors.js';

/**
 * Rules in the Thing+ shape (protocol §9), as Thing+ tools import and export them. Parameters the
 * protocol page does not name (a range's min/max, a window, a deadband…) are Edge Site extensions kept
 * inside `params`, so a Thing+ tool that passes unknown params through carries them along.
 */
export interface ThingPlusTarget {
  /** `gateway`: the listed sensors (none for a gateway status rule); `sensorType`: every sensor of a type */
  type: 'gateway' | 'sensorType';
  id: string;
  sensors?: string[];
  sensorType?: string;
}

export interface ThingPlusParams {
  degree?: number;
  min?: number;
  max?: number;
  from?: number | string;
  to?: number | string;
  /** rate / noData window, seconds */
  window?: number;
  statuses?: StatusValue[];
  cron?: string;
  target?: ThingPlusTarget;
  deadband?: number;
  /** held for a duration, seconds */
  duration?: number;
  latched?: boolean;
  /** seconds between two firings per sensor */
  throttle?: number;
}

export interface ThingPlusCondition {
  agent: 'sensorValue' | 'time' | 'gatewayStatus';
  method: { id: string; params: Record<string, unknown> };
}

export interface ThingPlusRule {
  id?: number;
  name: string;
  desc: string;
  severity: Severity;
  status: 'activated' | 'deactivated';
  timezone: string;
  trigger: {
    agent: RuleAgent;
    type?: string;
    method: { id: RuleMethod; params: ThingPlusParams };
  };
  conditions: ThingPlusCondition[];
  actions: RuleAction[];
  ctime?: number;
  mtime?: number;
}

const DEFAULT_TIMEZONE = 'UTC';
/** what a rule without its own actions does: a timeline line (Thing+ `report`) */
const TIMELINE_ACTION: RuleAction = { agent: 'timeline', method: { id: 'add' } };
const AGENTS: readonly string[] = ['sensorValue', 'gatewayStatus', 'sensorStatus', 'schedule'];

export const isThingPlusShape = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'trigger' in body;

/** the fields that are set (0 and false are values: a range may start at 0) */
const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
/** the fields that differ from their default (0 / false), so a rule that uses none reads back as before */
const nonDefault = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== false && v !== 0),
  ) as Partial<T>;

export function toThingPlus(rule: Rule, sensorType?: string): ThingPlusRule {
  const target: ThingPlusTarget = rule.sensorType
    ? { type: 'sensorType', id: rule.gatewayId, sensorType: rule.sensorType }
    : {
        type: 'gateway',
        id: rule.gatewayId,
        sensors: rule.sensorIds ?? (rule.sensorId ? [rule.sensorId] : []),
      };
  const usesDegree = ['over', 'under', 'rate'].includes(rule.method);
  return {
    id: rule.id,
    name: rule.name,
    desc: rule.desc,
    severity: rule.severity,
    status: rule.status,
    timezone: rule.timezone ?? DEFAULT_TIMEZONE,
    trigger: {
      agent: rule.agent ?? 'sensorValue',
      ...(sensorType || rule.sensorType ? { type: sensorType ?? rule.sensorType } : {}),
      method: {
        id: rule.method,
        params: {
          ...(usesDegree ? { degree: rule.threshold } : {}),
          ...defined({ min: rule.min, max: rule.max, from: rule.from, to: rule.to }),
          ...defined({ window: rule.windowSeconds, statuses: rule.statuses, cron: rule.cron }),
          target,
          ...nonDefault({ deadband: rule.deadband, duration: rule.holdSeconds, latched: rule.latched }),
          ...defined({ throttle: rule.throttleSeconds }),
        },
      },
    },
    conditions: (rule.conditions ?? []).map(conditionToThingPlus),
    actions: rule.actions ?? [TIMELINE_ACTION],
    ctime: rule.ctime,
    mtime: rule.mtime,
  };
}

function conditionToThingPlus(c: RuleConditionSpec): ThingPlusCondition {
  switch (c.type) {
    case 'sensorValue':
      return {
        agent: 'sensorValue',
        method: {
          id: c.method,
          params: {
            ...defined({ degree: c.threshold, min: c.min, max: c.max, value: c.value }),
            target: { type: 'gateway', id: c.gatewayId, sensors: [c.sensorId] },
          },
        },
      };
    case 'timeOfDay':
      return {
        agent: 'time',
        method: { id: 'timeOfDay', params: defined({ from: c.from, to: c.to, days: c.days }) },
      };
    case 'gatewayStatus':
      return {
        agent: 'gatewayStatus',
        method: { id: 'status', params: { status: c.status, target: { type: 'gateway', id: c.gatewayId } } },
      };
  }
}

/**
 * A Thing+ rule → the site's rule. Checks the shape field by field (messages name the field); the rules
 * service then checks the sensors, the numbers and the actions as for any rule.
 */
export function fromThingPlus(body: unknown): RuleInput {
  const r = body as Partial<ThingPlusRule>;
  const problems: string[] = [];
  const trigger = r.trigger;
  const method = trigger?.method;
  const p: ThingPlusParams = method?.params ?? {};
  const agent = trigger?.agent ?? 'sensorValue';
  if (!AGENTS.includes(agent)) problems.push(`trigger.agent must be one of ${AGENTS.join(', ')}`);
  if (typeof method?.id !== 'string') problems.push('trigger.method.id is required');
  const target = p.target;
  if (agent !== 'schedule' && (typeof target !== 'object' || typeof target?.id !== 'string'))
    problems.push(
      'trigger.method.params.target must be {type: "gateway", id, sensors} or {type: "sensorType", id, sensorType}',
    );
  else if (target?.type === 'gateway' && target.sensors !== undefined && !isStringList(target.sensors))
    problems.push('trigger.method.params.target.sensors must be a list of sensor ids');
  const conditions = conditionsFrom(r.conditions, problems);
  if (problems.length > 0) throw badRequest(`invalid rule: ${problems.join('; ')}`, problems);
  const sensors = target?.type === 'gateway' ? (target.sensors ?? []) : [];
  const actions = r.actions;
  // the default (one timeline line) is stored as "no actions", so the rule keeps the site's own message
  const onlyDefault =
    Array.isArray(actions) &&
    actions.length === 1 &&
    actions[0]?.agent === 'timeline' &&
    !actions[0].method?.params;
  return {
    name: r.name ?? '',
    desc: r.desc ?? '',
    severity: r.severity as Severity,
    status: r.status ?? 'activated',
    ...(agent === 'sensorValue' ? {} : { agent }),
    gatewayId: target?.id ?? '',
    sensorId: sensors[0] ?? '',
    ...(sensors.length > 1 ? { sensorIds: sensors } : {}),
    ...(target?.type === 'sensorType' ? { sensorType: target.sensorType ?? '' } : {}),
    method: method!.id,
    threshold: typeof p.degree === 'number' ? p.degree : 0,
    ...defined({ min: p.min, max: p.max, from: p.from, to: p.to, windowSeconds: p.window }),
    ...defined({ statuses: p.statuses, cron: p.cron, deadband: p.deadband, holdSeconds: p.duration }),
    ...defined({ latched: p.latched, throttleSeconds: p.throttle }),
    ...(conditions.length > 0 ? { conditions } : {}),
    ...(r.timezone === undefined ? {} : { timezone: r.timezone }),
    ...(actions === undefined || onlyDefault ? {} : { actions }),
  };
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Thing+ writes conditions as a list, some exports as a list of lists (`[[…]]`): both are read. */
function conditionsFrom(raw: unknown, problems: string[]): RuleConditionSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('conditions must be a list');
    return [];
  }
  const flat = raw.flat() as Array<Partial<ThingPlusCondition> | null>;
  return flat.flatMap((c, i): RuleConditionSpec[] => {
    const params = (c?.method?.params ?? {}) as Record<string, unknown>;
    const at = `conditions[${i}]`;
    const target = params.target as ThingPlusTarget | undefined;
    if (c?.agent === 'time' && c.method?.id === 'timeOfDay')
      return [
        {
          type: 'timeOfDay',
          from: String(params.from),
          to: String(params.to),
          ...(Array.isArray(params.days) ? { days: params.days as number[] } : {}),
        },
      ];
    if (c?.agent === 'gatewayStatus' && typeof target?.id === 'string')
      return [{ type: 'gatewayStatus', gatewayId: target.id, status: params.status as StatusValue }];
    if (c?.agent === 'sensorValue' && typeof target?.id === 'string' && isStringList(target.sensors)) {
      return [
        {
          type: 'sensorValue',
          gatewayId: target.id,
          sensorId: target.sensors[0] ?? '',
          method: c.method?.id as 'over',
          ...defined({
            threshold: params.degree as number | undefined,
            min: params.min as number | undefined,
            max: params.max as number | undefined,
            value: params.value as number | string | undefined,
          }),
        },
      ];
    }
    problems.push(
      `${at}: must be {agent: "time", method: {id: "timeOfDay", params: {from, to, days?}}}, a sensorValue or a gatewayStatus condition with a target`,
    );
    return [];
  });
}

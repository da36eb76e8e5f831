import type { RuleInput } from '../../shared/api.js';
import type { RuleMethod } from '../../shared/rules.js';
import type { RuleAction, Severity, Rule } from '../../shared/model.js';
import { badRequest } from '../errors.js';

/** A rule in the Thing+ shape (protocol §9), as Thing+ tools import and export it. */
export interface ThingPlusRule {
  id?: number;
  name: string;
  desc: string;
  severity: Severity;
  status: 'activated' | 'deactivated';
  timezone: string;
  trigger: {
    agent: 'sensorValue';
    type?: string;
    method: {
      id: RuleMethod;
      params: {
        degree: number;
        target: { type: 'gateway'; id: string; sensors: string[] };
        /** Edge Site extensions, kept in params so a Thing+ tool carries them through */
        deadband?: number;
        duration?: number;
        latched?: boolean;
      };
    };
  };
  conditions: unknown[];
  actions: RuleAction[];
  ctime?: number;
  mtime?: number;
}

const DEFAULT_TIMEZONE = 'UTC';
/** what a rule without its own actions does: a timeline line (Thing+ `report`) */
const TIMELINE_ACTION: RuleAction = { agent: 'timeline', method: { id: 'add' } };
/** trigger methods of protocol §9 this site does not evaluate yet: refused by name, never half-accepted */
const NOT_YET = ['inRange', 'outOfRange', 'changed', 'rateOfChange', 'noData'];

export const isThingPlusShape = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'trigger' in body;

export function toThingPlus(rule: Rule, sensorType?: string): ThingPlusRule {
  return {
    id: rule.id,
    name: rule.name,
    desc: rule.desc,
    severity: rule.severity,
    status: rule.status,
    timezone: rule.timezone ?? DEFAULT_TIMEZONE,
    trigger: {
      agent: 'sensorValue',
      ...(sensorType ? { type: sensorType } : {}),
      method: {
        id: rule.method,
        params: {
          degree: rule.threshold,
          target: { type: 'gateway', id: rule.gatewayId, sensors: [rule.sensorId] },
          ...(rule.deadband ? { deadband: rule.deadband } : {}),
          ...(rule.holdSeconds ? { duration: rule.holdSeconds } : {}),
          ...(rule.latched ? { latched: true } : {}),
        },
      },
    },
    conditions: [],
    actions: rule.actions ?? [TIMELINE_ACTION],
    ctime: rule.ctime,
    mtime: rule.mtime,
  };
}

/**
 * A Thing+ rule → the site's rule. Checks the shape field by field (messages name the field); the rules
 * service then checks the sensor, the numbers and the actions as for any rule.
 */
export function fromThingPlus(body: unknown): RuleInput {
  const r = body as Partial<ThingPlusRule>;
  const problems: string[] = [];
  const trigger = r.trigger;
  const method = trigger?.method;
  const params = method?.params;
  if (trigger?.agent !== 'sensorValue')
    problems.push('trigger.agent: only "sensorValue" triggers are supported');
  if (method?.id !== 'over' && method?.id !== 'under') {
    const id = String(method?.id);
    problems.push(
      NOT_YET.includes(id)
        ? `trigger.method.id: "${id}" is not supported yet (over, under)`
        : `trigger.method.id must be over or under`,
    );
  }
  if (typeof params?.degree !== 'number') problems.push('trigger.method.params.degree must be a number');
  const target = params?.target;
  if (target?.type !== 'gateway' || typeof target.id !== 'string')
    problems.push('trigger.method.params.target must be {type: "gateway", id, sensors}');
  else if (
    !Array.isArray(target.sensors) ||
    target.sensors.length !== 1 ||
    typeof target.sensors[0] !== 'string'
  )
    problems.push('trigger.method.params.target.sensors: exactly one sensor per rule');
  if (r.conditions !== undefined && (!Array.isArray(r.conditions) || r.conditions.length > 0))
    problems.push('conditions: not supported yet (must be empty)');
  if (r.timezone !== undefined && !validTimezone(r.timezone))
    problems.push(`timezone: unknown "${r.timezone}"`);
  if (problems.length > 0) throw badRequest(`invalid rule: ${problems.join('; ')}`, problems);
  const p = params!;
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
    gatewayId: target!.id,
    sensorId: target!.sensors[0]!,
    method: method!.id,
    threshold: p.degree,
    ...(p.deadband === undefined ? {} : { deadband: p.deadband }),
    ...(p.duration === undefined ? {} : { holdSeconds: p.duration }),
    ...(p.latched === undefined ? {} : { latched: p.latched }),
    ...(r.timezone === undefined ? {} : { timezone: r.timezone }),
    ...(actions === undefined || onlyDefault ? {} : { actions }),
  };
}

function validTimezone(tz: unknown): boolean {
  if (typeof tz !== 'string' || !tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

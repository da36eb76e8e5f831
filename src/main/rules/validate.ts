import { Cron } from 'croner';
import type { RuleInput } from '../../shared/api.js';
import { SEVERITIES } from '../../shared/api.js';
import { STATUS_VALUES, VALUE_METHODS, type RuleConditionSpec } from '../../shared/rules.js';
import { actionProblems } from '../actions/index.js';
import { unknownTemplateFields } from '../actions/templates.js';
import { validTimeOfDay } from './conditions.js';
import type { SensorDirectory } from './types.js';

export const MAX_CONDITIONS = 5;
export const MAX_TARGETS = 100;

const METHODS_OF = {
  sensorValue: VALUE_METHODS as readonly string[],
  sensorStatus: ['status'],
  gatewayStatus: ['status'],
  schedule: ['cron'],
} as const;

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * Everything wrong with a rule, each problem naming its field; empty when the rule can be saved.
 * Checked in full when saved, so a rule never fails for a typo when it fires.
 */
export function ruleProblems(
  input: Partial<RuleInput>,
  dir: SensorDirectory,
  emailConfigured = false,
): string[] {
  const problems: string[] = [];
  if (!input.name || !input.name.trim()) problems.push('name is required');
  if (!input.severity || !SEVERITIES.includes(input.severity))
    problems.push(`severity must be one of ${SEVERITIES.join(', ')}`);
  if (input.status !== 'activated' && input.status !== 'deactivated')
    problems.push('status must be activated or deactivated');
  const agent = input.agent ?? 'sensorValue';
  const methods: readonly string[] | undefined = METHODS_OF[agent];
  if (!methods) problems.push(`agent must be one of ${Object.keys(METHODS_OF).join(', ')}`);
  else if (!methods.includes(String(input.method)))
    problems.push(`method must be one of ${methods.join(', ')} for a ${agent} rule`);
  else problems.push(...triggerProblems(input));
  problems.push(...targetProblems(input, agent, dir));
  for (const [field, min] of [
    ['deadband', 0],
    ['holdSeconds', 0],
    ['throttleSeconds', 0],
  ] as const) {
    const v = input[field];
    if (v !== undefined && !(finite(v) && v >= min))
      problems.push(`${field} must be a finite number ≥ ${min}`);
  }
  if (input.timezone !== undefined && !validTimezone(input.timezone))
    problems.push(`timezone: unknown "${input.timezone}"`);
  if (input.message !== undefined)
    for (const f of unknownTemplateFields(input.message))
      problems.push(`message: unknown template field {{${f}}}`);
  problems.push(...conditionProblems(input.conditions, dir));
  problems.push(
    ...actionProblems(input.actions, (gw, s) => dir.exists(gw, s), {
      emailConfigured,
      commandProblems: dir.commandProblems?.bind(dir),
    }),
  );
  return problems;
}

function triggerProblems(r: Partial<RuleInput>): string[] {
  const problems: string[] = [];
  switch (r.method) {
    case 'over':
    case 'under':
      if (!finite(r.threshold)) problems.push('threshold must be a finite number');
      break;
    case 'inRange':
    case 'outOfRange':
      if (!finite(r.min) || !finite(r.max)) problems.push('min and max must be finite numbers');
      else if (r.min > r.max) problems.push('min must not be greater than max');
      break;
    case 'changed':
      if (r.from === undefined && r.to === undefined) problems.push('changed needs from, to or both');
      break;
    case 'rate':
      if (!finite(r.threshold) || r.threshold <= 0)
        problems.push('threshold (the change) must be a number > 0');
      if (!finite(r.windowSeconds) || r.windowSeconds <= 0)
        problems.push('windowSeconds must be a number > 0');
      break;
    case 'noData':
      if (!finite(r.windowSeconds) || r.windowSeconds < 1)
        problems.push('windowSeconds must be a number ≥ 1');
      break;
    case 'status':
      if (
        !Array.isArray(r.statuses) ||
        r.statuses.length === 0 ||
        r.statuses.some((s) => !STATUS_VALUES.includes(s))
      )
        problems.push(`statuses must list some of ${STATUS_VALUES.join(', ')}`);
      break;
    case 'cron':
      problems.push(...cronProblems(r.cron, r.timezone));
      break;
  }
  return problems;
}

function cronProblems(pattern: unknown, timezone: string | undefined): string[] {
  if (typeof pattern !== 'string' || !pattern.trim()) return ['cron is required (e.g. "0 8 * * 1-5")'];
  try {
    const job = new Cron(pattern, { paused: true, timezone: validTimezone(timezone) ? timezone : undefined });
    job.stop();
    return [];
  } catch (err) {
    return [`cron "${pattern}" is invalid: ${(err as Error).message}`];
  }
}

function targetProblems(r: Partial<RuleInput>, agent: string, dir: SensorDirectory): string[] {
  if (agent === 'schedule') return r.gatewayId && !dir.gatewayExists(r.gatewayId) ? [gatewayMissing(r)] : [];
  if (!r.gatewayId || !dir.gatewayExists(r.gatewayId)) return [gatewayMissing(r)];
  if (agent === 'gatewayStatus') return [];
  if (r.sensorType !== undefined) {
    if (typeof r.sensorType !== 'string' || !r.sensorType) return ['sensorType must be a sensor type name'];
    return [];
  }
  const ids = r.sensorIds ?? (r.sensorId ? [r.sensorId] : []);
  if (!Array.isArray(ids) || ids.length === 0) return ['sensorId (or sensorIds, or sensorType) is required'];
  if (ids.length > MAX_TARGETS) return [`sensorIds: at most ${MAX_TARGETS} sensors per rule`];
  if (r.sensorIds && r.sensorId && !r.sensorIds.includes(r.sensorId))
    return ['sensorId must be one of sensorIds'];
  return ids
    .filter((s) => !dir.exists(r.gatewayId!, s))
    .map((s) => `sensor ${s} of gateway ${r.gatewayId} does not exist`);
}

const gatewayMissing = (r: Partial<RuleInput>): string => `gateway ${r.gatewayId ?? '?'} does not exist`;

function conditionProblems(conditions: unknown, dir: SensorDirectory): string[] {
  if (conditions === undefined) return [];
  if (!Array.isArray(conditions) || conditions.length > MAX_CONDITIONS)
    return [`conditions must be a list of at most ${MAX_CONDITIONS}`];
  return (conditions as RuleConditionSpec[]).flatMap((c, i) => {
    const at = `conditions[${i}]`;
    switch (c?.type) {
      case 'sensorValue':
        if (!dir.exists(c.gatewayId, c.sensorId))
          return [`${at}: sensor ${c.sensorId} of gateway ${c.gatewayId} does not exist`];
        if ((c.method === 'over' || c.method === 'under') && !finite(c.threshold))
          return [`${at}.threshold must be a finite number`];
        if ((c.method === 'inRange' || c.method === 'outOfRange') && !(finite(c.min) && finite(c.max)))
          return [`${at}: min and max must be finite numbers`];
        if (c.method === 'equals' && c.value === undefined) return [`${at}.value is required`];
        if (!['over', 'under', 'inRange', 'outOfRange', 'equals'].includes(c.method))
          return [`${at}.method must be over, under, inRange, outOfRange or equals`];
        return [];
      case 'timeOfDay':
        if (!validTimeOfDay(c.from) || !validTimeOfDay(c.to)) return [`${at}: from and to must be HH:MM`];
        if (c.days && (!Array.isArray(c.days) || c.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)))
          return [`${at}.days must be weekdays 0 (Sunday) to 6`];
        return [];
      case 'gatewayStatus':
        if (!dir.gatewayExists(c.gatewayId)) return [`${at}: gateway ${c.gatewayId} does not exist`];
        return STATUS_VALUES.includes(c.status)
          ? []
          : [`${at}.status must be one of ${STATUS_VALUES.join(', ')}`];
      default:
        return [`${at}.type must be sensorValue, timeOfDay or gatewayStatus`];
    }
  });
}

export function validTimezone(tz: unknown): boolean {
  if (typeof tz !== 'string' || !tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

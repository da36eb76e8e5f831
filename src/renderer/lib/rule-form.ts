// Pure helpers of the rule editor: the form's draft (numbers kept as typed, so a half-typed "-" or "1e" is
// not lost) ↔ the site's rule shape, and what the server's 400 message says about which part of the form.
import type { RuleInput, RuleUpdate } from '../../shared/api.js';
import type { RuleAction, Severity } from '../../shared/model.js';
import type { RuleAgent, RuleConditionSpec, RuleMethod, StatusValue } from '../../shared/rules.js';
import { VALUE_METHODS } from '../../shared/rules.js';
import { parseThreshold } from './validate.js';

export const MAX_CONDITIONS = 5;
export const MAX_ACTIONS = 5;

/** The fields a message template may use (the site refuses any other when the rule is saved). */
export const TEMPLATE_FIELDS = [
  'value',
  'unit',
  'sensorName',
  'gatewayName',
  'triggerSensor',
  'triggerGateway',
  'triggerCondition',
  'threshold',
  'ruleName',
  'severity',
  'time',
] as const;

export type TargetMode = 'one' | 'many' | 'type';

export interface ConditionDraft {
  type: RuleConditionSpec['type'];
  gatewayId: string;
  sensorId: string;
  method: 'over' | 'under' | 'inRange' | 'outOfRange' | 'equals';
  threshold: string;
  min: string;
  max: string;
  value: string;
  from: string;
  to: string;
  days: number[];
  status: StatusValue;
}

export type ActionKind = RuleAction['agent'];

export interface ActionDraft {
  kind: ActionKind;
  message: string;
  url: string;
  body: string;
  topic: string;
  payload: string;
  gatewayId: string;
  sensorId: string;
  cmd: string;
  to: string;
  subject: string;
  text: string;
}

export interface RuleDraft {
  name: string;
  desc: string;
  severity: Severity;
  status: 'activated' | 'deactivated';
  agent: RuleAgent;
  gatewayId: string;
  targetMode: TargetMode;
  sensorIds: string[];
  sensorType: string;
  method: RuleMethod;
  threshold: string;
  min: string;
  max: string;
  from: string;
  to: string;
  windowSeconds: string;
  statuses: StatusValue[];
  cron: string;
  timezone: string;
  deadband: string;
  holdSeconds: string;
  throttleSeconds: string;
  latched: boolean;
  message: string;
  conditions: ConditionDraft[];
  actions: ActionDraft[];
}

export function methodsFor(agent: RuleAgent): readonly RuleMethod[] {
  if (agent === 'sensorValue') return VALUE_METHODS;
  return agent === 'schedule' ? ['cron'] : ['status'];
}

/** What each method needs typed in. */
export function triggerInputs(
  method: RuleMethod,
): Array<'threshold' | 'min' | 'max' | 'from' | 'to' | 'windowSeconds'> {
  switch (method) {
    case 'over':
    case 'under':
      return ['threshold'];
    case 'inRange':
    case 'outOfRange':
      return ['min', 'max'];
    case 'changed':
      return ['from', 'to'];
    case 'rate':
      return ['threshold', 'windowSeconds'];
    case 'noData':
      return ['windowSeconds'];
    default:
      return [];
  }
}

export function emptyDraft(timezone: string): RuleDraft {
  return {
    name: '',
    desc: '',
    severity: 'warning',
    status: 'activated',
    agent: 'sensorValue',
    gatewayId: '',
    targetMode: 'one',
    sensorIds: [],
    sensorType: '',
    method: 'over',
    threshold: '',
    min: '',
    max: '',
    from: '',
    to: '',
    windowSeconds: '',
    statuses: ['err'],
    cron: '',
    timezone,
    deadband: '',
    holdSeconds: '',
    throttleSeconds: '',
    latched: false,
    message: '',
    conditions: [],
    actions: [],
  };
}

export function emptyCondition(type: ConditionDraft['type'], gatewayId: string): ConditionDraft {
  return {
    type,
    gatewayId,
    sensorId: '',
    method: 'over',
    threshold: '',
    min: '',
    max: '',
    value: '',
    from: '08:00',
    to: '18:00',
    days: [1, 2, 3, 4, 5],
    status: 'on',
  };
}

export function emptyAction(kind: ActionKind): ActionDraft {
  return {
    kind,
    message: '',
    url: '',
    body: '',
    topic: '',
    payload: '',
    gatewayId: '',
    sensorId: '',
    cmd: '',
    to: '',
    subject: '',
    text: '',
  };
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function draftFromRule(r: RuleInput): RuleDraft {
  const agent = r.agent ?? 'sensorValue';
  const targetMode: TargetMode = r.sensorType ? 'type' : (r.sensorIds?.length ?? 0) > 1 ? 'many' : 'one';
  const threshold =
    r.method === 'over' || r.method === 'under' || r.method === 'rate' ? str(r.threshold) : '';
  return {
    ...emptyDraft(r.timezone ?? ''),
    name: r.name,
    desc: r.desc,
    severity: r.severity,
    status: r.status,
    agent,
    gatewayId: r.gatewayId,
    targetMode,
    sensorIds: r.sensorIds ?? (r.sensorId ? [r.sensorId] : []),
    sensorType: r.sensorType ?? '',
    method: r.method,
    threshold,
    min: str(r.min),
    max: str(r.max),
    from: str(r.from),
    to: str(r.to),
    windowSeconds: str(r.windowSeconds),
    statuses: r.statuses ?? ['err'],
    cron: r.cron ?? '',
    deadband: r.deadband ? str(r.deadband) : '',
    holdSeconds: r.holdSeconds ? str(r.holdSeconds) : '',
    throttleSeconds: str(r.throttleSeconds),
    latched: r.latched ?? false,
    message: r.message ?? '',
    conditions: (r.conditions ?? []).map(conditionDraft),
    actions: (r.actions ?? []).map(actionDraft),
  };
}

function conditionDraft(c: RuleConditionSpec): ConditionDraft {
  const base = emptyCondition(c.type, '');
  switch (c.type) {
    case 'sensorValue':
      return {
        ...base,
        gatewayId: c.gatewayId,
        sensorId: c.sensorId,
        method: c.method,
        threshold: str(c.threshold),
        min: str(c.min),
        max: str(c.max),
        value: str(c.value),
      };
    case 'timeOfDay':
      return { ...base, from: c.from, to: c.to, days: c.days ?? [0, 1, 2, 3, 4, 5, 6] };
    case 'gatewayStatus':
      return { ...base, gatewayId: c.gatewayId, status: c.status };
  }
}

function actionDraft(a: RuleAction): ActionDraft {
  const p = a.method.params ?? {};
  const base = emptyAction(a.agent);
  const to = Array.isArray(p.to) ? p.to.map(str).join(', ') : str(p.to);
  const body = typeof p.body === 'string' || p.body === undefined ? str(p.body) : JSON.stringify(p.body);
  const payload =
    typeof p.payload === 'string' || p.payload === undefined ? str(p.payload) : JSON.stringify(p.payload);
  return {
    ...base,
    message: str(p.message),
    url: str(p.url),
    body,
    topic: str(p.topic),
    payload,
    gatewayId: str(p.gatewayId),
    sensorId: str(p.sensorId),
    cmd: str(p.cmd),
    to,
    subject: str(p.subject),
    text: a.agent === 'email' ? body : '',
  };
}

/** A field the form could not turn into a number: `threshold`, `conditions[1].min` … */
export type DraftProblem = string;

interface Parsed {
  input: RuleInput;
  problems: DraftProblem[];
}

/** The draft as the site's rule; fields that are not numbers are named in `problems` (nothing is sent then). */
export function draftToInput(d: RuleDraft): Parsed {
  const problems: DraftProblem[] = [];
  const num = (field: string, raw: string, required: boolean): number | undefined => {
    if (raw.trim() === '') {
      if (required) problems.push(field);
      return undefined;
    }
    const n = parseThreshold(raw);
    if (n === null) problems.push(field);
    return n ?? undefined;
  };
  const needs = triggerInputs(d.method);
  const input: RuleInput = {
    name: d.name.trim(),
    desc: d.desc,
    severity: d.severity,
    status: d.status,
    agent: d.agent,
    gatewayId: d.gatewayId,
    sensorId: '',
    method: d.method,
    threshold: 0,
    ...(d.timezone ? { timezone: d.timezone } : {}),
  };
  if (d.agent === 'sensorValue' || d.agent === 'sensorStatus') {
    if (d.targetMode === 'type') input.sensorType = d.sensorType;
    else {
      const ids = d.targetMode === 'one' ? d.sensorIds.slice(0, 1) : d.sensorIds;
      input.sensorId = ids[0] ?? '';
      if (d.targetMode === 'many') input.sensorIds = ids;
    }
  }
  if (needs.includes('threshold')) input.threshold = num('threshold', d.threshold, true) ?? 0;
  if (needs.includes('min')) input.min = num('min', d.min, true);
  if (needs.includes('max')) input.max = num('max', d.max, true);
  if (needs.includes('windowSeconds')) input.windowSeconds = num('windowSeconds', d.windowSeconds, true);
  if (needs.includes('from') && d.from.trim()) input.from = scalar(d.from);
  if (needs.includes('to') && d.to.trim()) input.to = scalar(d.to);
  if (d.method === 'status') input.statuses = d.statuses;
  if (d.method === 'cron') input.cron = d.cron.trim();
  if (d.agent !== 'schedule') {
    const deadband = num('deadband', d.deadband, false);
    const hold = num('holdSeconds', d.holdSeconds, false);
    if (deadband !== undefined) input.deadband = deadband;
    if (hold !== undefined) input.holdSeconds = hold;
    input.latched = d.latched;
  }
  const throttle = num('throttleSeconds', d.throttleSeconds, false);
  if (throttle !== undefined) input.throttleSeconds = throttle;
  if (d.message.trim()) input.message = d.message;
  if (d.conditions.length > 0)
    input.conditions = d.conditions.map((c, i) => conditionSpec(c, `conditions[${i}]`, num));
  if (d.actions.length > 0) input.actions = d.actions.map(actionOf);
  return { input, problems };
}

/** A typed scalar: a number when it reads as one ("1" → 1), else the text ("open"). */
function scalar(raw: string): number | string {
  const n = parseThreshold(raw);
  return n ?? raw.trim();
}

function conditionSpec(
  c: ConditionDraft,
  at: string,
  num: (field: string, raw: string, required: boolean) => number | undefined,
): RuleConditionSpec {
  switch (c.type) {
    case 'timeOfDay':
      return { type: 'timeOfDay', from: c.from, to: c.to, ...(c.days.length < 7 ? { days: c.days } : {}) };
    case 'gatewayStatus':
      return { type: 'gatewayStatus', gatewayId: c.gatewayId, status: c.status };
    case 'sensorValue': {
      const spec: RuleConditionSpec = {
        type: 'sensorValue',
        gatewayId: c.gatewayId,
        sensorId: c.sensorId,
        method: c.method,
      };
      if (c.method === 'over' || c.method === 'under')
        spec.threshold = num(`${at}.threshold`, c.threshold, true);
      else if (c.method === 'equals') spec.value = scalar(c.value);
      else {
        spec.min = num(`${at}.min`, c.min, true);
        spec.max = num(`${at}.max`, c.max, true);
      }
      return spec;
    }
  }
}

/** A webhook body typed as JSON is sent as JSON; anything else as the text it is. */
function jsonOrText(raw: string): unknown {
  const s = raw.trim();
  if (!s.startsWith('{') && !s.startsWith('[')) return raw;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return raw;
  }
}

export function actionOf(a: ActionDraft): RuleAction {
  switch (a.kind) {
    case 'timeline':
      return {
        agent: 'timeline',
        method: { id: 'add', params: a.message.trim() ? { message: a.message } : {} },
      };
    case 'dataPush':
      return {
        agent: 'dataPush',
        method: {
          id: 'push',
          params: { url: a.url.trim(), ...(a.body.trim() ? { body: jsonOrText(a.body) } : {}) },
        },
      };
    case 'mqtt':
      return {
        agent: 'mqtt',
        method: { id: 'publish', params: { topic: a.topic.trim(), payload: a.payload } },
      };
    case 'actuator':
      return {
        agent: 'actuator',
        method: {
          id: 'controlActuator',
          params: { gatewayId: a.gatewayId, sensorId: a.sensorId, cmd: a.cmd },
        },
      };
    case 'email':
      return {
        agent: 'email',
        method: { id: 'send', params: { to: a.to.trim(), subject: a.subject, body: a.text } },
      };
  }
}

/** Whether a webhook body that looks like JSON (starts with { or [) does not parse. */
export function badJsonBody(raw: string): boolean {
  const s = raw.trim();
  if (!s.startsWith('{') && !s.startsWith('[')) return false;
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
}

/** The site's 400 message, one problem a line: `invalid rule: a; b` → [a, b]. */
export function problemsOf(message: string): string[] {
  const body = message.replace(/^invalid (rule|action|rules): /, '');
  return body
    .split('; ')
    .map((s) => s.trim())
    .filter(Boolean);
}

export type FormSection = 'basics' | 'target' | 'trigger' | 'options' | 'conditions' | 'actions';

/** Which part of the editor a server problem belongs to, so it is shown next to those fields. */
export function sectionOf(problem: string): FormSection {
  const p = problem.replace(/^body\./, '');
  if (/^conditions/.test(p)) return 'conditions';
  if (/^actions?\b|^action\./.test(p)) return 'actions';
  if (/^(name|severity|status)\b/.test(p)) return 'basics';
  if (/^(gateway|sensor|sensorId|sensorIds|sensorType|agent)\b/.test(p)) return 'target';
  if (/^(deadband|holdSeconds|throttleSeconds|message|latched)\b/.test(p)) return 'options';
  return 'trigger';
}

/**
 * An evaluation's reason in the user's language: the engine writes `held: …`, `throttled` and
 * `condition N (…) does not hold` in English; anything else is shown as it is.
 */
export function reasonText(
  reason: string | null,
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  if (!reason) return '';
  if (reason.startsWith('held')) return t('rules.why.held');
  if (reason === 'throttled') return t('rules.why.throttled');
  const m = /^condition (\d+) \((.*)\) does not hold$/.exec(reason);
  if (m) return t('rules.why.conditionFailed', { n: m[1], what: m[2] });
  return reason;
}

/**
 * The body of a PUT: the site merges it into the saved rule, so what the form cleared must be sent as
 * cleared (no conditions, no message, no deadband…), or the saved value would stay. A rule whose actions
 * were all removed gets the default back (a timeline line with its message): an empty list would run
 * nothing. A sensor type the form no longer uses is sent as null (back to no type); a single sensor is
 * sent as a one-sensor list so a former list of several does not stay.
 */
export function updateBody(input: RuleInput, saved: RuleInput): RuleUpdate {
  const body: RuleUpdate = {
    ...input,
    message: input.message ?? '',
    conditions: input.conditions ?? [],
  };
  if ((input.agent ?? 'sensorValue') !== 'schedule') {
    body.deadband = input.deadband ?? 0;
    body.holdSeconds = input.holdSeconds ?? 0;
  }
  if (input.sensorId && !input.sensorIds && !input.sensorType) body.sensorIds = [input.sensorId];
  if (saved.sensorType && !input.sensorType) body.sensorType = null;
  if (!input.actions && saved.actions)
    body.actions = [
      { agent: 'timeline', method: { id: 'add', params: input.message ? { message: input.message } : {} } },
    ];
  return body;
}

/** A name to offer when none is typed: the sensor's name and the trigger, e.g. "Oven > 250". */
export function suggestedName(target: string, trigger: string): string {
  return target && trigger ? `${target} ${trigger}` : '';
}

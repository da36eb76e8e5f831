import type { RuleAction } from '../../shared/model.js';
import { badRecipients, recipients } from './email.js';
import { stringsIn, unknownTemplateFields } from './templates.js';

const METHODS: Record<string, string> = {
  timeline: 'add',
  dataPush: 'push',
  mqtt: 'publish',
  actuator: 'controlActuator',
  email: 'send',
};
export const MAX_ACTIONS = 5;
export const MAX_RETRIES = 5;
const MAX_RECIPIENTS = 20;

/** What the checks need to know of the site. */
export interface ActionCheck {
  /** an e-mail action needs the site's SMTP relay (config.json `smtp`) */
  emailConfigured?: boolean;
  /** an actuator command and its options against the catalogue's `commands` of the sensor's type */
  commandProblems?: (gatewayId: string, sensorId: string, cmd: string, options: unknown) => string[];
}

/**
 * What is wrong with a rule's actions, each problem naming its field (`actions[1].method.params.url …`);
 * empty when they are fine. Checked when the rule is saved so a rule never fails for a typo when it fires.
 */
export function actionProblems(
  actions: unknown,
  sensorExists: (gatewayId: string, sensorId: string) => boolean,
  check: ActionCheck = {},
): string[] {
  if (actions === undefined) return [];
  if (!Array.isArray(actions) || actions.length < 1 || actions.length > MAX_ACTIONS)
    return [`actions must be a list of 1 to ${MAX_ACTIONS} actions`];
  return actions.flatMap((action: unknown, i) =>
    oneActionProblems(action, `actions[${i}]`, sensorExists, check),
  );
}

/** What is wrong with one action, each problem named from `at` (`action.method.params.to …`). */
export function oneActionProblems(
  raw: unknown,
  at: string,
  sensorExists: (gatewayId: string, sensorId: string) => boolean,
  check: ActionCheck = {},
): string[] {
  const action = raw as Partial<RuleAction> | null;
  if (!action || typeof action !== 'object') return [`${at} must be an object`];
  const agent = action.agent ?? '';
  if (!(agent in METHODS))
    return [`${at}.agent: unknown agent "${agent}" (${Object.keys(METHODS).join(', ')})`];
  if (action.method?.id !== METHODS[agent])
    return [`${at}.method.id must be "${METHODS[agent]}" for agent ${agent}`];
  const params = action.method.params ?? {};
  const p = `${at}.method.params`;
  const problems = stringsIn(params, p).flatMap(([path, text]) =>
    unknownTemplateFields(text).map((f) => `${path}: unknown template field {{${f}}}`),
  );
  if (agent === 'dataPush') {
    const url = typeof params.url === 'string' ? URL.parse(params.url) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      problems.push(`${p}.url must be an http or https URL`);
    if (params.retries !== undefined && !isIntIn(params.retries, 0, MAX_RETRIES))
      problems.push(`${p}.retries must be an integer from 0 to ${MAX_RETRIES}`);
    if (params.timeoutMs !== undefined && !isIntIn(params.timeoutMs, 100, 60_000))
      problems.push(`${p}.timeoutMs must be an integer from 100 to 60000`);
  } else if (agent === 'mqtt') {
    const topic = params.topic;
    if (typeof topic !== 'string' || !topic || /[#+]/.test(topic))
      problems.push(`${p}.topic must be a topic name (no wildcards)`);
    // the gateways' own topics carry commands and values: a rule must not forge them
    else if (topic.startsWith('v/')) problems.push(`${p}.topic must not be under v/ (the gateways' topics)`);
    if (params.qos !== undefined && params.qos !== 0 && params.qos !== 1 && params.qos !== 2)
      problems.push(`${p}.qos must be 0, 1 or 2`);
    if (params.payload === undefined) problems.push(`${p}.payload is required`);
  } else if (agent === 'actuator') {
    const { gatewayId, sensorId, cmd } = params;
    if (typeof gatewayId !== 'string' || typeof sensorId !== 'string' || !sensorExists(gatewayId, sensorId))
      problems.push(
        `${p}.sensorId: sensor ${String(sensorId)} of gateway ${String(gatewayId)} does not exist`,
      );
    if (typeof cmd !== 'string' || !cmd) problems.push(`${p}.cmd is required`);
    else if (problems.length === 0 && check.commandProblems && !hasTemplate(params.options))
      // an option filled from a template ({{value}}) is only known when the rule fires: checked then
      problems.push(
        ...check
          .commandProblems(gatewayId as string, sensorId as string, cmd, params.options)
          .map((m) => `${p}: ${m}`),
      );
  } else if (agent === 'email') {
    problems.push(...emailProblems(params, at, check));
  } else if (params.message !== undefined && typeof params.message !== 'string') {
    problems.push(`${p}.message must be a string`);
  }
  return problems;
}

function emailProblems(params: Record<string, unknown>, at: string, check: ActionCheck): string[] {
  const p = `${at}.method.params`;
  if (!check.emailConfigured)
    return [
      `${at}.agent: email/send needs an SMTP relay, and this site has none (set "smtp" in config.json: host, port, from)`,
    ];
  const problems: string[] = [];
  const to = recipients(params.to);
  if (!to) problems.push(`${p}.to must be one or more e-mail addresses ("a@x.com, b@y.com" or a list)`);
  else if (to.length > MAX_RECIPIENTS) problems.push(`${p}.to: at most ${MAX_RECIPIENTS} addresses`);
  else problems.push(...badRecipients(to).map((bad) => `${p}.to: "${bad}" is not an e-mail address`));
  for (const field of ['subject', 'body'] as const)
    if (typeof params[field] !== 'string' || !(params[field] as string).trim())
      problems.push(`${p}.${field} must be a non-empty string`);
  if (params.retries !== undefined && !isIntIn(params.retries, 0, MAX_RETRIES))
    problems.push(`${p}.retries must be an integer from 0 to ${MAX_RETRIES}`);
  return problems;
}

function isIntIn(v: unknown, min: number, max: number): boolean {
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
}

function hasTemplate(options: unknown): boolean {
  return JSON.stringify(options ?? null).includes('{{');
}

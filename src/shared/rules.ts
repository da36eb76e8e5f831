import type { RuleAction, Severity } from './model.js';

/**
 * The site's rule, flat (the Thing+ shape of protocol §9 maps onto it in main/rules/thingplus.ts).
 * One rule watches one target: a sensor, several sensors of one gateway, or every sensor of a type on
 * a gateway; it raises one alarm per (rule, sensor) and runs its actions when it fires.
 */

/** What starts an evaluation: a value, a status change, or the clock. */
export type RuleAgent = 'sensorValue' | 'gatewayStatus' | 'sensorStatus' | 'schedule';

/**
 * sensorValue methods: `over`/`under` a threshold; `inRange`/`outOfRange` of [min, max];
 * `changed` from `from` to `to` (either may be omitted = any); `rate`: the value moved by more than
 * `threshold` (absolute) within `windowSeconds`; `noData`: no value for `windowSeconds`.
 * gatewayStatus/sensorStatus: `status` (active while the status is one of `statuses`).
 * schedule: `cron` (fires at each tick of `cron` in the rule's timezone; no alarm).
 */
export type RuleMethod =
  'over' | 'under' | 'inRange' | 'outOfRange' | 'changed' | 'rate' | 'noData' | 'status' | 'cron';

export const VALUE_METHODS = ['over', 'under', 'inRange', 'outOfRange', 'changed', 'rate', 'noData'] as const;

export type StatusValue = 'on' | 'off' | 'err' | 'expired';
export const STATUS_VALUES: readonly StatusValue[] = ['on', 'off', 'err', 'expired'];

/** Conditions: all must hold when the trigger fires, or the rule does not fire (and says why). */
export type RuleConditionSpec =
  | {
      type: 'sensorValue';
      gatewayId: string;
      sensorId: string;
      method: 'over' | 'under' | 'inRange' | 'outOfRange' | 'equals';
      threshold?: number;
      min?: number;
      max?: number;
      /** `equals`: the latest value (string or number) */
      value?: number | string;
    }
  | {
      /** local time of day in the rule's timezone, `HH:MM`; `from` > `to` spans midnight */
      type: 'timeOfDay';
      from: string;
      to: string;
      /** days of the week, 0 = Sunday; all days when absent */
      days?: number[];
    }
  | { type: 'gatewayStatus'; gatewayId: string; status: StatusValue };

export interface Rule {
  id: number;
  name: string;
  desc: string;
  severity: Severity;
  status: 'activated' | 'deactivated';
  /** default `sensorValue` */
  agent?: RuleAgent;
  gatewayId: string;
  /** the sensor (first of `sensorIds` when several; '' for a gateway-wide or schedule rule) */
  sensorId: string;
  /** several sensors of the gateway (includes `sensorId`) */
  sensorIds?: string[];
  /** every sensor of this type on the gateway (now and added later) */
  sensorType?: string;
  method: RuleMethod;
  /** over/under: the threshold; rate: the change (absolute, in the sensor's unit) within the window */
  threshold: number;
  min?: number;
  max?: number;
  /** changed: from / to (any when absent) */
  from?: number | string;
  to?: number | string;
  /** rate: the window; noData: seconds without a value */
  windowSeconds?: number;
  /** status triggers: the statuses that make the condition active */
  statuses?: StatusValue[];
  /** schedule: five or six fields (croner syntax), in `timezone` */
  cron?: string;
  conditions?: RuleConditionSpec[];
  /** optional message template: {{value}} {{unit}} {{sensorName}} {{gatewayName}} {{triggerSensor}} … */
  message?: string;
  /** hysteresis: an active condition returns to normal only this far back past the threshold (default 0) */
  deadband?: number;
  /** a latched rule's alarm stays active until reset by hand, whatever the value does (default false) */
  latched?: boolean;
  /** held for a duration: the condition must hold this long (by the values' times) before it is active */
  holdSeconds?: number;
  /** minimum time between two firings of the rule's actions per sensor (default: 300 s series, 15 s events) */
  throttleSeconds?: number;
  /** the rule's IANA timezone (Thing+ `timezone`): schedules and time-of-day conditions use it */
  timezone?: string;
  /** Thing+ actions run when the rule fires (throttled); without them the rule writes a timeline line */
  actions?: RuleAction[];
  ctime: number;
  mtime: number;
}

/** One evaluation of a rule, kept (the last ones per rule) so "why did it (not) fire" has an answer. */
export interface RuleEvaluation {
  time: number;
  gatewayId: string;
  sensorId: string;
  value: number | string | null;
  /** the trigger's condition after this value (with deadband and hold) */
  active: boolean;
  /** true when the actions ran */
  fired: boolean;
  /** why it did not fire although active: `throttled`, `condition: …`, `held` (still holding) */
  reason: string | null;
}

/** `POST /api/v1/rules/test {rule, from, to}`: when the rule would have fired and cleared. */
export interface RuleTestResult {
  events: Array<{
    gatewayId: string;
    sensorId: string;
    time: number;
    kind: 'raised' | 'cleared';
    value: number | string;
  }>;
  /** values looked at */
  evaluated: number;
  /** the range was thinned (raw values gone), so fewer values were looked at */
  thinned: boolean;
  /** what the test could not replay (conditions on other sensors or gateway status use today's values) */
  notes: string[];
}

const num = (n: number | undefined): string => (n === undefined ? '?' : String(Math.round(n * 1e6) / 1e6));

/**
 * The trigger in symbols, the same in every language (`> 70 °C`, `∉ [10, 20] °C`, `Δ > 5 °C / 60 s`):
 * the `{{triggerCondition}}` of templates, the timeline's `rule.what` and the console's rule list.
 */
export function triggerText(
  rule: Pick<
    Rule,
    'method' | 'threshold' | 'min' | 'max' | 'from' | 'to' | 'windowSeconds' | 'statuses' | 'cron'
  >,
  unit = '',
): string {
  const u = unit ? ` ${unit}` : '';
  switch (rule.method) {
    case 'over':
      return `> ${num(rule.threshold)}${u}`;
    case 'under':
      return `< ${num(rule.threshold)}${u}`;
    case 'inRange':
      return `∈ [${num(rule.min)}, ${num(rule.max)}]${u}`;
    case 'outOfRange':
      return `∉ [${num(rule.min)}, ${num(rule.max)}]${u}`;
    case 'changed':
      return `${rule.from ?? '*'} → ${rule.to ?? '*'}`;
    case 'rate':
      return `Δ > ${num(rule.threshold)}${u} / ${rule.windowSeconds ?? '?'} s`;
    case 'noData':
      return `∅ ${rule.windowSeconds ?? '?'} s`;
    case 'status':
      return `= ${(rule.statuses ?? []).join(' | ')}`;
    case 'cron':
      return `⏲ ${rule.cron ?? ''}`;
  }
}

import type { SensorValue } from '../../shared/model.js';
import type { RuleConditionSpec, StatusValue } from '../../shared/rules.js';

/** What conditions read: the latest values and statuses, and the clock. */
export interface ConditionContext {
  latest(gatewayId: string, sensorId: string): SensorValue | undefined;
  gatewayStatus(gatewayId: string): StatusValue | null;
  /** the moment evaluated (the value's time) */
  time: number;
  timezone: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const validTimeOfDay = (text: unknown): boolean => typeof text === 'string' && HHMM.test(text);

/**
 * The first condition that does not hold, in words (the rule's evaluation history shows it), or null
 * when all hold. A condition on a sensor that has no value yet does not hold.
 */
export function failedCondition(
  conditions: readonly RuleConditionSpec[] | undefined,
  ctx: ConditionContext,
): string | null {
  for (const [i, c] of (conditions ?? []).entries()) {
    if (!holds(c, ctx)) return `condition ${i + 1} (${describe(c)}) does not hold`;
  }
  return null;
}

function holds(c: RuleConditionSpec, ctx: ConditionContext): boolean {
  switch (c.type) {
    case 'sensorValue': {
      const v = ctx.latest(c.gatewayId, c.sensorId);
      if (v === undefined) return false;
      if (c.method === 'equals') return String(v) === String(c.value);
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) return false;
      if (c.method === 'over') return n > (c.threshold ?? Infinity);
      if (c.method === 'under') return n < (c.threshold ?? -Infinity);
      const inside = n >= (c.min ?? -Infinity) && n <= (c.max ?? Infinity);
      return c.method === 'inRange' ? inside : !inside;
    }
    case 'timeOfDay':
      return timeOfDayHolds(c, ctx.time, ctx.timezone);
    case 'gatewayStatus':
      return ctx.gatewayStatus(c.gatewayId) === c.status;
  }
}

/** Local time of day and weekday in the rule's timezone; `from` > `to` spans midnight. */
export function timeOfDayHolds(
  c: { from: string; to: string; days?: number[] },
  time: number,
  timezone: string,
): boolean {
  const { minutes, weekday } = localClock(time, timezone);
  if (c.days && c.days.length > 0 && !c.days.includes(weekday)) return false;
  const from = toMinutes(c.from);
  const to = toMinutes(c.to);
  return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const clocks = new Map<string, Intl.DateTimeFormat>();
/** the last answer per timezone: values arrive many per minute, Intl formatting is the costly part */
const lastClock = new Map<string, { minute: number; minutes: number; weekday: number }>();

function localClock(time: number, timezone: string): { minutes: number; weekday: number } {
  const minute = Math.floor(time / 60_000);
  const cached = lastClock.get(timezone);
  if (cached?.minute === minute) return cached;
  const clock = { minute, ...formatClock(time, timezone) };
  lastClock.set(timezone, clock);
  return clock;
}

function formatClock(time: number, timezone: string): { minutes: number; weekday: number } {
  let fmt = clocks.get(timezone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    clocks.set(timezone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(time).map((p) => [p.type, p.value]));
  return {
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

function toMinutes(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

export function describe(c: RuleConditionSpec): string {
  switch (c.type) {
    case 'sensorValue': {
      const what = `${c.sensorId}@${c.gatewayId}`;
      if (c.method === 'equals') return `${what} = ${String(c.value)}`;
      if (c.method === 'over') return `${what} > ${c.threshold}`;
      if (c.method === 'under') return `${what} < ${c.threshold}`;
      return `${what} ${c.method === 'inRange' ? '∈' : '∉'} [${c.min}, ${c.max}]`;
    }
    case 'timeOfDay':
      return `${c.from}–${c.to}${c.days?.length ? ` on ${c.days.map((d) => WEEKDAYS[d]).join(',')}` : ''}`;
    case 'gatewayStatus':
      return `gateway ${c.gatewayId} ${c.status}`;
  }
}

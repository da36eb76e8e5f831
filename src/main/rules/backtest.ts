import type { RuleInput } from '../../shared/api.js';
import type { ValuePoint } from '../../shared/model.js';
import type { RuleTestResult } from '../../shared/rules.js';
import { badRequest } from '../errors.js';
import { failedCondition } from './conditions.js';
import { targetsOf } from './rule-index.js';
import { TriggerState } from './triggers.js';
import type { SensorDirectory } from './types.js';

/** values one test may replay: a day of a 1 Hz sensor on a few targets, answered in well under a second */
export const MAX_TEST_POINTS = 1_000_000;
/** how far back a test may look */
export const MAX_TEST_RANGE_MS = 31 * 86_400_000;

export interface HistorySource {
  points(gatewayId: string, sensorId: string, from: number, to: number, limit: number): ValuePoint[];
  thinnedBefore(gatewayId: string, sensorId: string): number | null;
}

/**
 * `POST /api/v1/rules/test`: a rule (validated, not saved) replayed over stored raw values, with the
 * trigger code the engine runs (triggers.ts), so the marks on the chart are where it would have fired
 * and cleared. Time-of-day conditions are replayed at each value's time; conditions on another sensor
 * or a gateway's status are evaluated with today's values (said in `notes`).
 */
export function testRule(
  rule: RuleInput,
  from: number,
  to: number,
  history: HistorySource,
  dir: SensorDirectory,
): RuleTestResult {
  const agent = rule.agent ?? 'sensorValue';
  if (agent !== 'sensorValue')
    throw badRequest('rule: only sensor value rules can be tested against history', ['rule.agent']);
  if (!(to > from)) throw badRequest('to must be after from', ['to']);
  if (to - from > MAX_TEST_RANGE_MS) throw badRequest('the test range is at most 31 days', ['from']);
  const notes: string[] = [];
  if (rule.conditions?.some((c) => c.type !== 'timeOfDay'))
    notes.push('conditions on other sensors and gateway status are evaluated with their current values');
  const targets = rule.sensorType ? dir.sensorsOfType(rule.gatewayId, rule.sensorType) : targetsOf(rule);
  const result: RuleTestResult = { events: [], evaluated: 0, thinned: false, notes };
  for (const sensorId of targets) {
    const points = history.points(rule.gatewayId, sensorId, from, to, MAX_TEST_POINTS - result.evaluated + 1);
    if (result.evaluated + points.length > MAX_TEST_POINTS)
      throw badRequest(`the range holds more than ${MAX_TEST_POINTS} values: test a shorter range`, ['from']);
    result.evaluated += points.length;
    const thinnedBefore = history.thinnedBefore(rule.gatewayId, sensorId);
    if (thinnedBefore !== null && thinnedBefore > from) result.thinned = true;
    replay(rule, rule.gatewayId, sensorId, points, dir, result);
  }
  result.events.sort((a, b) => a.time - b.time);
  return result;
}

function replay(
  rule: RuleInput,
  gatewayId: string,
  sensorId: string,
  points: readonly ValuePoint[],
  dir: SensorDirectory,
  out: RuleTestResult,
): void {
  const mark = (time: number, kind: 'raised' | 'cleared', value: ValuePoint['value']): void => {
    out.events.push({
      gatewayId,
      sensorId,
      time,
      kind,
      value: typeof value === 'number' ? value : String(value),
    });
  };
  if (rule.method === 'noData') {
    const gap = (rule.windowSeconds ?? 60) * 1000;
    for (let i = 1; i < points.length; i++) {
      if (points[i]!.time - points[i - 1]!.time <= gap) continue;
      mark(points[i - 1]!.time + gap, 'raised', points[i - 1]!.value);
      mark(points[i]!.time, 'cleared', points[i]!.value);
    }
    return;
  }
  const state = new TriggerState(false);
  let active = false;
  for (const p of points) {
    const step = state.step(rule, p.value, p.time);
    const now =
      step.active &&
      failedCondition(rule.conditions, {
        latest: (gw, s) => dir.latest(gw, s),
        gatewayStatus: (gw) => dir.gatewayStatus(gw),
        time: p.time,
        timezone: rule.timezone ?? 'UTC',
      }) === null;
    if (step.pulse) {
      if (now) {
        mark(p.time, 'raised', p.value);
        mark(p.time, 'cleared', p.value);
      }
      continue;
    }
    if (now !== active) mark(p.time, now ? 'raised' : 'cleared', p.value);
    active = now;
  }
}

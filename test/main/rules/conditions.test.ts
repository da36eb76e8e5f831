// Conditions as a table: another sensor's latest value, the time of day in the rule's timezone (with
// midnight spans and weekdays), a gateway's status; the failing one is named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleConditionSpec } from '../../../src/shared/rules.js';
import {
  failedCondition,
  timeOfDayHolds,
  type ConditionContext,
} from '../../../src/main/rules/conditions.js';

const ctx = (over: Partial<ConditionContext> = {}): ConditionContext => ({
  latest: (gw, s) =>
    new Map<string, number | string>([
      ['gw/pressure', 3.2],
      ['gw/door', 'open'],
    ]).get(`${gw}/${s}`),
  gatewayStatus: (gw) => (gw === 'gw' ? 'on' : 'off'),
  time: Date.parse('2026-12-02T03:30:00Z'), // a Wednesday, 12:30 in Seoul
  timezone: 'UTC',
  ...over,
});

const sv = (
  method: 'over' | 'under' | 'inRange' | 'outOfRange' | 'equals',
  o: object = {},
): RuleConditionSpec => ({
  type: 'sensorValue',
  gatewayId: 'gw',
  sensorId: 'pressure',
  method,
  ...o,
});

const cases: Array<[string, RuleConditionSpec, boolean, Partial<ConditionContext>?]> = [
  ['another sensor over', sv('over', { threshold: 3 }), true],
  ['another sensor not over', sv('over', { threshold: 4 }), false],
  ['another sensor under', sv('under', { threshold: 4 }), true],
  ['in range', sv('inRange', { min: 3, max: 4 }), true],
  ['out of range', sv('outOfRange', { min: 3, max: 4 }), false],
  [
    'equals text',
    { type: 'sensorValue', gatewayId: 'gw', sensorId: 'door', method: 'equals', value: 'open' },
    true,
  ],
  [
    'a sensor with no value does not hold',
    { type: 'sensorValue', gatewayId: 'gw', sensorId: 'none', method: 'over', threshold: 0 },
    false,
  ],
  ['time of day in UTC', { type: 'timeOfDay', from: '03:00', to: '04:00' }, true],
  [
    'time of day in the rule timezone (Seoul 12:30)',
    { type: 'timeOfDay', from: '03:00', to: '04:00' },
    false,
    { timezone: 'Asia/Seoul' },
  ],
  ['day shift in Seoul', { type: 'timeOfDay', from: '08:00', to: '18:00' }, true, { timezone: 'Asia/Seoul' }],
  ['night span over midnight', { type: 'timeOfDay', from: '22:00', to: '06:00' }, true],
  [
    'night span over midnight, at noon',
    { type: 'timeOfDay', from: '22:00', to: '06:00' },
    false,
    { timezone: 'Asia/Seoul' },
  ],
  [
    'weekdays only (Wednesday = 3)',
    { type: 'timeOfDay', from: '00:00', to: '23:59', days: [1, 2, 3, 4, 5] },
    true,
  ],
  ['weekends only', { type: 'timeOfDay', from: '00:00', to: '23:59', days: [0, 6] }, false],
  ['gateway on', { type: 'gatewayStatus', gatewayId: 'gw', status: 'on' }, true],
  ['gateway off', { type: 'gatewayStatus', gatewayId: 'other', status: 'on' }, false],
];

for (const [name, c, holds, over] of cases) {
  test(`condition: ${name}`, () => {
    const failed = failedCondition([c], ctx(over));
    assert.equal(failed === null, holds, failed ?? 'held');
  });
}

test('all conditions must hold; the first that does not is named', () => {
  const failed = failedCondition(
    [sv('over', { threshold: 3 }), { type: 'gatewayStatus', gatewayId: 'other', status: 'on' }],
    ctx(),
  );
  assert.equal(failed, 'condition 2 (gateway other on) does not hold');
  assert.equal(failedCondition(undefined, ctx()), null);
});

test('time of day: the end is exclusive, the start inclusive', () => {
  const at = Date.parse('2026-12-02T08:00:00Z');
  assert.equal(timeOfDayHolds({ from: '08:00', to: '09:00' }, at, 'UTC'), true);
  assert.equal(timeOfDayHolds({ from: '07:00', to: '08:00' }, at, 'UTC'), false);
});

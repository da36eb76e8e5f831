// Every trigger as a table: the values a (rule, sensor) sees in order, and whether its condition is
// active after each (with deadband, hold, pulses for `changed` and the rate window).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SensorValue } from '../../../src/shared/model.js';
import {
  TriggerState,
  changedFires,
  levelActive,
  statusActive,
  type TriggerRule,
} from '../../../src/main/rules/triggers.js';

const rule = (r: Partial<TriggerRule> & Pick<TriggerRule, 'method'>): TriggerRule => ({ threshold: 0, ...r });

/** steps values 1 s apart; returns the active flag after each */
function run(r: TriggerRule, values: SensorValue[], gapMs = 1000): boolean[] {
  const state = new TriggerState();
  return values.map((v, i) => state.step(r, v, i * gapMs).active);
}

const T = true;
const F = false;

const cases: Array<[string, TriggerRule, SensorValue[], boolean[]]> = [
  ['over', rule({ method: 'over', threshold: 80 }), [70, 81, 80, 79], [F, T, F, F]],
  [
    'over with deadband 2',
    rule({ method: 'over', threshold: 80, deadband: 2 }),
    [81, 79, 78.5, 77.9, 79],
    [T, T, T, F, F],
  ],
  ['under', rule({ method: 'under', threshold: 0 }), [1, -1, 0], [F, T, F]],
  ['under with deadband', rule({ method: 'under', threshold: 0, deadband: 1 }), [-1, 0.5, 1.5], [T, T, F]],
  ['inRange', rule({ method: 'inRange', min: 10, max: 20 }), [9, 10, 15, 20, 21], [F, T, T, T, F]],
  [
    'inRange with deadband',
    rule({ method: 'inRange', min: 10, max: 20, deadband: 1 }),
    [15, 20.5, 21.5],
    [T, T, F],
  ],
  ['outOfRange', rule({ method: 'outOfRange', min: 10, max: 20 }), [15, 9, 10, 21, 20], [F, T, F, T, F]],
  [
    'outOfRange with deadband',
    rule({ method: 'outOfRange', min: 10, max: 20, deadband: 1 }),
    [21, 19.5, 18.9],
    [T, T, F],
  ],
  ['changed 0 → 1', rule({ method: 'changed', from: 0, to: 1 }), [0, 1, 1, 0, 1, 2], [F, T, F, F, T, F]],
  [
    'changed to "open" from any',
    rule({ method: 'changed', to: 'open' }),
    ['closed', 'open', 'open', 'closed', 'open'],
    [F, T, F, F, T],
  ],
  [
    'changed from "1" (a number as text) to anything',
    rule({ method: 'changed', from: 1 }),
    ['1', '2', 1, 1.0, 3],
    [F, T, F, F, T],
  ],
  [
    'rate: moved by more than 5 within 3 s',
    rule({ method: 'rate', threshold: 5, windowSeconds: 3 }),
    [10, 12, 16, 16, 16, 16, 16],
    [F, F, T, T, F, F, F],
  ],
  ['rate falling counts too', rule({ method: 'rate', threshold: 5, windowSeconds: 10 }), [20, 14], [F, T]],
  [
    'text that is not a number keeps the state',
    rule({ method: 'over', threshold: 1 }),
    [2, 'n/a', 0],
    [T, T, F],
  ],
];

for (const [name, r, values, want] of cases) {
  test(`trigger ${name}`, () => assert.deepEqual(run(r, values), want));
}

test('held for a duration: active once the condition held holdSeconds by value time; a dip restarts it', () => {
  const r = rule({ method: 'over', threshold: 80, holdSeconds: 120 });
  const state = new TriggerState();
  const at = (v: number, s: number) => state.step(r, v, s * 1000);
  assert.deepEqual(at(81, 0), { active: false, was: false, pulse: false, holding: true });
  assert.equal(at(85, 60).active, false);
  assert.equal(at(79, 90).active, false);
  assert.equal(at(81, 100).active, false);
  assert.equal(at(82, 219).active, false);
  assert.equal(at(82, 220).active, true);
  assert.equal(at(79, 230).active, false);
});

test('changed is a pulse: active for the value that changed, inactive at the next', () => {
  const r = rule({ method: 'changed', to: 1 });
  const state = new TriggerState();
  state.step(r, 0, 0);
  assert.deepEqual(state.step(r, 1, 1), { active: true, was: false, pulse: true, holding: false });
  assert.equal(state.active, false);
});

test('levelActive and changedFires and statusActive as functions', () => {
  assert.equal(levelActive(rule({ method: 'over', threshold: 10 }), 10, false), false);
  assert.equal(levelActive(rule({ method: 'over', threshold: 10, deadband: 1 }), 9.5, true), true);
  assert.equal(changedFires(rule({ method: 'changed', to: 1 }), undefined, 1), false);
  assert.equal(statusActive({ statuses: ['off', 'err'] }, 'err'), true);
  assert.equal(statusActive({ statuses: ['off'] }, 'on'), false);
  assert.equal(statusActive({ statuses: ['off'] }, null), false);
});

test('a level set from outside (status, no data) honours the hold time', () => {
  const r = rule({ method: 'status', statuses: ['off'], holdSeconds: 30 });
  const state = new TriggerState();
  assert.equal(state.setLevel(r, true, 0).active, false);
  assert.equal(state.setLevel(r, true, 30_000).active, true);
  assert.equal(state.setLevel(r, false, 31_000).active, false);
});

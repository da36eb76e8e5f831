// The ISA-18.2 state machine as a table: facts before, event, state after (or a conflict).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AlarmConflict,
  applyEvent,
  deriveState,
  type AlarmEvent,
  type AlarmFacts,
} from '../../../src/main/alarms/index.js';
import type { AlarmState } from '../../../src/shared/model.js';

const F = (over: Partial<AlarmFacts> = {}): AlarmFacts => ({
  conditionActive: true,
  latchedHold: false,
  acked: false,
  shelved: false,
  outOfService: false,
  ...over,
});
const on: AlarmEvent = { kind: 'condition', active: true, latched: false };
const off: AlarmEvent = { kind: 'condition', active: false, latched: false };
const latchedOn: AlarmEvent = { kind: 'condition', active: true, latched: true };

const TABLE: Array<[string, AlarmFacts, AlarmEvent, AlarmState | 'conflict']> = [
  ['unack + ack → ack', F(), { kind: 'ack' }, 'ack'],
  ['unack + back to normal → rtn_unack', F(), off, 'rtn_unack'],
  ['ack + back to normal → cleared', F({ acked: true }), off, 'cleared'],
  ['rtn_unack + ack → cleared', F({ conditionActive: false }), { kind: 'ack' }, 'cleared'],
  ['rtn_unack + active again → unack', F({ conditionActive: false }), on, 'unack'],
  ['ack + still active → ack', F({ acked: true }), on, 'ack'],
  ['ack + ack → conflict', F({ acked: true }), { kind: 'ack' }, 'conflict'],
  ['unack + shelve → shelved', F(), { kind: 'shelve' }, 'shelved'],
  ['shelved + back to normal → shelved', F({ shelved: true }), off, 'shelved'],
  ['shelved (active) + unshelve → unack', F({ shelved: true }), { kind: 'unshelve' }, 'unack'],
  [
    'shelved (normal, acked) + unshelve → cleared',
    F({ shelved: true, acked: true, conditionActive: false }),
    { kind: 'unshelve' },
    'cleared',
  ],
  ['shelved + ack → conflict', F({ shelved: true }), { kind: 'ack' }, 'conflict'],
  ['unack + unshelve → conflict', F(), { kind: 'unshelve' }, 'conflict'],
  ['latched: back to normal stays unack', F({ latchedHold: true }), off, 'unack'],
  ['latched, acked: back to normal stays ack', F({ latchedHold: true, acked: true }), off, 'ack'],
  [
    'latched, acked, normal + reset → cleared',
    F({ latchedHold: true, acked: true, conditionActive: false }),
    { kind: 'reset' },
    'cleared',
  ],
  [
    'latched, normal + reset → rtn_unack',
    F({ latchedHold: true, conditionActive: false }),
    { kind: 'reset' },
    'rtn_unack',
  ],
  ['latched, still active + reset → conflict', F({ latchedHold: true }), { kind: 'reset' }, 'conflict'],
  ['not latched + reset → conflict', F(), { kind: 'reset' }, 'conflict'],
  ['latched rule, active value → held', F(), latchedOn, 'unack'],
  ['unack + out of service → out_of_service', F(), { kind: 'outOfService' }, 'out_of_service'],
  ['out of service + back to normal → out_of_service', F({ outOfService: true }), off, 'out_of_service'],
  ['out of service + shelve → conflict', F({ outOfService: true }), { kind: 'shelve' }, 'conflict'],
  ['out of service + in service → unack', F({ outOfService: true }), { kind: 'inService' }, 'unack'],
  ['cleared + shelve → conflict', F({ acked: true, conditionActive: false }), { kind: 'shelve' }, 'conflict'],
];

for (const [name, facts, event, expected] of TABLE) {
  test(name, () => {
    if (expected === 'conflict') {
      assert.throws(() => applyEvent(facts, event), AlarmConflict);
      return;
    }
    assert.equal(deriveState(applyEvent(facts, event)), expected);
  });
}

test('a new excursion after a return to normal needs a new acknowledgement', () => {
  const next = applyEvent(F({ acked: true, latchedHold: false, conditionActive: false, shelved: true }), on);
  assert.equal(next.acked, false);
  assert.equal(deriveState({ ...next, shelved: false }), 'unack');
});

// The alarms page's pure rules: order (worst first, then oldest), the header's count and colour, live
// changes applied to the open list, when a fatal alarm beeps, which actions apply, the shelve minutes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  actionsFor,
  applyAlarm,
  checkShelveMinutes,
  isNewFatal,
  sortOpen,
  summarize,
  withUnrecorded,
} from '../../src/renderer/lib/alarms.js';
import type { Alarm, AlarmState, Severity } from '../../src/shared/model.js';

const alarm = (id: number, severity: Severity, state: AlarmState, raisedAt = 1000 * id): Alarm => ({
  id,
  ruleId: 1,
  ruleName: 'r',
  severity,
  state,
  gatewayId: 'gw',
  sensorId: 's',
  value: 1,
  raisedAt,
  ackedAt: null,
  ackedBy: null,
  clearedAt: null,
  shelvedUntil: null,
});

test('open alarms: fatal, warning, information; within each the oldest first', () => {
  const list = [
    alarm(1, 'information', 'unack', 10),
    alarm(2, 'warning', 'ack', 50),
    alarm(3, 'fatal', 'unack', 90),
    alarm(4, 'warning', 'unack', 20),
    alarm(5, 'fatal', 'shelved', 30),
  ];
  assert.deepEqual(
    sortOpen(list).map((a) => a.id),
    [5, 3, 4, 2, 1],
  );
});

test('the header counts unacknowledged open alarms and shows the worst of them', () => {
  const cases: Array<[Alarm[], number, Severity | null]> = [
    [[], 0, null],
    [[alarm(1, 'fatal', 'ack'), alarm(2, 'information', 'unack')], 1, 'information'],
    [[alarm(1, 'warning', 'rtn_unack'), alarm(2, 'fatal', 'unack')], 2, 'fatal'],
    [[alarm(1, 'fatal', 'shelved'), alarm(2, 'fatal', 'out_of_service')], 0, null],
  ];
  for (const [list, unacked, worst] of cases) assert.deepEqual(summarize(list), { unacked, worst });
});

test('a replication problem not recorded yet counts in the header and can make it worst; a recorded one is an alarm already', () => {
  const warn = summarize([alarm(1, 'warning', 'unack')]);
  assert.deepEqual(withUnrecorded(warn, []), { unacked: 1, worst: 'warning' });
  assert.deepEqual(withUnrecorded(warn, [{ severity: 'fatal', recorded: false }]), {
    unacked: 2,
    worst: 'fatal',
  });
  assert.deepEqual(withUnrecorded(warn, [{ severity: 'fatal', recorded: true }]), {
    unacked: 1,
    worst: 'warning',
  });
  assert.deepEqual(withUnrecorded(summarize([]), [{ severity: 'warning', recorded: false }]), {
    unacked: 1,
    worst: 'warning',
  });
});

test('live changes: a new alarm joins, a change replaces, a cleared one leaves', () => {
  let open: Alarm[] = [];
  open = applyAlarm(open, alarm(1, 'fatal', 'unack'));
  open = applyAlarm(open, alarm(2, 'warning', 'unack'));
  open = applyAlarm(open, alarm(1, 'fatal', 'ack'));
  assert.deepEqual(
    open.map((a) => [a.id, a.state]),
    [
      [2, 'unack'],
      [1, 'ack'],
    ],
  );
  open = applyAlarm(open, alarm(1, 'fatal', 'cleared'));
  assert.deepEqual(
    open.map((a) => a.id),
    [2],
  );
});

test('a beep for a fatal alarm raised or active again, not for acks or warnings', () => {
  assert.equal(isNewFatal(undefined, alarm(1, 'fatal', 'unack')), true);
  assert.equal(isNewFatal(alarm(1, 'fatal', 'rtn_unack'), alarm(1, 'fatal', 'unack')), true);
  assert.equal(isNewFatal(alarm(1, 'fatal', 'shelved'), alarm(1, 'fatal', 'unack')), false);
  assert.equal(isNewFatal(alarm(1, 'fatal', 'unack'), alarm(1, 'fatal', 'ack')), false);
  assert.equal(isNewFatal(undefined, alarm(1, 'warning', 'unack')), false);
});

test('actions by state; reset only for latched rules', () => {
  const cases: Array<[AlarmState, boolean, string[]]> = [
    ['unack', false, ['ack', 'shelve']],
    ['unack', true, ['ack', 'shelve', 'reset']],
    ['ack', true, ['shelve', 'reset']],
    ['rtn_unack', false, ['ack', 'shelve']],
    ['shelved', false, ['unshelve']],
    ['out_of_service', false, []],
  ];
  for (const [state, latched, want] of cases)
    assert.deepEqual(actionsFor(alarm(1, 'fatal', state), latched), want, `${state} latched=${latched}`);
});

test('shelve minutes: whole, from 1 to the maximum', () => {
  assert.deepEqual(checkShelveMinutes(' 30 ', 1440), { minutes: 30 });
  assert.deepEqual(checkShelveMinutes('1440', 1440), { minutes: 1440 });
  assert.deepEqual(checkShelveMinutes('1441', 1440), { error: 'alarms.error.minutesRange' });
  assert.deepEqual(checkShelveMinutes('0', 1440), { error: 'alarms.error.minutesRange' });
  assert.deepEqual(checkShelveMinutes('1.5', 1440), { error: 'alarms.error.minutes' });
  assert.deepEqual(checkShelveMinutes('', 1440), { error: 'alarms.error.minutes' });
});

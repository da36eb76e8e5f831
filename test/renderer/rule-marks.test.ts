import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alarm } from '../../src/shared/model.js';
import { zoomTo } from '../../src/renderer/lib/chart-data.js';
import { sameMarks, sensorsAlarmMarks } from '../../src/renderer/lib/rule-marks.js';

const alarm = (id: number, gatewayId: string, sensorId: string, raisedAt: number, clearedAt: number | null) =>
  ({
    id,
    ruleId: 1,
    ruleName: 'hot',
    severity: 'fatal',
    state: clearedAt === null ? 'unack' : 'normalUnack',
    gatewayId,
    sensorId,
    value: 80,
    raisedAt,
    ackedAt: null,
    ackedBy: null,
    clearedAt,
    shelvedUntil: null,
  }) as Alarm;

test('a chart of several sensors shades the alarms of any of them, on their own gateway only', () => {
  const alarms = [
    alarm(1, 'gwB', 'temp', 3000, null),
    alarm(2, 'gwA', 'temp', 1000, 2000),
    alarm(3, 'gwA', 'other', 500, 600),
    alarm(4, 'gwC', 'temp', 100, 200),
  ];
  const marks = sensorsAlarmMarks(alarms, [
    { gatewayId: 'gwA', sensorId: 'temp' },
    { gatewayId: 'gwB', sensorId: 'temp' },
  ]);
  assert.deepEqual(marks, [
    { start: 1000, end: 2000, kind: 'alarm' },
    { start: 3000, end: null, kind: 'alarm' },
  ]);
  assert.deepEqual(sensorsAlarmMarks(alarms, []), []);
});

test('a dragged range zooms to itself, never narrower than the minimum, around its middle', () => {
  assert.deepEqual(zoomTo(10_000, 100_000, 30_000), { start: 10_000, end: 100_000 });
  assert.deepEqual(zoomTo(50_000, 52_000, 30_000), { start: 36_000, end: 66_000 });
});

test('sameMarks: equal spans in order are the same list; any start, end or kind differing is not', () => {
  const a = [
    { start: 1, end: 2, kind: 'alarm' as const },
    { start: 3, end: null, kind: 'raised' as const },
  ];
  assert.equal(sameMarks([], []), true);
  assert.equal(
    sameMarks(
      a,
      a.map((m) => ({ ...m })),
    ),
    true,
  );
  assert.equal(sameMarks(a, a.slice(0, 1)), false);
  assert.equal(sameMarks(a, [a[0]!, { ...a[1]!, end: 4 }]), false);
  assert.equal(sameMarks(a, [{ ...a[0]!, start: 0 }, a[1]!]), false);
  assert.equal(sameMarks(a, [{ ...a[0]!, kind: 'raised' }, a[1]!]), false);
  assert.equal(sameMarks(a, [a[1]!, a[0]!]), false);
});

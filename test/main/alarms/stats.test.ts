// The alarm statistics by table: where a flood starts and ends, what chatters, what is stale, and the
// hourly counts, each at and just past its threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alarmStats, type RaisedAlarm } from '../../../src/main/alarms/index.js';
import type { AlarmStats } from '../../../src/shared/api.js';
import type { Alarm, AlarmState } from '../../../src/shared/model.js';

const H = 3_600_000;
const M = 60_000;
const S = 1000;
// an hour boundary, so the per-hour buckets are easy to read
const T0 = 1_700_002_800_000;

const raise = (at: number, ruleId = 1, sensorId = 's1', gatewayId = 'gw1'): RaisedAlarm => ({
  ruleId,
  ruleName: `rule ${ruleId}`,
  gatewayId,
  sensorId,
  raisedAt: at,
});
/** n raises from `start`, `step` ms apart, each on its own sensor (no chattering) */
const burst = (start: number, n: number, step: number): RaisedAlarm[] =>
  Array.from({ length: n }, (_, i) => raise(start + i * step, 1, `b${start}-${i}`));

const openAlarm = (id: number, raisedAt: number, state: AlarmState): Alarm => ({
  id,
  ruleId: 1,
  ruleName: 'Hot',
  severity: 'fatal',
  state,
  gatewayId: 'gw1',
  sensorId: `s${id}`,
  value: 90,
  raisedAt,
  ackedAt: null,
  ackedBy: null,
  clearedAt: null,
  shelvedUntil: null,
});

const stats = (raised: RaisedAlarm[], open: Alarm[] = [], from = T0, to = T0 + 3 * H, now = to): AlarmStats =>
  alarmStats({ from, to, now, raised, open });

test('per hour: every hour of the range, zeros included, raises counted in their hour', () => {
  const cases: Array<{ name: string; from: number; to: number; raised: number[]; want: number[] }> = [
    { name: 'empty range of 3 h', from: T0, to: T0 + 3 * H, raised: [], want: [0, 0, 0] },
    {
      name: 'edges: the first ms of an hour belongs to it',
      from: T0,
      to: T0 + 2 * H,
      raised: [T0, T0 + H - 1, T0 + H],
      want: [2, 1],
    },
    {
      name: 'a range starting mid-hour keeps that hour',
      from: T0 + 30 * M,
      to: T0 + H,
      raised: [T0 + 45 * M],
      want: [1],
    },
  ];
  for (const c of cases) {
    const got = stats(
      c.raised.map((t) => raise(t, 1, `s${t}`)),
      [],
      c.from,
      c.to,
    ).perHour;
    assert.deepEqual(
      got.map((b) => b.count),
      c.want,
      c.name,
    );
    assert.equal(got[0]?.hour, Math.floor(c.from / H) * H, `${c.name}: buckets start on the hour`);
  }
});

test('floods: more than 10 raises within 10 minutes, overlapping windows merged', () => {
  const cases: Array<{ name: string; raised: RaisedAlarm[]; want: AlarmStats['floods'] }> = [
    { name: 'exactly 10 in 10 minutes is not a flood', raised: burst(T0, 10, 10 * S), want: [] },
    {
      name: '11 within 10 minutes is one',
      raised: burst(T0, 11, 10 * S),
      want: [{ start: T0, end: T0 + 100 * S, count: 11 }],
    },
    {
      name: '11 spread over exactly 10 minutes is not (the window is shorter than 10 min)',
      raised: burst(T0, 11, M),
      want: [],
    },
    {
      name: '40 raises 30 s apart (20 in any 10 min) are one long flood',
      raised: burst(T0, 40, 30 * S),
      want: [{ start: T0, end: T0 + 39 * 30 * S, count: 40 }],
    },
    {
      name: 'two bursts an hour apart are two floods',
      raised: [...burst(T0, 12, S), ...burst(T0 + H, 15, S)],
      want: [
        { start: T0, end: T0 + 11 * S, count: 12 },
        { start: T0 + H, end: T0 + H + 14 * S, count: 15 },
      ],
    },
    {
      name: 'unsorted input',
      raised: burst(T0, 11, S).reverse(),
      want: [{ start: T0, end: T0 + 10 * S, count: 11 }],
    },
  ];
  for (const c of cases) assert.deepEqual(stats(c.raised).floods, c.want, c.name);
});

test('chattering: the same rule and sensor 3 or more times within a minute', () => {
  const cases: Array<{ name: string; raised: RaisedAlarm[]; want: Array<[number, string, number]> }> = [
    { name: 'twice in a minute is not', raised: [raise(T0), raise(T0 + 10 * S)], want: [] },
    {
      name: 'three times in 59 s is',
      raised: [raise(T0), raise(T0 + 30 * S), raise(T0 + 59 * S)],
      want: [[1, 's1', 3]],
    },
    {
      name: 'three times over exactly a minute is not',
      raised: [raise(T0), raise(T0 + 30 * S), raise(T0 + M)],
      want: [],
    },
    {
      name: 'three raises of different sensors are not',
      raised: [raise(T0, 1, 'a'), raise(T0 + S, 1, 'b'), raise(T0 + 2 * S, 1, 'c')],
      want: [],
    },
    {
      name: 'count is every raise of the pair in the range, most first',
      raised: [
        ...[0, 1, 2].map((i) => raise(T0 + i * S, 2, 'x')),
        ...[0, 1, 2, 3].map((i) => raise(T0 + i * S, 1, 'y')),
        raise(T0 + 2 * H, 1, 'y'),
      ],
      want: [
        [1, 'y', 5],
        [2, 'x', 3],
      ],
    },
  ];
  for (const c of cases) {
    assert.deepEqual(
      stats(c.raised).chattering.map((x) => [x.ruleId, x.sensorId, x.count]),
      c.want,
      c.name,
    );
  }
});

test('stale: still in alarm more than 24 h after raised, judged now, oldest first', () => {
  const now = T0 + 3 * H;
  const cases: Array<{ name: string; open: Alarm[]; want: number[] }> = [
    { name: 'exactly 24 h is not stale', open: [openAlarm(1, now - 24 * H, 'unack')], want: [] },
    { name: 'a ms more is', open: [openAlarm(1, now - 24 * H - 1, 'unack')], want: [1] },
    {
      name: 'acknowledged but active counts; returned to normal, shelved or out of service do not',
      open: [
        openAlarm(1, now - 30 * H, 'ack'),
        openAlarm(2, now - 40 * H, 'rtn_unack'),
        openAlarm(3, now - 40 * H, 'shelved'),
        openAlarm(4, now - 40 * H, 'out_of_service'),
        openAlarm(5, now - 50 * H, 'unack'),
      ],
      want: [5, 1],
    },
  ];
  for (const c of cases) {
    assert.deepEqual(
      stats([], c.open, T0, now, now).stale.map((s) => s.id),
      c.want,
      c.name,
    );
  }
});

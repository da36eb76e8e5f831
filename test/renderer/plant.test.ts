import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alarmsBySeverity, plantState, type PlantFacts } from '../../src/renderer/lib/plant.js';

const calm: PlantFacts = {
  unreachable: false,
  diskLevel: 'ok',
  gatewaysTotal: 3,
  gatewaysDown: 0,
  openAlarms: [],
  staleSensors: 0,
  errorsLastHour: 0,
};

test('nothing wrong: all normal, no reasons', () => {
  assert.deepEqual(plantState(calm), { level: 'ok', reasons: [] });
});

test('alarms and a gateway down: attention, with counts', () => {
  const s = plantState({
    ...calm,
    gatewaysDown: 1,
    openAlarms: [
      { severity: 'warning', state: 'unack' },
      { severity: 'information', state: 'ack' },
    ],
  });
  assert.equal(s.level, 'attention');
  assert.deepEqual(
    s.reasons.map((r) => [r.key, r.count]),
    [
      ['alarms', 2],
      ['gatewaysDown', 1],
    ],
  );
});

test('a full disk or a fatal alarm is a site problem, listed first', () => {
  const s = plantState({ ...calm, diskLevel: 'full', errorsLastHour: 4 });
  assert.equal(s.level, 'problem');
  assert.deepEqual(s.reasons[0], { key: 'diskFull', level: 'problem' });
  assert.equal(
    plantState({ ...calm, openAlarms: [{ severity: 'fatal', state: 'rtn_unack' }] }).level,
    'problem',
  );
});

test('every gateway down is one problem, not also "n gateways down"', () => {
  const s = plantState({ ...calm, gatewaysDown: 3 });
  assert.deepEqual(s.reasons, [{ key: 'allGatewaysDown', level: 'problem', count: 3 }]);
  assert.equal(plantState({ ...calm, gatewaysTotal: 0 }).level, 'ok', 'a new site has nothing down');
});

test('shelved and out-of-service alarms are not counted', () => {
  assert.deepEqual(
    alarmsBySeverity([
      { severity: 'fatal', state: 'shelved' },
      { severity: 'warning', state: 'out_of_service' },
      { severity: 'warning', state: 'unack' },
    ]),
    { fatal: 0, warning: 1, information: 0 },
  );
});

test('the site unreachable, a low disk, stale sensors and errors are reasons too', () => {
  const s = plantState({ ...calm, unreachable: true, diskLevel: 'low', staleSensors: 2, errorsLastHour: 5 });
  assert.equal(s.level, 'problem');
  assert.deepEqual(
    s.reasons.map((r) => r.key),
    ['siteUnreachable', 'staleSensors', 'diskLow', 'errors'],
  );
});

test('replication: a lost quorum is a site problem, recorded or not; a late node is attention, with its name', () => {
  const lost = plantState({
    ...calm,
    replication: [
      { kind: 'valuesQuorum', subject: 'EDGE_VALUES', severity: 'fatal', since: 1, recorded: false },
      {
        kind: 'nodeLate',
        detail: 'silent',
        subject: 'site-c',
        severity: 'warning',
        since: 1,
        recorded: true,
      },
    ],
  });
  assert.equal(lost.level, 'problem');
  assert.deepEqual(
    lost.reasons.map((r) => [r.key, r.level, r.node]),
    [
      ['noQuorum', 'problem', undefined],
      ['nodeSilent', 'attention', 'site-c'],
    ],
  );
  const behind = plantState({
    ...calm,
    replication: [
      {
        kind: 'nodeLate',
        detail: 'behind',
        subject: 'site-b',
        severity: 'warning',
        since: 1,
        recorded: false,
      },
    ],
  });
  assert.equal(behind.level, 'attention');
  assert.deepEqual(
    behind.reasons.map((r) => [r.key, r.node]),
    [['nodeBehind', 'site-b']],
  );
});

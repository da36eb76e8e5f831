import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_NAMES } from '../../src/renderer/lib/names.js';
import { alarmTitle, alarmWhere, problemText, systemValue } from '../../src/renderer/lib/system-alarms.js';
import { SYSTEM_RULES } from '../../src/shared/system-alarms.js';

// a translator that shows the key and its values, so the test sees which string was picked
const t = (key: string, o?: Record<string, unknown>) => (o ? `${key} ${JSON.stringify(o)}` : key);

test('a site alarm is named by its built-in rule and its node, never by a rule id or sensor link', () => {
  const late = {
    ruleId: SYSTEM_RULES.nodeLate.id,
    ruleName: 'Cluster node behind or silent',
    gatewayId: '',
    sensorId: 'site-b',
  };
  assert.equal(alarmTitle(late, t), 'alarms.system.nodeLate');
  assert.equal(alarmWhere(late, NO_NAMES, t), 'alarms.systemSource.node {"node":"site-b"}');
  assert.equal(systemValue({ ...late, value: 'silent' }, t), 'alarms.systemValue.silent');
  const quorum = { ...late, ruleId: SYSTEM_RULES.valuesQuorum.id, sensorId: 'EDGE_VALUES' };
  assert.equal(alarmTitle(quorum, t), 'alarms.system.valuesQuorum');
  assert.equal(alarmWhere(quorum, NO_NAMES, t), 'alarms.systemSource.stream {"stream":"EDGE_VALUES"}');
  assert.equal(systemValue({ ...quorum, value: 'no quorum' }, t), 'alarms.systemValue.noQuorum');
});

test("a rule's alarm keeps its rule name, sensor and gateway", () => {
  const a = { ruleId: 4, ruleName: 'Hot', gatewayId: 'gw1', sensorId: 'temp' };
  assert.equal(alarmTitle(a, t), 'Hot');
  assert.equal(alarmWhere(a, NO_NAMES, t), 'temp · gw1');
  assert.equal(systemValue({ ...a, value: 95 }, t), null);
});

test('a problem seen now reads with its node and lag', () => {
  const base = { subject: 'site-c', severity: 'warning' as const, since: 1, recorded: false };
  assert.equal(
    problemText({ ...base, kind: 'nodeLate', detail: 'silent' }, t),
    'alarms.problem.silent {"node":"site-c","seconds":0}',
  );
  assert.equal(
    problemText({ ...base, kind: 'nodeLate', detail: 'behind', lagSeconds: 12 }, t),
    'alarms.problem.behind {"node":"site-c","seconds":12}',
  );
  assert.equal(problemText({ ...base, kind: 'valuesQuorum' }, t), 'alarms.system.valuesQuorum');
});

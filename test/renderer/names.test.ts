import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimelineEntry } from '../../src/shared/model.js';
import type { Names, Translate } from '../../src/renderer/lib/names.js';
import { answerText, conditionText, NO_NAMES, timelineText } from '../../src/renderer/lib/names.js';
import { formatTime } from '../../src/renderer/lib/format.js';

const GW = '0a1b2c3d4e01';
const SID = `${GW}-0-temperature-0`;
const names: Names = {
  gatewayName: (id) => (id === GW ? 'Press A' : undefined),
  sensor: (gw, sid) => (gw === GW && sid === SID ? { name: 'Motor temperature', unit: '°C' } : undefined),
};
// a translate that shows the key and its variables, so the tests see what was chosen and passed
const t: Translate = (key, o = {}) =>
  key === 'actuator.done'
    ? 'done'
    : key.startsWith('actuator.cmd.')
      ? String(o.defaultValue)
      : `${key} ${Object.entries(o)
          .filter(([k]) => k !== 'defaultValue')
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')}`;

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  id: 1,
  type: 'rule',
  node: [{ type: 'sensor', id: SID, gatewayId: GW }],
  severity: 'warning',
  time: 0,
  message: '',
  checked: 'n',
  success: 'y',
  ...over,
});

test('a rule line names the sensor and gateway, with the unit on value and threshold', () => {
  const e = entry({
    rule: { id: 1, name: 'Press A motor too hot', what: 'over 70', when: 0 },
    message: `Press A motor too hot: ${SID}@${GW}: 71.04 (over 70)`,
  });
  assert.equal(
    timelineText(e, names, t),
    'timeline.msg.rule sensor=Motor temperature gateway=Press A rule=Press A motor too hot value=71.04 °C condition=> 70 °C',
  );
});

test('a custom rule message keeps its text with sid@gw replaced by names; unknown ids stay ids', () => {
  const e = entry({
    rule: { id: 1, name: 'Hot', what: 'over 70', when: 0 },
    message: `Hot: check ${SID}@${GW} now`,
  });
  assert.equal(timelineText(e, names, t), 'Hot: check Motor temperature · Press A now');
  assert.equal(timelineText(e, NO_NAMES, t), `Hot: check ${SID} · ${GW} now`);
});

test('actuator answers read as words, not JSON', () => {
  const ok = entry({ type: 'actuator', message: `${SID}@${GW}: on → {"result":""}` });
  assert.equal(
    timelineText(ok, names, t),
    'timeline.msg.actuator sensor=Motor temperature gateway=Press A cmd=on answer=done',
  );
  const failed = entry({ type: 'actuator', message: `${SID}@${GW}: off failed: timeout` });
  assert.match(timelineText(failed, names, t), /^timeline\.msg\.actuatorFailed .*cmd=off error=timeout$/);
  assert.equal(answerText({ result: '' }, t), 'done');
  assert.equal(answerText(undefined, t), 'done');
  assert.equal(answerText({ result: 'jammed' }, t), 'jammed');
  assert.equal(answerText({ a: 1, b: 2 }, t), '{"a":1,"b":2}');
});

test('gateway lines use the gateway name', () => {
  const lost = entry({
    type: 'gateway',
    node: [{ type: 'gateway', id: GW }],
    message: `Gateway ${GW} lost its connection unexpectedly`,
  });
  assert.equal(timelineText(lost, names, t), 'timeline.msg.lost gateway=Press A');
  const other = entry({ type: 'gateway', node: [{ type: 'gateway', id: GW }], message: `${GW} did x` });
  assert.equal(timelineText(other, names, t), 'Press A did x');
});

test('conditions read with their unit', () => {
  assert.equal(conditionText({ method: 'over', threshold: 70 }, '°C'), '> 70 °C');
  assert.equal(conditionText({ method: 'under', threshold: -5.5 }), '< -5.5');
  assert.equal(
    conditionText({ method: 'outOfRange', threshold: 0, min: 10, max: 20 }, '°C'),
    '∉ [10, 20] °C',
  );
  assert.equal(conditionText({ method: 'changed', threshold: 0, to: 'on' }), '* → on');
  assert.equal(conditionText({ method: 'rate', threshold: 5, windowSeconds: 60 }, '°C'), 'Δ > 5 °C / 60 s');
});

test('alarm transitions read in the reader language, with names and state words', () => {
  const rule = { id: 1, name: 'Hot', what: 'alarm raised (unack)', when: 0 };
  const raised = entry({ rule, message: 'Hot: alarm #7 alarm raised (unack) by rule' });
  assert.equal(
    timelineText(raised, names, t),
    // (this test's t() puts a space after a key that has no options)
    'timeline.alarm.raised sensor=Motor temperature gateway=Press A rule=Hot id=7 by=timeline.alarm.byRule  note= state=alarms.state.unack ',
  );
  // the value the service notes on a raise is translated too; an operator's comment is not
  const withValue = entry({ rule, message: 'Hot: alarm #7 alarm raised (unack) by rule (value 71.5)' });
  assert.equal(
    timelineText(withValue, names, t),
    'timeline.alarm.raised sensor=Motor temperature gateway=Press A rule=Hot id=7 by=timeline.alarm.byRule  note= (timeline.alarm.valueNote value=71.5) state=alarms.state.unack ',
  );
  // raised for a time before now (after a hold): the time read in the reader's format, not as ISO
  const since = Date.UTC(2026, 11, 4, 16, 13, 18);
  const held = entry({
    rule,
    message: `Hot: alarm #7 alarm raised (unack) by rule (value 71.5, since ${new Date(since).toISOString()})`,
  });
  assert.equal(
    timelineText(held, names, t),
    `timeline.alarm.raised sensor=Motor temperature gateway=Press A rule=Hot id=7 by=timeline.alarm.byRule  note= (timeline.alarm.valueSinceNote value=71.5 time=${formatTime(since)}) state=alarms.state.unack `,
  );
  const acked = entry({ rule, message: 'Hot: alarm #7 alarm unack → ack by kim (seen it)' });
  assert.equal(
    timelineText(acked, names, t),
    'timeline.alarm.moved sensor=Motor temperature gateway=Press A rule=Hot id=7 by=kim note= (seen it) from=alarms.state.unack  to=alarms.state.ack ',
  );
});

test("a gateway registered with a pairing code reads in the reader's language, with its name", () => {
  const e = entry({
    type: 'gateway',
    node: [{ type: 'gateway', id: GW }],
    message: `Gateway ${GW} registered (paired with a code from 127.0.0.1)`,
  });
  assert.equal(timelineText(e, names, t), 'timeline.msg.paired gateway=Press A address=127.0.0.1');
});

test('the replication lines (src/main/site/replication.ts) are translated with their stream, node and lag', () => {
  const site = (message: string) => timelineText(entry({ type: 'site', node: [], message }), NO_NAMES, t);
  assert.equal(
    site(
      'The replicated values log site_values has no quorum: sensor values cannot be acknowledged (gateways keep and resend them)',
    ),
    'replication.msg.noQuorum stream=site_values',
  );
  assert.equal(
    site('The replicated values log site_values has its quorum again'),
    'replication.msg.quorumBack stream=site_values',
  );
  assert.equal(
    site('Cluster node node-b is 14 s (2300 messages) behind the values log'),
    'replication.msg.behind node=node-b seconds=14 messages=2300',
  );
  assert.equal(
    site('Cluster node node-c stopped reporting its replication state'),
    'replication.msg.silent node=node-c',
  );
  assert.equal(
    site('Cluster node node-c has caught up with the values log'),
    'replication.msg.caughtUp node=node-c',
  );
  assert.equal(site('Cluster node node-c did something else'), 'Cluster node node-c did something else');
});

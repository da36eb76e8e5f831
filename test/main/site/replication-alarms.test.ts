// Replication problems become site alarms (issue #18): the logic against a real site.db and the real
// alarms service, fed with replication states made up here (the cluster test feeds real ones).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Alarms } from '../../../src/main/alarms/index.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { Metrics } from '../../../src/main/metrics/index.js';
import { ReplicationAlarms, BEHIND_SECONDS } from '../../../src/main/site/replication-alarms.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import type { ReplicationNodeView, ReplicationState } from '../../../src/shared/api.js';
import { SYSTEM_RULES } from '../../../src/shared/system-alarms.js';
import { tempSiteDatabase } from '../../support/db.js';

const T0 = 1_700_000_000_000;

function node(name: string, over: Partial<ReplicationNodeView> = {}): ReplicationNodeView {
  return {
    node: name,
    role: 'standby',
    lastAppliedSeq: 10,
    lastAppliedAt: T0,
    lagMessages: 0,
    lagSeconds: 0,
    caughtUp: true,
    connected: true,
    reportedAt: T0,
    ...over,
  };
}

function state(quorum: ReplicationState['quorum'], nodes: ReplicationNodeView[]): ReplicationState {
  return {
    engine: 'jetstream',
    stream: 'EDGE_VALUES',
    connected: true,
    server: null,
    quorum,
    replicas: [],
    lastSeq: 10,
    nodes,
    appended: 0,
    appendFailures: 0,
    applied: 0,
    applyFailures: 0,
    lastError: null,
    gatewayRefusal: null,
  };
}

function setup(master = true) {
  const db = tempSiteDatabase();
  const clock = { now: T0 };
  const timeline = new Timeline(db, () => clock.now);
  const alarms = new Alarms(db, timeline, { now: () => clock.now });
  const metrics = new Metrics(() => clock.now);
  // counted errors are events too ('error' would throw with no listener)
  const errors: string[] = [];
  metrics.on('error', (e) => errors.push(e.kind));
  const role = { master };
  const r = new ReplicationAlarms({
    alarms,
    timeline,
    metrics,
    logger: silentLogger(),
    isMaster: () => role.master,
    settled: () => true,
    now: () => clock.now,
  });
  const open = () => alarms.list({ open: true });
  return { clock, alarms, timeline, metrics, errors, r, role, open };
}

const ok = (...nodes: ReplicationNodeView[]) => state('ok', nodes.length ? nodes : [node('a'), node('b')]);

test('a silent node is a warning alarm named by its node, raised when it began; back, it returns to normal', () => {
  const { clock, alarms, r, open } = setup();
  r.check(ok());
  assert.deepEqual(open(), []);
  r.check(ok(node('a'), node('b', { connected: false })));
  const began = clock.now;
  clock.now += 3000;
  r.check(ok(node('a'), node('b', { connected: false })));
  const [alarm, ...more] = open();
  assert.equal(more.length, 0, 'one alarm per node, however many states say so');
  assert.equal(alarm!.ruleId, SYSTEM_RULES.nodeLate.id);
  assert.equal(alarm!.ruleName, 'Cluster node behind or silent');
  assert.equal(alarm!.severity, 'warning');
  assert.equal(alarm!.gatewayId, '');
  assert.equal(alarm!.sensorId, 'b');
  assert.equal(alarm!.value, 'silent');
  assert.equal(alarm!.raisedAt, began);
  assert.equal(alarm!.state, 'unack');
  assert.deepEqual(
    r.problems().map((p) => [p.kind, p.detail, p.subject, p.recorded]),
    [['nodeLate', 'silent', 'b', true]],
  );
  // no rule row holds it: following the rules (none here) neither closes it nor takes it out of service
  alarms.reconcileRules([]);
  assert.equal(open()[0]!.state, 'unack');
  alarms.ack(alarm!.id, 'operator');
  r.check(ok(node('a'), node('b', { connected: false })));
  assert.equal(open()[0]!.state, 'ack');
  clock.now += 1000;
  r.check(ok());
  assert.deepEqual(open(), [], 'acknowledged and back to normal: cleared');
  assert.equal(alarms.get(alarm!.id).clearedAt, clock.now);
  assert.deepEqual(r.problems(), []);
});

test('a node behind past BEHIND_SECONDS raises; not acknowledged, it returns to normal unacknowledged', () => {
  const { clock, r, open } = setup();
  r.check(ok(node('a'), node('b', { lagSeconds: BEHIND_SECONDS - 1, lagMessages: 5 })));
  assert.deepEqual(open(), [], 'within the threshold');
  r.check(ok(node('a'), node('b', { lagSeconds: BEHIND_SECONDS + 2, lagMessages: 900 })));
  assert.equal(open()[0]!.value, 'behind');
  assert.equal(r.problems()[0]!.lagSeconds, BEHIND_SECONDS + 2);
  clock.now += 1000;
  r.check(ok());
  assert.equal(open()[0]!.state, 'rtn_unack');
});

test('a standby shows what it sees but writes no alarm; the master does', () => {
  const { r, role, open } = setup(false);
  r.check(ok(node('a'), node('b', { connected: false })));
  assert.deepEqual(open(), []);
  assert.equal(r.problems()[0]!.recorded, false);
  role.master = true;
  r.check(ok(node('a'), node('b', { connected: false })));
  assert.equal(open().length, 1);
  assert.equal(r.problems()[0]!.recorded, true);
});

test('a lost quorum is shown at once as not recorded, and recorded with its true start once the quorum is back', () => {
  const { clock, alarms, timeline, errors, r, open } = setup();
  r.check(ok());
  clock.now += 1000;
  const lostAt = clock.now;
  r.check(state('lost', [node('a'), node('b')]));
  assert.deepEqual(open(), [], 'nothing can be written while it lasts');
  assert.deepEqual(errors, ['replication.quorum'], 'counted, as before');
  assert.deepEqual(
    r.problems().map((p) => [p.kind, p.subject, p.severity, p.since, p.recorded]),
    [['valuesQuorum', 'EDGE_VALUES', 'fatal', lostAt, false]],
  );
  clock.now += 20_000;
  r.check(state('lost', [node('a'), node('b')]));
  r.check(state('unknown', [node('a'), node('b')]));
  assert.deepEqual(open(), []);
  clock.now += 5000;
  r.check(ok());
  r.check(ok());
  assert.deepEqual(open(), [], 'a quorum seen for a moment is not yet back');
  r.check(state('lost', [node('a'), node('b')]));
  r.check(ok());
  r.check(ok());
  assert.equal(r.problems()[0]?.since, lostAt, 'the same loss: a blip does not start another');
  r.check(ok());
  const [alarm] = open();
  assert.ok(alarm, 'recorded once the log takes writes');
  assert.equal(alarm.ruleId, SYSTEM_RULES.valuesQuorum.id);
  assert.equal(alarm.severity, 'fatal');
  assert.equal(alarm.sensorId, 'EDGE_VALUES');
  assert.equal(alarm.raisedAt, lostAt, 'its true raise time');
  assert.equal(alarm.state, 'rtn_unack', 'over already: returned to normal, for an operator to acknowledge');
  assert.deepEqual(r.problems(), []);
  clock.now += 1000;
  r.check(ok());
  assert.equal(open().length, 1, 'recorded once');
  alarms.ack(alarm.id, 'operator');
  assert.deepEqual(open(), []);
  const entries = timeline.list({}).data.map((e) => e.message);
  assert.ok(
    entries.some((m) => m.includes('has no quorum')),
    'the timeline entry is kept',
  );
  assert.ok(entries.some((m) => /Values log has no quorum \(EDGE_VALUES\): alarm #\d+ alarm raised/.test(m)));
});

test('a lost quorum another node recorded is not recorded again by a node that becomes master later', () => {
  const { clock, alarms, r, role, open } = setup(false);
  r.check(ok());
  r.check(state('lost', []));
  clock.now += 2000;
  // the master (another node) saw it 2 s later and recorded it when the quorum came back
  alarms.systemCondition({
    rule: SYSTEM_RULES.valuesQuorum,
    subject: 'EDGE_VALUES',
    active: true,
    value: 'no quorum',
    since: clock.now,
  });
  alarms.systemCondition({
    rule: SYSTEM_RULES.valuesQuorum,
    subject: 'EDGE_VALUES',
    active: false,
    value: 'no quorum',
    since: clock.now,
  });
  r.check(ok());
  r.check(ok());
  r.check(ok());
  role.master = true;
  r.check(ok());
  assert.equal(alarms.list({}).length, 1);
  assert.equal(open().length, 1);
});

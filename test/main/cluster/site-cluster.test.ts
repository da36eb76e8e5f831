// Whole sites in cluster mode on a real ZooKeeper: one master runs the rules, the standby takes over when
// the master stops, an observer never acts, and the console API shows the election.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ClusterState, HealthResponse } from '../../../src/shared/api.js';
import type { TimelineEntry } from '../../../src/shared/model.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';
import { JAVA, startZooKeeper, ZK_JAR, type ZkEnsemble } from '../../support/zookeeper.js';
import { toolMissing } from '../../support/tools.js';

const skip = toolMissing('zookeeper', ZK_JAR, JAVA);

describe('sites in cluster mode', { skip, timeout: 120_000 }, () => {
  let zk: ZkEnsemble;
  const sites: TestSite[] = [];

  before(async () => {
    zk = await startZooKeeper({ servers: 1, tickTime: 500 });
  });
  after(async () => {
    await Promise.all(sites.map((s) => s.destroy().catch(() => undefined)));
    await zk?.teardown();
  });

  const clusterSite = async (node: string, observerOnly = false): Promise<TestSite> => {
    const site = await startTestSite({
      cluster: {
        servers: [zk.connectString],
        basePath: '/edge-site-test',
        node,
        sessionTimeout: 4000,
        observerOnly,
      },
    });
    sites.push(site);
    return site;
  };
  const cluster = async (site: TestSite) => (await site.api<ClusterState>('GET', '/api/v1/cluster')).body;
  const rulesState = async (site: TestSite) =>
    (await site.api<HealthResponse>('GET', '/healthz')).body.services.rules;

  test('the first node is master and runs the rules; the second stands by; an observer only watches', async () => {
    const a = await clusterSite('site-a:1');
    await eventually('a is master', async () => (await cluster(a)).role === 'master');
    const b = await clusterSite('site-b:1');
    const c = await clusterSite('site-c:1', true);
    await eventually('b sees the master', async () => (await cluster(b)).master === 'site-a:1');
    assert.equal((await cluster(b)).role, 'standby');
    assert.equal((await cluster(c)).role, 'observer');
    assert.equal(await rulesState(a), 'up');
    assert.equal(await rulesState(b), 'standby');
    assert.equal(await rulesState(c), 'standby');
    // a's view follows ZooKeeper's watches: b's join reaches it a moment after b's start resolves
    await eventually('a sees b', async () => (await cluster(a)).votes.length === 2);
    const state = await cluster(a);
    assert.equal(state.mode, 'zookeeper');
    assert.deepEqual(state.nodes.map((n) => n.node).sort(), ['site-a:1', 'site-b:1']);
    assert.equal(state.votes.length, 2);
    // each node's card carries the ports its listeners bound (configured as 0 here), not the configured 0
    await eventually('b sees the ports a bound', async () =>
      (await cluster(b)).nodes.some(
        (n) =>
          n.node === 'site-a:1' && n.ports.http === a.site.ports.http && n.ports.mqtt === a.site.ports.mqtt,
      ),
    );
    assert.ok(state.epoch >= 1);
    assert.ok(state.history.length >= 1);
  });

  test('a rule fires only on the master; when the master stops, the standby takes over and fires it', async () => {
    const [a, b] = sites as [TestSite, TestSite];
    const gw = 'c1u500000001';
    const sensor = `${gw}-0-t`;
    for (const site of [a, b]) {
      const key = await site.registerGateway(gw, { modelId: '34', legacyPlainTcp: false });
      await site.registerSensor(gw, key, sensor, 'temperature');
      assert.equal(
        (
          await site.api('POST', '/api/v1/rules', {
            name: 'Hot',
            severity: 'warning',
            gatewayId: gw,
            sensorId: sensor,
            method: 'over',
            threshold: 50,
          })
        ).status,
        201,
      );
      (site as TestSite & { key?: string }).key = key;
    }
    const publish = async (site: TestSite, time: number) => {
      const key = (site as TestSite & { key?: string }).key!;
      const client = await site.connect(gw, { username: gw, password: key });
      await client.publishAsync(`v/a/g/${gw}/s/${sensor}`, `${time},99`, { qos: 1 });
      await client.endAsync();
    };
    const ruleEntries = async (site: TestSite) =>
      // the rule's own line; its alarm's transitions are on the timeline too (what: "alarm …")
      (await site.api<{ data: TimelineEntry[] }>('GET', '/api/v1/timelines')).body.data.filter(
        (e) => e.type === 'rule' && e.rule?.what === 'over 50',
      );

    await publish(b, Date.now() - 5000);
    await publish(a, Date.now() - 5000);
    await eventually('master fired', async () => (await ruleEntries(a)).length === 1);
    assert.equal((await ruleEntries(b)).length, 0, 'a standby evaluates no rules');
    const epochA = (await ruleEntries(a))[0]!.epoch!;

    // destroy = stop + remove its data dir (after() only cleans up the sites still in the list)
    await a.destroy();
    sites.splice(sites.indexOf(a), 1);
    await eventually('b took over', async () => (await cluster(b)).role === 'master', 5000);
    assert.equal(await rulesState(b), 'up');
    await publish(b, Date.now());
    const [entry] = await eventually('b fired', async () => {
      const entries = await ruleEntries(b);
      return entries.length === 1 ? entries : null;
    });
    assert.ok(entry!.epoch! > epochA, `the new master's epoch ${entry!.epoch} is newer than ${epochA}`);
  });
});

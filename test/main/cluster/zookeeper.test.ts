import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import zookeeper from 'node-zookeeper-client';
import { createCoordinator } from '../../../src/main/cluster/index.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { JAVA, startZooKeeper, ZK_JAR, type ZkEnsemble } from '../../support/zookeeper.js';
import { TcpProxy } from '../../support/tcp-proxy.js';
import { toolMissing } from '../../support/tools.js';
import { actingIntervals, overlaps, readActing, SiteNode, sleep, until } from './fixtures/harness.js';

const SESSION_TIMEOUT = 4000;
const skip = toolMissing('zookeeper', ZK_JAR, JAVA);

describe('cluster coordination on a standalone ZooKeeper', { skip, timeout: 240_000 }, () => {
  let zk: ZkEnsemble;
  let tmp: string;
  let scenario = 0;
  let nodes: SiteNode[] = [];
  const proxies: TcpProxy[] = [];

  before(async () => {
    zk = await startZooKeeper({ servers: 1 });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-cluster-'));
  });

  after(async () => {
    await zk?.teardown();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    await Promise.all(proxies.map((p) => p.close()));
    nodes = [];
    proxies.length = 0;
  });

  function cluster(count: number, servers?: (i: number) => string[], sessionTimeout = SESSION_TIMEOUT) {
    scenario++;
    const basePath = `/edge-site-${scenario}`;
    const actingLog = path.join(tmp, `acting-${scenario}.log`);
    nodes = Array.from(
      { length: count },
      (_, i) =>
        new SiteNode({
          node: `site-${String.fromCharCode(97 + i)}:8080`,
          servers: servers?.(i) ?? [zk.connectString],
          basePath,
          dataDir: path.join(tmp, `s${scenario}-${i}`),
          actingLog,
          sessionTimeout,
          retryDelay: 1000,
        }),
    );
    return { basePath, actingLog, nodes };
  }

  const roleMaster = (m: { type: string; role?: unknown }) => m.type === 'role' && m.role === 'master';

  test('start order decides the master; all agree; config changes reach every node within 1 s', async () => {
    const {
      basePath,
      nodes: [a, b, c],
    } = cluster(3);
    const ready = await a.start();
    assert.equal(ready.isMaster, true);
    await b.start();
    await c.start();
    for (const n of [a, b, c]) {
      // A node's view follows ZooKeeper's watches, so a join lands on the others a moment after the
      // joiner's start resolves; agreement is checked once each view holds all three votes.
      const { state, isMaster } = await until(async () => {
        const view = await n.state();
        return view.state.votes.length === 3 && view.state.nodes.length === 3 ? view : undefined;
      }, 5000).catch(() => n.state());
      assert.equal(state.master, a.name, `${n.name} sees ${a.name} as master`);
      assert.equal(isMaster, n === a);
      assert.equal(state.nodes.length, 3);
      assert.deepEqual(
        state.votes.map((v) => v.node),
        [a.name, b.name, c.name],
      );
      assert.equal(state.nodes.find((x) => x.node === a.name)?.role, 'master');
    }

    // an observer-only coordinator watching the election from outside
    const observerCoordinator = createCoordinator(
      { node: 'monitor:1', basePath: '/monitor', servers: [zk.connectString], observerOnly: true },
      silentLogger(),
    );
    await observerCoordinator.init();
    const observer = observerCoordinator.observe(basePath);
    const children = new Promise<[string, string[], { added: string[]; deleted: string[] }]>((resolve) =>
      observer.once('children', (p, list, diff) => resolve([p, list, diff])),
    );
    const [p, list, diff] = await children;
    assert.equal(p, basePath);
    assert.deepEqual(list, [a.name, b.name, c.name]);
    assert.deepEqual(diff.added, [a.name, b.name, c.name]);
    await until(() => observer.getMaster() === a.name, 5000);

    // shared config: set on one node, seen by all within 1 s
    const t0 = Date.now();
    const seen = Promise.all(
      [a, b, c].map((n) =>
        n.waitFor(
          (m) => m.type === 'config' && (m.config as { retentionDays?: number }).retentionDays === 30,
        ),
      ),
    );
    await b.setConfig({ retentionDays: 30 });
    const messages = await seen;
    for (const m of messages)
      assert.ok(m.time - t0 < 1000, `${m.node} saw the config after ${m.time - t0} ms`);

    // an invalid config written behind the coordinators' backs is ignored; the old one stays
    const raw = zookeeper.createClient(zk.connectString);
    raw.connect();
    await new Promise<void>((resolve, reject) =>
      raw.setData(`${basePath}/config`, Buffer.from('{"retentionDays":"many"}'), -1, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    raw.close();
    await sleep(500);
    for (const n of [a, b, c]) assert.deepEqual((await n.state()).state.config, { retentionDays: 30 });
    // and a node rejects an invalid config locally
    await assert.rejects(a.setConfig({ retentionDays: 'x' }));
    // a later valid change applies (written over the invalid version)
    const seen2 = Promise.all([a, c].map((n) => n.waitFor((m) => m.type === 'config')));
    await b.setConfig({ retentionDays: 7 });
    await seen2;

    // the observer sees a member leave and the master change
    const deleted = new Promise<string[]>((resolve) =>
      observer.on('children', (_p, _l, d: { deleted: string[] }) => d.deleted.length && resolve(d.deleted)),
    );
    await a.stop();
    assert.deepEqual(await deleted, [a.name]);
    await until(() => observer.getMaster() === b.name, 5000);
    observer.close();
    await observerCoordinator.close();
  });

  test('graceful stop of the master: a new master within 1 s', async () => {
    const {
      actingLog,
      nodes: [a, b, c],
    } = cluster(3);
    await a.start();
    await Promise.all([b.start(), c.start()]);
    const votes = await until(async () => {
      const { state } = await a.state();
      return state.votes.length === 3 ? state.votes : undefined;
    }, 5000);
    const secondTicket = votes[1].node;
    const next = Promise.race([b.waitFor(roleMaster), c.waitFor(roleMaster)]);
    const t0 = Date.now();
    await a.stop();
    const m = await next;
    const took = m.time - t0;
    assert.ok(took < 1000, `new master after ${took} ms`);
    assert.equal(m.node, secondTicket, 'the next ticket takes over');
    assert.deepEqual(overlaps(actingIntervals(readActing(actingLog))), []);
  });

  test('kill -9 of the master: a new master within sessionTimeout + 2 s', async () => {
    const {
      actingLog,
      nodes: [a, b, c],
    } = cluster(3);
    await a.start();
    await Promise.all([b.start(), c.start()]);
    const next = Promise.race([b.waitFor(roleMaster, 30_000), c.waitFor(roleMaster, 30_000)]);
    const killedAt = await a.kill();
    const m = await next;
    const took = m.time - killedAt;
    assert.ok(took < SESSION_TIMEOUT + 2000, `new master after ${took} ms`);
    await until(() => readActing(actingLog).filter((x) => x.event === 'start').length >= 2, 2000);
    const entries = readActing(actingLog);
    assert.deepEqual(overlaps(actingIntervals(entries, { [a.name]: [killedAt] })), []);
    const starts = entries.filter((e) => e.event === 'start');
    assert.deepEqual(
      starts.map((e) => e.node),
      [a.name, m.node],
    );
    assert.ok(starts[1].epoch > starts[0].epoch, `the epoch increases: ${JSON.stringify(starts)}`);
  });

  test('a master restarted within sessionTimeout keeps its mastership', async () => {
    // twice the others' timeout: a process start on a loaded machine took over 4 s once, and the
    // scenario needs the restart inside the session
    const sessionTimeout = 2 * SESSION_TIMEOUT;
    const {
      actingLog,
      nodes: [a, b, c],
    } = cluster(3, undefined, sessionTimeout);
    const first = await a.start();
    assert.equal(first.isMaster, true);
    await Promise.all([b.start(), c.start()]);
    const killedAt = await a.kill();
    const again = await a.start();
    assert.ok(Date.now() - killedAt < sessionTimeout, 'restarted within the session timeout');
    await until(async () => (await a.state()).isMaster, 5000);
    // and stays master past the old session's expiry
    await sleep(sessionTimeout + 1000);
    assert.equal((await a.state()).isMaster, true);
    for (const n of [b, c]) {
      assert.equal(n.messages.filter(roleMaster).length, 0, `${n.name} never became master`);
      assert.equal((await n.state()).state.master, a.name);
    }
    void again;
    const starts = readActing(actingLog).filter((e) => e.event === 'start');
    assert.deepEqual(
      starts.map((e) => e.node),
      [a.name, a.name],
    );
    assert.ok(starts[1].epoch > starts[0].epoch);
  });

  test('master cut from ZooKeeper (TCP proxy drops everything): it stops acting before another node starts', async () => {
    const proxy = new TcpProxy(zk.servers[0].clientPort);
    await proxy.start();
    proxies.push(proxy);
    const {
      actingLog,
      nodes: [a, b, c],
    } = cluster(3, (i) => (i === 0 ? [proxy.address] : [zk.connectString]));
    await a.start();
    await Promise.all([b.start(), c.start()]);
    const before = await a.state();
    assert.equal(before.isMaster, true);
    assert.equal(await a.checkEpoch(before.state.epoch), true);
    const aStops = a.waitFor((m) => m.type === 'role' && m.role === 'standby', 30_000);
    const next = Promise.race([b.waitFor(roleMaster, 30_000), c.waitFor(roleMaster, 30_000)]);
    const cutAt = Date.now();
    proxy.cut('drop');
    const [stopped, m] = await Promise.all([aStops, next]);
    assert.ok(stopped.time < m.time, 'the old master stopped acting before the new one started');
    assert.ok(m.time - cutAt < SESSION_TIMEOUT + 3000, `new master after ${m.time - cutAt} ms`);
    const intervals = actingIntervals(readActing(actingLog));
    assert.deepEqual(overlaps(intervals), []);
    // the link comes back: the old master re-joins as a standby
    proxy.restore();
    // connected comes first; the election view is read right after (the new session's setup)
    await until(
      async () => {
        const { state } = await a.state();
        return state.connection === 'connected' && state.master !== null && state.master !== a.name;
      },
      20_000,
      200,
    );
    const { state } = await a.state();
    assert.equal(state.role, 'standby');
    assert.equal(state.master, m.node);
    // the deposed master's epoch is refused; the new master's holds
    assert.equal(await a.checkEpoch(before.state.epoch), false);
    const newMaster = [b, c].find((n) => n.name === m.node)!;
    assert.equal(await newMaster.checkEpoch(m.epoch as number), true);
    assert.ok((m.epoch as number) > before.state.epoch);
    assert.deepEqual(overlaps(actingIntervals(readActing(actingLog))), []);
  });
});

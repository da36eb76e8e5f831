import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  JAVA,
  fourLetter,
  startZooKeeper,
  ZK_JAR,
  type ZkEnsemble,
  type ZkServer,
} from '../../support/zookeeper.js';
import { toolMissing } from '../../support/tools.js';
import { actingIntervals, overlaps, readActing, SiteNode, sleep, until } from './fixtures/harness.js';

const SESSION_TIMEOUT = 4000;
const skip = toolMissing('zookeeper', ZK_JAR, JAVA);

describe('cluster coordination on a 3-server ZooKeeper ensemble', { skip, timeout: 240_000 }, () => {
  let zk: ZkEnsemble;
  let tmp: string;
  let scenario = 0;
  let nodes: SiteNode[] = [];

  before(async () => {
    zk = await startZooKeeper({ servers: 3 });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-cluster-ens-'));
  });

  after(async () => {
    await zk?.teardown();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    nodes = [];
    // bring the ensemble back to full strength for the next scenario
    await Promise.all(zk.servers.map((s) => s.start()));
    await zk.waitServing();
  });

  async function startCluster() {
    scenario++;
    const basePath = `/edge-site-ens-${scenario}`;
    const actingLog = path.join(tmp, `acting-${scenario}.log`);
    nodes = ['a', 'b', 'c'].map(
      (x, i) =>
        new SiteNode({
          node: `site-${x}:8080`,
          servers: [zk.connectString],
          basePath,
          dataDir: path.join(tmp, `s${scenario}-${i}`),
          actingLog,
          sessionTimeout: SESSION_TIMEOUT,
          retryDelay: 1000,
        }),
    );
    const [a, b, c] = nodes;
    assert.equal((await a.start()).isMaster, true);
    await Promise.all([b.start(), c.start()]);
    return { actingLog, a, b, c };
  }

  /** the ZooKeeper server a site node's session is connected to (from `cons` and its saved session) */
  async function serverOf(node: SiteNode): Promise<ZkServer | null> {
    const saved = JSON.parse(readFileSync(path.join(node.args.dataDir, 'zk-session.json'), 'utf8')) as {
      sessionId: string;
    };
    const sid = `sid=0x${saved.sessionId.replace(/^0+/, '')}`;
    for (const s of zk.servers) {
      const cons = await fourLetter(s.clientPort, 'cons');
      if (cons?.includes(sid)) return s;
    }
    return null;
  }

  test('one ZooKeeper server killed (quorum holds): no re-election', async () => {
    const { actingLog, a, b, c } = await startCluster();
    const epoch = (await a.state()).state.epoch;
    const leader = await zk.leader();
    const own = await serverOf(a);
    // the master's own server if it is a follower (its session must move), else a follower
    const victim = own && own !== leader ? own : zk.servers.find((s) => s !== leader)!;
    await victim.kill();
    await sleep(2 * SESSION_TIMEOUT + 1000);
    await until(async () => (await a.state()).isMaster, 10_000, 100);
    const { state } = await a.state();
    assert.equal(state.epoch, epoch, 'same mastership (epoch unchanged)');
    for (const n of [b, c]) {
      assert.equal(n.messages.filter((m) => m.type === 'role' && m.role === 'master').length, 0);
      assert.equal((await n.state()).state.master, a.name);
    }
    const entries = readActing(actingLog);
    assert.ok(entries.every((e) => e.node === a.name));
    assert.deepEqual(overlaps(actingIntervals(entries)), []);
  });

  test('the ZooKeeper leader killed: no split brain', async () => {
    const { actingLog, a, b, c } = await startCluster();
    const leader = await zk.leader();
    assert.ok(leader);
    await leader.kill();
    await zk.waitServing();
    // let every node settle: reconnect, or lose its session and re-join
    await sleep(2 * SESSION_TIMEOUT + 2000);
    const states = await Promise.all([a, b, c].map((n) => n.state()));
    const masters = states.filter((s) => s.isMaster);
    assert.equal(masters.length, 1, 'exactly one acting master');
    const master = masters[0].state.self;
    for (const s of states) assert.equal(s.state.master, master);
    assert.deepEqual(overlaps(actingIntervals(readActing(actingLog))), []);
  });
});

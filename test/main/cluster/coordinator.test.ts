import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  createCoordinator,
  EmbeddedCoordinator,
  EpochFence,
  MasterDutyRunner,
  ZooKeeperCoordinator,
  type Coordinator,
  type MasterDuty,
} from '../../../src/main/cluster/index.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { parseElectionData } from '../../../src/main/cluster/common.js';
import { sortTickets } from '../../../src/main/cluster/zk-util.js';

describe('createCoordinator', () => {
  test('no servers → embedded; servers → ZooKeeper', () => {
    const base = { node: 'pc1:8080', basePath: '/edge-site' };
    assert.ok(createCoordinator({ ...base, servers: [] }, silentLogger()) instanceof EmbeddedCoordinator);
    assert.ok(
      createCoordinator({ ...base, servers: ['127.0.0.1:2181'] }, silentLogger()) instanceof
        ZooKeeperCoordinator,
    );
  });
});

describe('embedded coordinator', () => {
  test('this node is always master; the epoch grows across restarts; config is validated', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'edge-embedded-'));
    try {
      const options = { node: 'pc1:8080', basePath: '/edge-site', servers: [], dataDir };
      const c1 = createCoordinator(options, silentLogger());
      const roles: Array<[string, number]> = [];
      c1.on('role', (role: string, epoch: number) => roles.push([role, epoch]));
      await c1.init();
      assert.equal(c1.isMaster(), true);
      assert.equal(c1.getMaster(), 'pc1:8080');
      assert.deepEqual(roles, [['master', 1]]);
      assert.equal(await c1.checkEpoch(1), true);
      const state = c1.state();
      assert.equal(state.mode, 'embedded');
      assert.equal(state.connection, 'embedded');
      assert.equal(state.nodes[0].role, 'master');

      await c1.setConfig({ retentionDays: 30 });
      assert.deepEqual(c1.getConfig(), { retentionDays: 30 });
      await assert.rejects(c1.setConfig([] as unknown as Record<string, unknown>));
      assert.deepEqual(c1.getConfig(), { retentionDays: 30 }, 'an invalid config keeps the old one');
      await c1.close();
      assert.deepEqual(roles.at(-1), ['standby', 1]);

      const c2 = createCoordinator(options, silentLogger());
      await c2.init();
      assert.equal(c2.getEpoch(), 2);
      await c2.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** A coordinator whose role the test drives. */
class FakeCoordinator extends EventEmitter {
  master = false;
  epoch = 0;
  isMaster() {
    return this.master;
  }
  getEpoch() {
    return this.epoch;
  }
  set(master: boolean, epoch: number) {
    this.master = master;
    this.epoch = epoch;
    this.emit('role', master ? 'master' : 'standby', epoch);
  }
}

describe('MasterDutyRunner', () => {
  test('starts duties with the epoch, restarts them on a new epoch, stops them on demotion, serialised, errors logged not thrown', async () => {
    const log: string[] = [];
    let inFlight = 0;
    const slow = (name: string): MasterDuty => ({
      name,
      async start(epoch) {
        assert.equal(inFlight++, 0, 'no interleaving');
        log.push(`${name}.start(${epoch})`);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
      },
      async stop() {
        assert.equal(inFlight++, 0, 'no interleaving');
        log.push(`${name}.stop`);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
      },
    });
    const failing: MasterDuty = {
      name: 'failing',
      start() {
        throw new Error('boom');
      },
      stop() {
        throw new Error('boom');
      },
    };
    const fake = new FakeCoordinator();
    fake.master = true;
    fake.epoch = 3;
    const runner = new MasterDutyRunner(
      fake as unknown as Coordinator,
      [slow('rules'), failing, slow('rpc')],
      silentLogger(),
    );
    runner.start();
    await runner.idle();
    assert.equal(runner.runningEpoch(), 3);
    // a demotion and a new mastership in quick succession: the runner moves to the latest state
    fake.set(false, 3);
    fake.set(true, 4);
    await runner.idle();
    assert.equal(runner.runningEpoch(), 4);
    await runner.close();
    assert.equal(runner.runningEpoch(), null);
    assert.deepEqual(log, [
      'rules.start(3)',
      'rpc.start(3)',
      'rpc.stop',
      'rules.stop',
      'rules.start(4)',
      'rpc.start(4)',
      'rpc.stop',
      'rules.stop',
    ]);
  });
});

describe('epochs and tickets', () => {
  test('a fence refuses writes stamped with an older epoch', () => {
    const fence = new EpochFence();
    assert.equal(fence.accept(3), true);
    assert.equal(fence.accept(3), true);
    assert.equal(fence.accept(4), true);
    assert.equal(fence.accept(3), false);
    assert.equal(fence.current(), 4);
  });

  test('tickets sort by sequence; base data parses tolerantly', () => {
    assert.deepEqual(sortTickets(['n_0000000010', 'n_0000000002', 'n_0000000009']), [
      'n_0000000002',
      'n_0000000009',
      'n_0000000010',
    ]);
    assert.deepEqual(parseElectionData(Buffer.from('{"master":"a:1","epoch":7}')), {
      master: 'a:1',
      epoch: 7,
    });
    assert.deepEqual(parseElectionData(Buffer.from('')), { master: null, epoch: 0 });
    assert.deepEqual(parseElectionData(Buffer.from('garbage')), { master: null, epoch: 0 });
  });
});

test('embedded coordinator keeps the shared config in the data dir across restarts', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'edge-embedded-'));
  try {
    const options = { node: 'solo:1', basePath: '/x', servers: [], dataDir };
    const first = new EmbeddedCoordinator(options, silentLogger());
    await first.init();
    await first.setConfig({ siteName: 'Plant 9' });
    await first.close();
    const second = new EmbeddedCoordinator(options, silentLogger());
    await second.init();
    assert.deepEqual(second.getConfig(), { siteName: 'Plant 9' });
    assert.ok(second.getEpoch() > first.getEpoch(), 'every start is a new, higher epoch');
    await second.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

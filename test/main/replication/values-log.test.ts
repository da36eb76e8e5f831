import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { Replication, ReplicationError } from '../../../src/main/replication/index.js';
import { createSeriesStore } from '../../../src/main/series/index.js';
import type { DurableSeriesStore } from '../../../src/main/series/index.js';
import { NATS_SERVER, startNatsCluster, type NatsCluster } from '../../support/nats.js';
import { toolMissing } from '../../support/tools.js';
import { until } from '../../support/wait.js';

const skip = toolMissing('nats-server', NATS_SERVER);

interface Node {
  name: string;
  dir: string;
  store: DurableSeriesStore;
  repl: Replication;
}

describe('the replicated values log on a 3-server NATS JetStream cluster', { skip, timeout: 180_000 }, () => {
  let nats: NatsCluster;
  let tmp: string;
  let streamNo = 0;
  const nodes: Node[] = [];

  before(async () => {
    nats = await startNatsCluster(3);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-repl-'));
  });
  after(async () => {
    for (const n of nodes) {
      await n.repl.close().catch(() => undefined);
      await n.store.close().catch(() => undefined);
    }
    await nats?.teardown();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  function open(name: string, stream: string, servers = nats.urls): Node {
    const dir = path.join(tmp, `${stream}-${name}`);
    mkdirSync(dir, { recursive: true });
    const store = createSeriesStore({ file: path.join(dir, 'series.db'), compactEveryMs: 0 });
    const repl = new Replication(
      {
        servers,
        stream,
        replicas: 3,
        appendTimeoutMs: 2000,
        node: name,
        dataDir: dir,
        logger: silentLogger(),
      },
      { append: (g, b, r) => store.append(g, b, r) },
    );
    const node = { name, dir, store, repl };
    nodes.push(node);
    return node;
  }

  async function shut(node: Node): Promise<void> {
    await node.repl.close();
    await node.store.close();
    nodes.splice(nodes.indexOf(node), 1);
  }

  /** what a master does with one message: commit locally, then append to the log */
  async function ingest(node: Node, gatewayId: string, sensorId: string, times: number[]): Promise<void> {
    const batches = [{ sensorId, points: times.map((t) => ({ time: t, value: t / 1000 })) }];
    await node.store.append(gatewayId, batches, Date.now());
    await node.repl.append(gatewayId, batches, Date.now());
  }

  /** a started as master, its first value (time 1000) in the log once the stream accepts appends */
  async function masterReady(node: Node, sensorId: string): Promise<void> {
    node.repl.setRole('master');
    node.repl.start();
    await until('the log to accept appends', async () =>
      ingest(node, 'gw1', sensorId, [1000]).then(
        () => true,
        () => false,
      ),
    );
  }

  /**
   * Messages with times from*1000 … to*1000, 50 at a time as a gateway's QoS 1 window would send them:
   * commits and appends keep their order (the store queues appends as called; one connection publishes
   * in order).
   */
  async function ingestMany(node: Node, from: number, to: number): Promise<void> {
    for (let start = from; start <= to; start += 50) {
      const window: Array<Promise<void>> = [];
      for (let i = start; i <= Math.min(to, start + 49); i++)
        window.push(ingest(node, 'gw1', 's1', [i * 1000]));
      await Promise.all(window);
    }
  }

  const times = (node: Node, sensorId = 's1') =>
    node.store.query({ gatewayId: 'gw1', sensorId, from: 0, to: 2 ** 40 }).map((p) => p.time);

  test('a value committed on the master is applied on every other node exactly once', async () => {
    const stream = `T${++streamNo}`;
    const [a, b, c] = ['a', 'b', 'c'].map((n) => open(n, stream));
    a.repl.setRole('master');
    for (const n of [a, b, c]) n.repl.start();
    await until('the log to accept appends', async () => {
      try {
        await ingest(a, 'gw1', 's1', [1000]);
        return true;
      } catch {
        return false;
      }
    });
    await ingestMany(a, 2, 200);
    // a resend of an acknowledged message (a lost PUBACK): the log and the stores keep one copy
    await ingest(a, 'gw1', 's1', [200_000]);
    const expected = Array.from({ length: 200 }, (_, i) => (i + 1) * 1000);
    await until('b and c to apply all 200', () => times(b).length === 200 && times(c).length === 200);
    assert.deepEqual(times(a), expected);
    assert.deepEqual(times(b), expected);
    assert.deepEqual(times(c), expected);
    assert.equal(a.repl.state().lastSeq, 200, 'the duplicate was not appended again');
    await until('b to read the end of the log', () => b.repl.state().lastSeq === 200);
    await until('b to say it is caught up', () => b.repl.caughtUp());
    const state = b.repl.state();
    assert.equal(state.quorum, 'ok');
    assert.equal(state.replicas.length, 3);
    assert.ok(state.appended === 0 && state.applied === 200, JSON.stringify(state));
    // every node's report reaches every node (the cluster page of any node shows all three)
    await until('reports from a, b and c on c', () => c.repl.state().nodes.length === 3);
    // a standby refuses gateways; the master takes them once it has applied the log
    assert.match(b.repl.gatewayRefusal() ?? '', /standby/);
    await until('a to take gateways', () => a.repl.gatewayRefusal() === null);
    for (const n of [a, b, c]) await shut(n);
  });

  test('a node that was down catches up from where it stopped, and says when it is complete', async () => {
    const stream = `T${++streamNo}`;
    const a = open('a', stream);
    let b = open('b', stream);
    b.repl.start();
    await masterReady(a, 's1');
    await until('b to apply the first', () => times(b).length === 1);
    await shut(b);
    await ingestMany(a, 2, 500);
    b = open('b', stream);
    assert.equal(b.repl.caughtUp(), false);
    b.repl.start();
    await until('b to catch up', () => b.repl.caughtUp());
    assert.equal(times(b).length, 500, 'complete once it says so');
    await shut(a);
    await shut(b);
  });

  test('a stream made again (its numbers reused) is applied from its start, not from the old position', async () => {
    const stream = `T${++streamNo}`;
    let a = open('a', stream);
    let b = open('b', stream);
    b.repl.start();
    await masterReady(a, 's1');
    for (let i = 2; i <= 5; i++) await ingest(a, 'gw1', 's1', [i * 1000]);
    await until('b to apply 5', () => times(b).length === 5);
    await shut(a);
    await shut(b);
    // what a power cut of every nats-server before its sync can do: the same numbers, other records
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const nc = await connect({ servers: nats.urls });
    await (await jetstreamManager(nc)).streams.delete(stream);
    await nc.close();
    a = open('a2', stream);
    await masterReady(a, 's2');
    for (let i = 2; i <= 3; i++) await ingest(a, 'gw1', 's2', [i * 1000]);
    b = open('b', stream);
    b.repl.start();
    await until('b to apply the new stream', () => times(b, 's2').length === 3);
    assert.match(b.repl.state().lastError ?? '', /created again/);
    await shut(a);
    await shut(b);
  });

  test('without a quorum an append fails with a clear error instead of diverging', async () => {
    const stream = `T${++streamNo}`;
    const a = open('a', stream);
    await masterReady(a, 's1');
    await nats.servers[1].kill();
    await nats.servers[2].kill();
    const started = Date.now();
    await assert.rejects(ingest(a, 'gw1', 's1', [2000]), (err: Error) => {
      assert.ok(err instanceof ReplicationError, String(err));
      assert.match(err.message, /quorum/);
      return true;
    });
    assert.ok(Date.now() - started < 10_000);
    await until('the state to show the lost quorum', () => a.repl.state().quorum === 'lost', 20_000);
    assert.notEqual(a.repl.gatewayRefusal(), null, 'a master without quorum takes no gateway');
    await nats.servers[1].start();
    await nats.servers[2].start();
    await until(
      'appends again',
      async () =>
        ingest(a, 'gw1', 's1', [3000]).then(
          () => true,
          () => false,
        ),
      30_000,
    );
    await shut(a);
  });
});

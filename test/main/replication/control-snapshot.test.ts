// Snapshots of the control state (issue #18): an existing single-node site turned into a cluster seeds
// the empty control log with its state, and a control log that lost its tail in a whole-site power cut
// gets the state of the node that holds the most. Real parts: a 3-server NATS JetStream cluster, real
// site.db files, the control replication as the site wires it (without the site around it). The 2.9
// server cannot be power-cut on demand: the test makes what such a cut leaves, the stream made again
// with only its first records.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { loadCatalogue } from '../../../src/main/registry/catalogue.js';
import { Registry } from '../../../src/main/registry/index.js';
import { ControlReplication } from '../../../src/main/replication/index.js';
import { takeSnapshot } from '../../../src/main/replication/control-snapshot.js';
import { openSiteDatabase, type SqliteDatabase } from '../../../src/main/storage/index.js';
import { NATS_SERVER, startNatsCluster, type NatsCluster } from '../../support/nats.js';
import { toolMissing } from '../../support/tools.js';
import { until } from '../../support/wait.js';

const skip = toolMissing('nats-server', NATS_SERVER);

interface Node {
  name: string;
  dir: string;
  db: SqliteDatabase;
  control: ControlReplication;
}

const STREAM = 'SNAP';
const CONTROL = `${STREAM}_CONTROL`;

/** what a single-node site holds before replication is turned on: a gateway, a user, a rule */
function singleNodeSite(dir: string, tag: string): void {
  const db = openSiteDatabase(dir);
  new Registry(db, loadCatalogue()).registerGateway({ id: `gw${tag}000000001`.slice(0, 12), model: '34' });
  db.prepare(
    'INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  ).run(`operator-${tag}`, 'x', 'technician', 1, 1);
  db.prepare(
    `INSERT INTO rules (name, severity, status, gateway_id, sensor_id, method, threshold, ctime, mtime)
     VALUES (?, 'warning', 'activated', ?, 's1', 'over', 80, 1, 1)`,
  ).run(`Hot ${tag}`, `gw${tag}000000001`.slice(0, 12));
  db.close();
}

describe('control snapshots on a 3-server NATS JetStream cluster', { skip, timeout: 120_000 }, () => {
  let nats: NatsCluster;
  let tmp: string;
  const nodes: Node[] = [];

  before(async () => {
    nats = await startNatsCluster(3);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-snap-'));
  });
  after(async () => {
    for (const n of nodes) {
      await n.control.close().catch(() => undefined);
      n.db.close();
    }
    await nats?.teardown();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  function dirOf(name: string): string {
    const dir = path.join(tmp, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  function start(name: string, role: 'master' | 'standby'): Node {
    const dir = dirOf(name);
    const db = openSiteDatabase(dir);
    const control = new ControlReplication(db, {
      servers: nats.urls,
      stream: STREAM,
      replicas: 3,
      appendTimeoutMs: 2000,
      node: name,
      logger: silentLogger(),
    });
    control.setRole(role);
    control.start();
    const node = { name, dir, db, control };
    nodes.push(node);
    return node;
  }

  const state = (n: Node) => JSON.stringify(takeSnapshot(n.db).tables);
  const names = (n: Node, table: string, column: string) =>
    (n.db.prepare(`SELECT ${column} AS v FROM ${table} ORDER BY 1`).all() as Array<{ v: string }>).map(
      (r) => r.v,
    );
  async function agree(): Promise<void> {
    await until('every node to hold the same control state', () => new Set(nodes.map(state)).size === 1);
  }

  test('an existing single-node site turns replication on: the others get its gateways, users and rules', async () => {
    singleNodeSite(dirOf('a'), 'a');
    // a standby that joins with a state of its own: replaced by the snapshot, its file kept
    singleNodeSite(dirOf('b'), 'b');
    const a = start('a', 'master');
    await until('a to seed the log', () => a.control.keeper.written === 1);
    const b = start('b', 'standby');
    const c = start('c', 'standby');
    await agree();
    for (const n of [b, c]) {
      assert.deepEqual(names(n, 'gateways', 'id'), ['gwa000000001'], n.name);
      assert.deepEqual(names(n, 'users', 'username'), ['operator-a'], n.name);
      assert.deepEqual(names(n, 'rules', 'name'), ['Hot a'], n.name);
    }
    const backups = readdirSync(b.dir).filter((f) => f.startsWith('site.db.before-snapshot-'));
    assert.equal(backups.length, 1, `b's own site.db kept: ${readdirSync(b.dir).join(' ')}`);
    assert.ok(existsSync(path.join(b.dir, backups[0]!)));
    assert.deepEqual(
      readdirSync(c.dir).filter((f) => f.includes('before-snapshot')),
      [],
      'c held nothing',
    );
    // a write on a standby goes through the log to every node
    b.db
      .prepare('INSERT INTO dashboards (name, widgets, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run('made on b', '[]', 1, 1);
    await b.control.writer.whenIdle();
    await agree();
    assert.deepEqual(names(a, 'dashboards', 'name'), ['made on b']);
  });

  test('the control log loses its tail: the master writes a snapshot, writes work again, every node agrees', async () => {
    const [a, b, c] = nodes as [Node, Node, Node];
    for (const name of ['one', 'two', 'three'])
      c.db
        .prepare('INSERT INTO dashboards (name, widgets, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(name, '[]', 1, 1);
    await c.control.writer.whenIdle();
    await agree();
    const held = a.control.writer.position;
    assert.ok(held >= 3, `records in the log: ${held}`);

    // the cut: the servers come back with only the first record synced, in a stream made again
    const nc = await connect({ servers: nats.urls });
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(CONTROL);
    const first = (await jsm.streams.getMessage(CONTROL, { seq: 1 }))!.data;
    await jsm.streams.delete(CONTROL);
    await jsm.streams.add(info.config);
    await jetstream(nc).publish(`${CONTROL}.records`, first);
    await nc.close();

    await until('a snapshot after the lost tail', () => a.control.keeper.written === 2);
    assert.equal(b.control.keeper.written + c.control.keeper.written, 0, 'the master wrote it, once');
    await until('every node past the snapshot', () =>
      nodes.every((n) => n.control.writer.position === 2 && n.control.writer.lostTail === null),
    );
    await agree();
    assert.deepEqual(names(b, 'dashboards', 'name'), ['made on b', 'one', 'three', 'two']);
    // a write on a standby works again and reaches every node
    b.db
      .prepare('INSERT INTO dashboards (name, widgets, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run('after the cut', '[]', 1, 1);
    assert.equal(await b.control.writer.pending(), 3);
    await b.control.writer.whenIdle();
    await agree();
    assert.deepEqual(names(c, 'dashboards', 'name'), ['after the cut', 'made on b', 'one', 'three', 'two']);
  });
});

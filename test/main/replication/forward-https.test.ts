// Writes through a standby when the sites serve HTTPS (issue #18): the standby passes them to the master
// over HTTPS and verifies the master's certificate against its own site certificate, never skipping the
// check. Real parts: a 3-server ZooKeeper ensemble, a 3-server NATS JetStream cluster, three site
// processes serving HTTPS on loopback (bound as ::ffff:127.0.0.1, which the site treats as a LAN address);
// two share one certificate, the third has its own.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ClusterState } from '../../../src/shared/api.js';
import { loadTlsCredentials } from '../../../src/main/broker/tls.js';
import { NATS_SERVER, startNatsCluster, type NatsCluster } from '../../support/nats.js';
import { ReplicatedSite, until, type SiteSlot } from '../../support/repl-cluster.js';
import { PROCESS_ADMIN_PASSWORD } from '../../support/site-process.js';
import { toolMissing } from '../../support/tools.js';
import { JAVA, startZooKeeper, ZK_JAR, type ZkEnsemble } from '../../support/zookeeper.js';

const skip = toolMissing('zookeeper', ZK_JAR, JAVA) || toolMissing('nats-server', NATS_SERVER);

interface Answer {
  status: number;
  body: { code?: string; message?: string; token?: string } & Record<string, unknown>;
}

describe('writes through a standby over HTTPS', { skip, timeout: 300_000 }, () => {
  let zk: ZkEnsemble;
  let nats: NatsCluster;
  let tmp: string;
  let site: ReplicatedSite;
  let shared: { cert: string; key: string };
  const certs = new Map<string, string>();

  /** a request to a node over HTTPS, trusting that node's certificate only */
  function call(
    slot: SiteSlot,
    method: string,
    url: string,
    token?: string,
    body?: unknown,
  ): Promise<Answer> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: slot.httpPort,
          method,
          path: url,
          ca: certs.get(slot.name),
          headers: {
            ...(text === undefined ? {} : { 'content-type': 'application/json' }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (data += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(data || '{}') as Answer['body'] }),
          );
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }
  const signIn = async (slot: SiteSlot): Promise<Answer> =>
    call(slot, 'POST', '/api/v1/login', undefined, { username: 'admin', password: PROCESS_ADMIN_PASSWORD });

  before(async () => {
    [zk, nats] = await Promise.all([startZooKeeper({ servers: 3 }), startNatsCluster(3)]);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-forward-https-'));
    // one site certificate for a and b, made as the site makes its own (it names 127.0.0.1 and this host)
    const made = await loadTlsCredentials(path.join(tmp, 'shared'));
    shared = {
      cert: path.join(tmp, 'shared', 'tls', 'server.crt'),
      key: path.join(tmp, 'shared', 'tls', 'server.key'),
    };
    site = await ReplicatedSite.create(tmp, zk, nats, {
      node: (name) => ({
        args: ['--http-host', '::ffff:127.0.0.1'],
        config: name === 'site-c' ? {} : { mqtt: { tlsCertFile: shared.cert, tlsKeyFile: shared.key } },
      }),
    });
    const [a, b, c] = site.slots as [SiteSlot, SiteSlot, SiteSlot];
    certs.set(a.name, made.cert).set(b.name, made.cert);
    // a and b first, so one of them is the master; c then, with the certificate it makes itself
    await Promise.all([site.start(a), site.start(b)]);
    await site.start(c);
    certs.set(c.name, (await loadTlsCredentials(c.dir)).cert);
  });

  after(async () => {
    await site?.stopAll();
    await Promise.all([zk?.teardown(), nats?.teardown()]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test("a standby with the master's certificate passes writes over HTTPS; one without says why it cannot", async () => {
    assert.ok(site.slots[0]!.proc!.url.startsWith('https://'), site.slots[0]!.proc!.url);
    const [a, b, c] = site.slots as [SiteSlot, SiteSlot, SiteSlot];
    const master = await until('a master (a or b) that takes gateways', async () => {
      for (const s of [a, b]) {
        const login = await signIn(s);
        if (login.status !== 200) continue;
        const state = (await call(s, 'GET', '/api/v1/cluster', login.body.token))
          .body as unknown as ClusterState;
        if (state.role === 'master' && state.replication?.gatewayRefusal === null) return s;
      }
      return null;
    });
    const standby = master === a ? b : a;

    // the sign-in itself is a write passed to the master
    const login = await signIn(standby);
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const made = await call(standby, 'POST', '/api/v1/registerGatewayKey', login.body.token, {
      id: 'c1a5ec000001',
      modelId: '34',
      authType: 'apikey',
    });
    assert.ok(made.status < 300, JSON.stringify(made.body));
    const read = await call(standby, 'GET', '/api/v1/gateways/c1a5ec000001', login.body.token);
    assert.equal(read.status, 200, 'read your own write on the standby');

    // c's certificate is its own: the master's does not chain to it, and c says so instead of trusting it
    await until('c up as a standby', async () => (await call(c, 'GET', '/healthz')).status === 200);
    const refused = await signIn(c);
    assert.equal(refused.status, 502, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'ES_MASTER_UNVERIFIED');
    assert.match(refused.body.message ?? '', /certificate could not be verified/);
  });
});

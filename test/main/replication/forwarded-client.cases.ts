// Sign-ins passed through a standby count per real client on the master (issue #18): the standby passes
// its client's address, which the master believes only from a cluster peer. Run on the lab of
// replicated-site.test.ts; the clients connect from two loopback addresses of their own (127.0.0.2 and
// 127.0.0.3).
import assert from 'node:assert/strict';
import http from 'node:http';
import { before, test } from 'node:test';
import { MAX_FAILURES } from '../../../src/main/auth/limiter.js';
import type { ReplicatedSite, SiteSlot } from '../../support/repl-cluster.js';
import type { ReplicatedLab } from '../../support/repl-lab.js';
import { PROCESS_ADMIN_PASSWORD } from '../../support/site-process.js';

/** POST /api/v1/login from `localAddress`, with extra headers */
function login(
  slot: SiteSlot,
  localAddress: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: slot.httpPort,
        localAddress,
        method: 'POST',
        path: '/api/v1/login',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** registered inside the describe of replicated-site.test.ts, on its one lab */
export function forwardedClientTests(lab: () => ReplicatedLab): void {
  let site: ReplicatedSite;

  before(() => {
    site = lab().site;
  });

  test("bad sign-ins from one client lock that client, not the standby's other clients", async () => {
    const master = await site.master();
    const standby = site.slots.find((s) => s !== master)!;
    for (let i = 0; i < MAX_FAILURES; i++) {
      // a different user name each time: only the address is counted up to the limit
      const res = await login(standby, '127.0.0.2', `guess${i}`, 'wrong');
      assert.equal(res.status, 401, res.body);
    }
    const locked = await login(standby, '127.0.0.2', 'admin', PROCESS_ADMIN_PASSWORD);
    assert.equal(locked.status, 429, `the guessing client is locked: ${locked.body}`);
    const other = await login(standby, '127.0.0.3', 'admin', PROCESS_ADMIN_PASSWORD);
    assert.equal(other.status, 200, `another client of the same standby signs in: ${other.body}`);

    // a client address claimed by anyone but a peer is not believed: it is this caller's own address
    const other2 = await login(master, '127.0.0.4', 'admin', PROCESS_ADMIN_PASSWORD, {
      'x-edge-client': '127.0.0.9',
      'x-edge-forwarded-by': 'site-nobody',
    });
    assert.equal(other2.status, 200, other2.body);
    const audit = await site.api<{ data: Array<{ action: string; address: string | null }> }>(
      master,
      'GET',
      '/api/v1/audit?limit=500',
    );
    const addresses = audit.data.filter((e) => e.action.startsWith('login')).map((e) => e.address);
    assert.ok(addresses.includes('127.0.0.2'), JSON.stringify(addresses));
    assert.ok(addresses.includes('127.0.0.3'), JSON.stringify(addresses));
    assert.ok(
      addresses.some((a) => a?.endsWith('127.0.0.4')),
      JSON.stringify(addresses),
    );
    assert.ok(!addresses.some((a) => a?.endsWith('127.0.0.9')), JSON.stringify(addresses));
  });
}

// The unchanged Thing+ gateway with an APIKEY calls https://host on 443 (protocol §1): the site asks for
// 443 and, where it cannot have it, serves 8443 and tells the console why instead of failing to start.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import type { SiteOverview } from '../../../src/shared/api.js';
import { startTestSite, type TestSite } from '../../support/site.js';

/** Holds 443 on loopback the way another program would; as a user without the right, cannot. */
function hold443(): Promise<{ server: Server | null; code: 'EADDRINUSE' | 'EACCES' }> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EACCES') resolve({ server: null, code: 'EACCES' });
      else reject(err);
    });
    server.listen(443, '127.0.0.1', () => resolve({ server, code: 'EADDRINUSE' }));
  });
}

let held: Awaited<ReturnType<typeof hold443>>;
let t: TestSite;
before(async () => {
  held = await hold443();
  t = await startTestSite({ gatewayHttps: { host: '127.0.0.1', port: 443 } });
});
after(async () => {
  await t.destroy();
  held.server?.close();
});

test('443 taken or not allowed: the gateway HTTPS is served on 8443 and the overview says why', async () => {
  assert.equal(t.site.ports.gatewayHttps, 8443);
  const { endpoints } = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
  assert.equal(endpoints.gatewayHttpsPort, 8443);
  assert.equal(endpoints.gatewayHttpsProblem, held.code === 'EACCES' ? 'permission' : 'inUse');
  // the fallback serves the gateway routes over TLS (this gateway id is not registered here)
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: 8443, path: '/gateways/0a0000000001', rejectUnauthorized: false },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject).end();
  });
  assert.equal(status, 404);
});

// POST /api/v1/discovery/scan end to end: a real site, fake Thing+ gateways on loopback UDP, and "Add to
// this site" through the register route. Typed loopback targets only: with targets and no interfaces the
// site broadcasts nothing.
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { ApiError, DiscoveryScanResponse } from '../../../src/shared/api.js';
import type { DiscoveredSites, DiscoveryInterfaces } from '../../../src/shared/discovery.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { gatewayAnswer, startResponder, thingplusReply, type Responder } from './responders.js';

describe('discovery API', () => {
  let t: TestSite;
  let known: Responder;
  let fresh: Responder;
  let garbage: Responder;

  before(async () => {
    // the default window (2.5 s): the scan must still answer within 3 s. Broadcasting off: whatever a
    // request says, this site probes only the typed loopback targets
    t = await startTestSite({ discovery: { broadcast: false } });
    await t.registerGateway('02fc00000001');
    known = await startResponder(gatewayAnswer(thingplusReply('02fc00000001', { mqttConn: true })));
    fresh = await startResponder(gatewayAnswer(thingplusReply('02fc000000f2', { name: 'Press line 2' })));
    garbage = await startResponder(() => ['not json at all']);
  });
  after(async () => {
    await Promise.all([known, fresh, garbage].map((r) => r.close()));
    await t.destroy();
  });

  const scan = (body: unknown) =>
    t.api<DiscoveryScanResponse & ApiError>('POST', '/api/v1/discovery/scan', body);

  test('lists the gateways that answer, which are registered, and what was rejected, within 3 s', async () => {
    const started = Date.now();
    const res = await scan({ targets: [known.target, fresh.target, garbage.target] });
    const elapsed = Date.now() - started;
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(elapsed < 3000, `answered in ${elapsed} ms`);
    assert.deepEqual(
      res.body.data.map((g) => [g.id, g.name, g.address, g.port, g.mqttConn, g.registered]),
      [
        ['02fc00000001', 'gateway 02fc00000001', '127.0.0.1', known.port, true, true],
        ['02fc000000f2', 'Press line 2', '127.0.0.1', fresh.port, false, false],
      ],
    );
    assert.equal(res.body.rejected.notJson, 1);
    assert.equal(res.body.problems[0]!.from, garbage.target);
    assert.deepEqual(res.body.probes, { sent: 3, failed: 0 });
  });

  test('"Add to this site" registers a found gateway; the next scan shows it registered', async () => {
    const add = await t.api<Record<string, string>>('POST', '/api/v1/registerGatewayKey', {
      id: '02fc000000f2',
      modelId: '34',
      name: 'Press line 2',
    });
    assert.equal(add.status, 201);
    assert.match(add.body['02fc000000f2']!, /.{16,}/, 'the APIKEY to give the gateway, shown once');
    const res = await scan({ targets: [fresh.target] });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.data.map((g) => [g.id, g.registered]),
      [['02fc000000f2', true]],
    );
  });

  test('bad targets, interfaces and bodies are 400 naming the field, and nothing is sent', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ targets: [known.target, '127.0.0.0/21'] }, /^targets\/1: "127\.0\.0\.0\/21" spans 2048 addresses/],
      [{ targets: ['gateway.local'] }, /^targets\/0: "gateway\.local" is not an IPv4 address/],
      [{ targets: ['255.255.255.255'] }, /^targets\/0: .*name an interface to broadcast/],
      [{ targets: ['127.0.0.0/22', '127.0.4.0/22', '127.0.8.0/22'] }, /^targets: 3066 probes would flood/],
      [{ interfaces: ['eth0'] }, /^interfaces: broadcasting is turned off on this site/],
      [{}, /^targets: broadcasting is turned off on this site/],
      [{ targets: [{ ip: '127.0.0.1' }] }, /body\/targets\/0 must be string/],
      [{ target: [known.target] }, /^body\/target: unknown field/],
    ];
    const before = known.received.length;
    for (const [body, message] of cases) {
      const res = await scan(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'ES_BAD_REQUEST');
      assert.match(res.body.message, message);
    }
    assert.equal(known.received.length, before, 'a refused scan sends no probe');
  });

  test('GET /discovery/interfaces lists the IPv4 LAN interfaces (never loopback) and the scan settings', async () => {
    const res = await t.api<DiscoveryInterfaces>('GET', '/api/v1/discovery/interfaces');
    assert.equal(res.status, 200);
    assert.equal(res.body.broadcast, false, 'this site was started with broadcasting off');
    assert.equal(res.body.port, 28282);
    assert.equal(res.body.widestPrefix, 22);
    const expected = Object.entries(networkInterfaces())
      .flatMap(([name, list]) => (list ?? []).map((a) => ({ name, ...a })))
      .filter((a) => a.family === 'IPv4' && !a.internal && a.netmask !== '255.255.255.255')
      .map((a) => a.name);
    assert.deepEqual(
      res.body.data.map((i) => i.name),
      expected,
    );
    assert.ok(!res.body.data.some((i) => i.address.startsWith('127.')), 'loopback cannot broadcast');
  });

  test('GET /discovery/sites says mDNS is off on a test site (it never announces on the host LAN)', async () => {
    const res = await t.api<DiscoveredSites>('GET', '/api/v1/discovery/sites');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { enabled: false, advertising: false, errors: 0, lastError: null, data: [] });
  });
});

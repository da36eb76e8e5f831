// POST /api/v1/discovery/ssh-setup end to end: a real site, gateways on loopback addresses of their own
// that answer the Thing+ discovery probe and run an SSH server (test/support/fake-gateway-host.ts), found
// by a real scan, then pointed at the site in one call with one login; the settings the script wrote
// on each are used by a gateway that connects.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DiscoveryScanResponse, SshSetupGatewayResult, TimelinePage } from '../../../src/shared/api.js';
import type { Gateway } from '../../../src/shared/model.js';
import { startFakeGatewayHost, type FakeGatewayHost } from '../../support/fake-gateway-host.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { mqttFrom } from '../../support/trust.js';

const LOGIN = { username: 'root', password: 'temppwd' };

describe('gateways pointed at the site over SSH', () => {
  let t: TestSite;
  let root: string;
  let a: FakeGatewayHost;
  let b: FakeGatewayHost;

  before(async () => {
    t = await startTestSite({ gatewayHttp: { port: 0 }, discovery: { broadcast: false } });
    root = mkdtempSync(join(tmpdir(), 'edge-ssh-'));
    a = await startFakeGatewayHost({
      id: 'b827eb0a0001',
      name: 'dryer-gw',
      address: '127.0.0.21',
      login: LOGIN,
      root,
    });
    // the same SSH port on every gateway, as on a LAN (22 here may be this machine's own sshd)
    b = await startFakeGatewayHost({
      id: 'b827eb0a0002',
      name: 'press-gw',
      address: '127.0.0.22',
      sshPort: a.sshPort,
      login: LOGIN,
      root,
    });
  });
  after(async () => {
    await Promise.all([a, b].map((h) => h.close()));
    await t.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  const scan = async () => {
    const res = await t.api<DiscoveryScanResponse>('POST', '/api/v1/discovery/scan', {
      targets: [`${a.address}:${a.udpPort}`, `${b.address}:${b.udpPort}`],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data;
  };
  const setUp = (body: unknown) =>
    t.api<{ data: SshSetupGatewayResult[] }>('POST', '/api/v1/discovery/ssh-setup', body);

  test('only gateways a recent scan found: the site logs in nowhere else', async () => {
    const res = await setUp({ gateways: [{ id: a.id }], port: a.sshPort, ...LOGIN });
    assert.equal(res.status, 200);
    assert.equal(res.body.data[0]!.failure, 'notFound');
    assert.equal(a.commands.length, 0, 'no SSH login was made');
    assert.equal((await t.api('GET', `/api/v1/gateways/${a.id}`)).status, 404, 'nor registered');
  });

  test('a wrong password is reported per gateway; nothing runs there', async () => {
    await scan();
    const res = await setUp({
      gateways: [{ id: a.id }],
      port: a.sshPort,
      username: 'root',
      password: 'wrong',
    });
    assert.equal(res.status, 200);
    const r = res.body.data[0]!;
    assert.equal(r.ok, false);
    assert.equal(r.failure, 'refusedLogin');
    assert.match(r.message ?? '', /refused the login of root/);
    assert.equal(a.commands.length, 0);
    assert.equal((await t.api('GET', `/api/v1/gateways/${a.id}`)).status, 404, 'not left registered');
  });

  test('one login points both at the site: registered by their names, allowed from their addresses, connected', async () => {
    const found = await scan();
    assert.deepEqual(
      found.map((g) => [g.id, g.name, g.address, g.mqtt]),
      [
        [a.id, 'dryer-gw', a.address, 'mqtts://mqtt.thingplus.net:8883'],
        [b.id, 'press-gw', b.address, 'mqtts://mqtt.thingplus.net:8883'],
      ],
    );
    const res = await setUp({
      gateways: [{ id: a.id, name: 'Dryer hall' }, { id: b.id }],
      port: a.sshPort,
      ...LOGIN,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const [i, host] of [a, b].entries()) {
      const r = res.body.data[i]!;
      assert.equal(r.id, host.id);
      assert.equal(r.ok, true, `${r.message} ${r.output}`);
      assert.equal(r.hostKey, host.hostKey, 'the host key the technician can compare');
      assert.match(r.output, /Edge Site: done/);
      assert.deepEqual(host.commands, ['sh -s'], 'the script went on stdin: no curl needed there');
      assert.equal(host.restarts(), 1);
      const s = host.settings().Server;
      assert.equal(s.APIKEY, undefined);
      assert.deepEqual(
        [s.mqtt.protocol, s.mqtt.host, s.mqtt.port, s.service.protocol, s.service.port],
        ['mqtt', '127.0.0.1', t.site.ports.mqtt, 'http', t.site.ports.gatewayHttp],
        'the site address its SSH connection came from',
      );
      const gw = (await t.api<Gateway>('GET', `/api/v1/gateways/${host.id}`)).body;
      assert.equal(gw.legacyPlainTcp, true);
      assert.equal(gw.legacyAddress, host.address, 'allowed without a key from its address only');
      // the gateway, restarted, connects from its address with what was written
      const c = await mqttFrom(host.address, Number(s.mqtt.port), host.id);
      assert.equal(c.code, 0);
      await c.client!.endAsync();
    }
    assert.equal((await t.api<Gateway>('GET', `/api/v1/gateways/${a.id}`)).body.name, 'Dryer hall');
    assert.equal(
      (await t.api<Gateway>('GET', `/api/v1/gateways/${b.id}`)).body.name,
      'press-gw',
      'its own name',
    );
    const timeline = (await t.api<TimelinePage>('GET', '/api/v1/timelines')).body.data;
    assert.ok(
      timeline.some((e) =>
        e.message.includes(`Dryer hall pointed at this site over SSH as root@${a.address}`),
      ),
    );
    // the scan now reports them pointed here
    const again = await scan();
    assert.equal(again.find((g) => g.id === a.id)?.mqtt, `mqtt://127.0.0.1:${t.site.ports.mqtt}`);
    assert.equal(again.find((g) => g.id === a.id)?.registered, true);
  });

  test('run again, it is the same; a gateway registered another way is left alone', async () => {
    await scan();
    const res = await setUp({ gateways: [{ id: a.id }], port: a.sshPort, ...LOGIN });
    assert.equal(res.body.data[0]!.ok, true);
    assert.equal(a.restarts(), 2);
    await t.api('PUT', `/api/v1/gateways/${b.id}`, { legacyPlainTcp: false });
    const other = await setUp({ gateways: [{ id: b.id }], port: b.sshPort, ...LOGIN });
    assert.equal(other.body.data[0]!.failure, 'registeredElsewhere');
    assert.equal(b.restarts(), 1);
  });

  test('a gateway without an SSH server: unreachable, said so', async () => {
    await scan();
    const res = await setUp({ gateways: [{ id: a.id }], port: 1, ...LOGIN });
    assert.equal(res.body.data[0]!.failure, 'unreachable');
    assert.match(res.body.data[0]!.message ?? '', /no SSH server answers at 127\.0\.0\.21:1/);
  });

  test('bad requests are refused before anything is sent', async () => {
    assert.equal((await setUp({ gateways: [], ...LOGIN })).status, 400);
    assert.equal(
      (await setUp({ gateways: [{ id: a.id }], username: 'root; reboot', password: 'x' })).status,
      400,
    );
    const viewer = await t.userWithRole('viewer');
    const res = await t.as(viewer)('POST', '/api/v1/discovery/ssh-setup', {
      gateways: [{ id: a.id }],
      ...LOGIN,
    });
    assert.equal(res.status, 403);
  });
});

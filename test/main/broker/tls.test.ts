// The site certificate (issue 16): one certificate naming every site address, served by MQTT over TLS and
// the gateway HTTPS, handed to technicians, verified by real clients, and made again when names change.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SeriesResponse, SiteOverview, TimelinePage, TlsInfo } from '../../../src/shared/api.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';
import { toolMissing } from '../../support/tools.js';
import { httpCall, mqttsWithCa, run, servedCertificate } from '../../support/trust.js';

const GW = '7150000000a1';
const SENSOR = `${GW}-0-temp0`;
const TLS_SITE = { mqtt: { tlsPort: 0 }, gatewayHttps: { port: 0 } } as const;

describe('the site certificate', () => {
  let t: TestSite;
  let apiKey: string;
  let pem: string;
  let info: TlsInfo;
  before(async () => {
    t = await startTestSite(TLS_SITE);
    apiKey = await t.registerGateway(GW, { modelId: '34' });
    const res = await t.fetch(`http://127.0.0.1:${t.site.ports.http}/api/v1/tls/gateway-ca.pem`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="ca-cert.pem"/);
    pem = await res.text();
    info = (await t.api<TlsInfo>('GET', '/api/v1/tls')).body;
  });
  after(() => t.destroy());

  test('GET /api/v1/tls describes the downloadable certificate and the gateway configuration', async () => {
    const x509 = new X509Certificate(pem);
    assert.equal(info.fingerprint, x509.fingerprint256);
    assert.equal(info.notAfter, new Date(x509.validTo).toISOString());
    for (const name of ['localhost', '127.0.0.1', hostname().toLowerCase()])
      assert.ok(info.names.includes(name), name);
    assert.deepEqual(info.ports, {
      mqtts: t.site.ports.mqtts,
      gatewayHttps: t.site.ports.gatewayHttps,
      gatewayHttp: null,
    });
    assert.match(info.gatewayConfig.snippet, /"protocol": "mqtts"/);
    assert.match(info.gatewayConfig.snippet, /"protocol": "https"/);
    assert.match(info.gatewayConfig.snippet, /"port": 443/);
    assert.equal(info.gatewayConfig.caPath, 'ssl/ca-cert.pem');
    const overview = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
    assert.equal(overview.endpoints.gatewayHttpsPort, t.site.ports.gatewayHttps);
    assert.ok(t.site.ports.gatewayHttps! > 0);
  });

  test('a viewer may not download the certificate or read its description (technicians and admins only)', async () => {
    const viewer = t.as(await t.userWithRole('viewer'));
    assert.equal((await viewer('GET', '/api/v1/tls/gateway-ca.pem')).status, 403);
    assert.equal((await viewer('GET', '/api/v1/tls')).status, 403);
    const technician = t.as(await t.userWithRole('technician'));
    assert.equal((await technician('GET', '/api/v1/tls')).status, 200);
  });

  test('MQTT over TLS and the gateway HTTPS serve that same certificate', async () => {
    const fingerprint = info.fingerprint;
    assert.equal((await servedCertificate(t.site.ports.mqtts!)).fingerprint256, fingerprint);
    assert.equal((await servedCertificate(t.site.ports.gatewayHttps!)).fingerprint256, fingerprint);
  });

  test('mqtt.js trusting only the downloaded pem connects with the APIKEY; without it, refused', async () => {
    const ok = await mqttsWithCa(t.site.ports.mqtts!, pem, GW, { username: GW, password: apiKey });
    assert.equal(ok.code, 0);
    await ok.client!.endAsync();
    assert.equal(
      (await mqttsWithCa(t.site.ports.mqtts!, pem, GW)).code,
      5,
      'over TLS the APIKEY is required',
    );
    assert.equal(
      (await mqttsWithCa(t.site.ports.mqtts!, pem, GW, { username: GW, password: 'wrong' })).code,
      4,
    );
  });

  test('an HTTPS client trusting the pem registers a sensor with username/apikey headers', async () => {
    const base = `https://127.0.0.1:${t.site.ports.gatewayHttps}`;
    const created = await httpCall(`${base}/gateways/${GW}/sensors`, {
      method: 'POST',
      ca: pem,
      headers: { username: GW, apikey: apiKey },
      body: { reqId: SENSOR, name: SENSOR, type: 'temperature', category: 'sensor', network: 'jsonrpc' },
    });
    assert.equal(created.status, 201, created.body);
    const me = await httpCall(`${base}/gateways/${GW}`, {
      ca: pem,
      headers: { username: GW, apikey: apiKey },
    });
    assert.equal(me.status, 200);
    assert.ok((JSON.parse(me.body) as { sensors: string[] }).sensors.includes(SENSOR));
    // the gateway-header allowance is plain HTTP only: over HTTPS the APIKEY is the identity
    const anonymous = await httpCall(`${base}/gateways/${GW}`, { ca: pem, headers: { gateway: GW } });
    assert.equal(anonymous.status, 401);
    // console routes are not on the gateway listener
    assert.equal((await httpCall(`${base}/api/v1/gateways`, { ca: pem })).status, 404);
  });

  test(
    'mosquitto_pub --cafile publishes over TLS with the APIKEY',
    { skip: toolMissing('mosquitto-clients', '/usr/bin/mosquitto_pub') },
    async () => {
      const cafile = join(t.dataDir, 'downloaded-ca.pem');
      writeFileSync(cafile, pem);
      const sensor = `${GW}-0-temp1`;
      await t.registerSensor(GW, apiKey, sensor, 'temperature');
      const t0 = Date.now() - 10_000;
      const args = [
        '-h',
        '127.0.0.1',
        '-p',
        String(t.site.ports.mqtts),
        '--cafile',
        cafile,
        '-i',
        GW,
        '-q',
        '1',
      ];
      const published = await run('mosquitto_pub', [
        ...args,
        '-u',
        GW,
        '-P',
        apiKey,
        '-t',
        `v/a/g/${GW}/s/${sensor}`,
        '-m',
        `${t0},21.5`,
      ]);
      assert.equal(published.code, 0, published.stderr);
      await eventually('stored', async () => {
        const res = await t.api<SeriesResponse>(
          'GET',
          `/api/v1/gateways/${GW}/sensors/${sensor}/series?dataStart=${new Date(t0 - 1).toISOString()}&interval=0`,
        );
        return res.body.data.join() === `21.5,${t0}`;
      });
      const refused = await run('mosquitto_pub', [
        ...args,
        '-t',
        `v/a/g/${GW}/s/${sensor}`,
        '-m',
        `${t0 + 1},1`,
      ]);
      assert.notEqual(refused.code, 0, 'no APIKEY over TLS');
    },
  );

  test('a generated certificate is kept while the names hold, and made again with a warning when they change', async () => {
    const cert = readFileSync(join(t.dataDir, 'tls', 'server.crt'), 'utf8');
    await t.stop();
    t = await startTestSite(TLS_SITE, t.dataDir);
    assert.equal(readFileSync(join(t.dataDir, 'tls', 'server.crt'), 'utf8'), cert, 'same names: kept');

    await t.stop();
    t = await startTestSite({ ...TLS_SITE, tls: { names: ['edge-site.plant.example'] } }, t.dataDir);
    const renewed = readFileSync(join(t.dataDir, 'tls', 'server.crt'), 'utf8');
    assert.notEqual(renewed, cert);
    const now = (await t.api<TlsInfo>('GET', '/api/v1/tls')).body;
    assert.ok(now.names.includes('edge-site.plant.example'));
    assert.notEqual(now.fingerprint, info.fingerprint);
    assert.equal((await servedCertificate(t.site.ports.mqtts!)).fingerprint256, now.fingerprint);
    const timeline = (await t.api<TimelinePage>('GET', '/api/v1/timelines')).body;
    const warning = timeline.data.find(
      (e) => e.type === 'site' && /certificate was made again/.test(e.message),
    );
    assert.ok(warning, 'on the timeline');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /edge-site\.plant\.example/);
    // the old pem no longer verifies the site: gateways must be given the new one
    assert.notEqual(
      (await mqttsWithCa(t.site.ports.mqtts!, pem, GW, { username: GW, password: apiKey })).code,
      0,
    );
  });

  test("an operator's certificate is never replaced; names it lacks are warned about", async () => {
    const certFile = join(t.dataDir, 'operator.crt');
    const keyFile = join(t.dataDir, 'operator.key');
    writeFileSync(certFile, readFileSync(join(t.dataDir, 'tls', 'server.crt')));
    writeFileSync(keyFile, readFileSync(join(t.dataDir, 'tls', 'server.key')));
    const before = readFileSync(certFile, 'utf8');
    await t.stop();
    t = await startTestSite(
      {
        ...TLS_SITE,
        mqtt: { tlsPort: 0, tlsCertFile: certFile, tlsKeyFile: keyFile },
        tls: { names: ['other.plant.example'] },
      },
      t.dataDir,
    );
    assert.equal(readFileSync(certFile, 'utf8'), before);
    const served = await servedCertificate(t.site.ports.mqtts!);
    assert.equal(served.fingerprint256, new X509Certificate(before).fingerprint256);
    const timeline = (await t.api<TimelinePage>('GET', '/api/v1/timelines')).body;
    assert.ok(timeline.data.some((e) => /does not name other\.plant\.example/.test(e.message)));
  });
});

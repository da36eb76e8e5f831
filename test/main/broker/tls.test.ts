// MQTT over TLS (protocol §1): credentials always required; the self-signed certificate is kept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { startTestSite, type TestSite } from '../../support/site.js';

const GW = '7150000000a1';

describe('MQTT over TLS', () => {
  let t: TestSite;
  let apiKey: string;
  before(async () => {
    t = await startTestSite({ mqtt: { tlsPort: 0 } });
    apiKey = await t.registerGateway(GW, { modelId: '34', legacyPlainTcp: true });
  });
  after(() => t.destroy());

  const connect = (options: mqtt.IClientOptions): Promise<number> =>
    new Promise((resolve) => {
      const client = mqtt.connect(`mqtts://127.0.0.1:${t.site.ports.mqtts}`, {
        clientId: GW,
        reconnectPeriod: 0,
        rejectUnauthorized: false,
        ...options,
      });
      client.once('connect', () => {
        client.end(true);
        resolve(0);
      });
      client.once('error', (err: Error & { code?: number }) => {
        client.end(true);
        resolve(err.code ?? -1);
      });
    });

  test('a gateway with its APIKEY connects over TLS', async () => {
    assert.ok(t.site.ports.mqtts);
    assert.equal(await connect({ username: GW, password: apiKey }), 0);
  });

  test('over TLS the legacy anonymous allowance does not apply', async () => {
    assert.equal(await connect({}), 5);
  });

  test('the generated certificate is written once and reused on the next start', async () => {
    const cert = readFileSync(join(t.dataDir, 'tls', 'server.crt'), 'utf8');
    assert.match(cert, /BEGIN CERTIFICATE/);
    await t.stop();
    t = await startTestSite({ mqtt: { tlsPort: 0 } }, t.dataDir);
    assert.equal(readFileSync(join(t.dataDir, 'tls', 'server.crt'), 'utf8'), cert);
    assert.equal(await connect({ username: GW, password: apiKey }), 0);
  });
});

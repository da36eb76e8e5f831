// Pairing end to end on a real site: the console makes a code (with its QR), a gateway sends it with its id
// to POST /gateways/pair on the gateway REST port (and the console port: both serve the Thing+ REST), gets
// its APIKEY and the site's addresses once, and connects to the broker with them. Wrong, used and
// flooding attempts are refused clearly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError } from '../../../src/shared/api.js';
import type { PairResponse, PairingCodeResponse } from '../../../src/shared/discovery.js';
import { startTestSite, type TestSite } from '../../support/site.js';

describe('pairing codes', () => {
  let t: TestSite;
  let gatewayRest: string;

  before(async () => {
    t = await startTestSite({ gatewayHttp: { host: '127.0.0.1', port: 0 } });
    gatewayRest = `http://127.0.0.1:${t.site.ports.gatewayHttp}`;
  });
  after(() => t.destroy());

  const newCode = async (): Promise<PairingCodeResponse> => {
    const res = await t.api<PairingCodeResponse>('POST', '/api/v1/pairing-codes');
    assert.equal(res.status, 201);
    return res.body;
  };
  const pair = async (base: string, body: unknown) => {
    const res = await fetch(`${base}/gateways/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as PairResponse & ApiError,
    };
  };

  test('the console gets a code valid 10 minutes and a QR code (SVG) saying it and where to send it', async () => {
    const before = Date.now();
    const made = await newCode();
    assert.match(made.code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.ok(Math.abs(made.expiresAt - (before + 600_000)) < 5000, `${made.expiresAt}`);
    assert.match(
      made.qrText,
      new RegExp(`^edgesite://pair\\?code=${made.code}&port=${t.site.ports.gatewayHttp}&hosts=`),
    );
    assert.match(made.qr, /^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(made.qr.split(',')[1]!, 'base64').toString();
    assert.match(svg, /^<svg[^>]*viewBox/);
  });

  test('a gateway pairs on the gateway REST port, gets its APIKEY and the site once, and connects with it', async () => {
    const { code } = await newCode();
    const res = await pair(gatewayRest, { code, id: '02fc0000a001', model: '34' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.id, '02fc0000a001');
    assert.equal(res.body.hosts[0], '127.0.0.1', 'the address the request reached comes first');
    assert.equal(res.body.mqttPort, t.site.ports.mqtt);
    assert.equal(res.body.restPort, t.site.ports.gatewayHttp);
    assert.equal(res.body.siteName, 'Edge Site');
    const gw = await t.api<{ id: string; model: string }>('GET', '/api/v1/gateways/02fc0000a001');
    assert.equal(gw.status, 200);
    const client = await t.connect('02fc0000a001', { username: '02fc0000a001', password: res.body.apikey });
    assert.ok(client.connected, 'the APIKEY from pairing opens the broker');
    const again = await pair(gatewayRest, { code, id: '02fc0000a002' });
    assert.equal(again.status, 403);
    assert.equal(again.body.code, 'ES_PAIRING_INVALID');
    assert.match(again.body.message, /already used: make a new one/);
  });

  test('on the console port too; a failed registration (id taken) keeps the code for a corrected attempt', async () => {
    const { code } = await newCode();
    const taken = await pair(`http://127.0.0.1:${t.site.ports.http}`, { code, id: '02fc0000a001' });
    assert.equal(taken.status, 409, JSON.stringify(taken.body));
    const ok = await pair(`http://127.0.0.1:${t.site.ports.http}`, { code, id: '02fc0000a003' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.restPort, t.site.ports.gatewayHttp, 'the gateway is sent to the gateway REST port');
  });

  test('a wrong code is 403 and says so; bad bodies are 400; then too many attempts are 429 with Retry-After', async () => {
    const wrong = await pair(gatewayRest, { code: 'AAAA-AAAA', id: '02fc0000a004' });
    assert.equal(wrong.status, 403);
    assert.match(wrong.body.message, /wrong pairing code/);
    const bad = await pair(gatewayRest, { id: '02fc0000a004' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /code/);
    // that was the 5th attempt from 127.0.0.1 within 5 minutes (a 400 body never reaches the code check):
    // the next one is refused, even with a good code
    const { code } = await newCode();
    const limited = await pair(gatewayRest, { code, id: '02fc0000a004' });
    assert.equal(limited.status, 429, JSON.stringify(limited.body));
    assert.equal(limited.body.code, 'ES_RATE_LIMITED');
    assert.match(limited.body.message, /too many pairing attempts from 127\.0\.0\.1: try again in \d+ s/);
    assert.ok(Number(limited.retryAfter) > 200, `Retry-After ${limited.retryAfter}`);
    const gw = await t.api('GET', '/api/v1/gateways/02fc0000a004');
    assert.equal(gw.status, 404, 'nothing registered past the limit');
  });
});

// The gateway rows of issue 16's attack table, each against a real site with real clients choosing their
// source address on loopback (127.0.0.1 is "the gateway", 127.0.0.2/.3/.4 are other hosts of the LAN).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Gateway, GatewayView } from '../../../src/shared/model.js';
import type { SiteOverview, TimelinePage } from '../../../src/shared/api.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { httpCall, mqttFrom } from '../../support/trust.js';

const STRICT = '0a0000000001';
const LEGACY = '0a0000000002';
const TYPED = '0a0000000003';
const LIVE = '0a0000000004';
// above the failures the other tests make from 127.0.0.1 on purpose
const MAX_FAILURES = 10;

describe('gateways prove who they are', () => {
  let t: TestSite;
  const keys = new Map<string, string>();
  before(async () => {
    t = await startTestSite({
      gatewayHttp: { port: 0 },
      gatewayAuthLimit: { maxFailures: MAX_FAILURES, windowSeconds: 60 },
    });
    keys.set(STRICT, await t.registerGateway(STRICT, { modelId: '34' }));
    keys.set(LEGACY, await t.registerGateway(LEGACY, { modelId: '34', legacyPlainTcp: true }));
    keys.set(LIVE, await t.registerGateway(LIVE, { modelId: '34', legacyPlainTcp: true }));
    const typed = await t.api<Record<string, string>>('POST', '/api/v1/registerGatewayKey', {
      id: TYPED,
      modelId: '34',
      legacyPlainTcp: true,
      legacyAddress: '127.0.0.3',
    });
    assert.equal(typed.status, 201);
  });
  after(() => t.destroy());

  const mqtt = (from: string, id: string, withKey = false) =>
    mqttFrom(from, t.site.ports.mqtt, id, withKey ? { username: id, password: keys.get(id)! } : {});
  const rest = (from: string, id: string, headers: Record<string, string>) =>
    httpCall(`http://127.0.0.1:${t.site.ports.gatewayHttp}/gateways/${id}`, { localAddress: from, headers });
  const gateway = async (id: string) => (await t.api<Gateway>('GET', `/api/v1/gateways/${id}`)).body;
  const overview = async () => (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
  const timeline = async () => (await t.api<TimelinePage>('GET', '/api/v1/timelines')).body.data;

  test('a new gateway has no plain-TCP allowance: its id alone is refused over MQTT and REST', async () => {
    assert.equal((await gateway(STRICT)).legacyPlainTcp, false, 'off by default, model 34 included');
    assert.equal((await mqtt('127.0.0.1', STRICT)).code, 5);
    // the console's waiting guide reads why from the gateway's connection
    const refused = (await t.api<GatewayView>('GET', `/api/v1/gateways/${STRICT}`)).body.connection.refused;
    assert.equal(refused?.kind, 'auth.credentialsRequired');
    assert.equal(refused?.secure, false);
    assert.match(refused?.address ?? '', /^127\.0\.0\.1:\d+$/);
    assert.equal((await rest('127.0.0.1', STRICT, { gateway: STRICT })).status, 401);
    const ok = await mqtt('127.0.0.1', STRICT, true);
    assert.equal(ok.code, 0, 'its APIKEY works');
    const after = (await t.api<GatewayView>('GET', `/api/v1/gateways/${STRICT}`)).body.connection;
    assert.equal(after.state, 'connected');
    assert.equal(after.refused, undefined, 'a connection clears the refusal');
    await ok.client!.endAsync();
    assert.equal(
      (await rest('127.0.0.1', STRICT, { username: STRICT, apikey: keys.get(STRICT)! })).status,
      200,
    );
    assert.ok(((await overview()).errors.byKind['auth.credentialsRequired'] ?? 0) >= 1);
  });

  test('the allowance is pinned to the first address seen; from another address it is refused, counted and on the timeline', async () => {
    assert.equal((await gateway(LEGACY)).legacyAddress, null);
    const first = await mqtt('127.0.0.1', LEGACY);
    assert.equal(first.code, 0);
    await first.client!.endAsync();
    assert.equal((await gateway(LEGACY)).legacyAddress, '127.0.0.1', 'pinned');

    assert.equal((await mqtt('127.0.0.2', LEGACY)).code, 5, 'MQTT from elsewhere');
    assert.equal((await rest('127.0.0.2', LEGACY, { gateway: LEGACY })).status, 403, 'REST from elsewhere');
    assert.equal((await rest('127.0.0.1', LEGACY, { gateway: LEGACY })).status, 200, 'REST from the pin');
    assert.ok(((await overview()).errors.byKind['auth.legacyAddress'] ?? 0) >= 1);
    const entries = (await timeline()).filter(
      (e) => e.node.some((n) => n.id === LEGACY) && e.severity === 'warning',
    );
    assert.ok(
      entries.some((e) => /pinned to 127\.0\.0\.1, refused from 127\.0\.0\.2/.test(e.message)),
      'MQTT',
    );
    assert.ok(
      entries.some((e) => /plain-HTTP allowance is pinned/.test(e.message)),
      'REST',
    );
    // the APIKEY still works from anywhere: the pin limits only the no-credentials path
    const keyed = await mqtt('127.0.0.2', LEGACY, true);
    assert.equal(keyed.code, 0);
    await keyed.client!.endAsync();
  });

  test('an address typed in by the technician is the pin; changing it moves the pin, turning it off forgets it', async () => {
    assert.equal((await gateway(TYPED)).legacyAddress, '127.0.0.3');
    assert.equal((await mqtt('127.0.0.1', TYPED)).code, 5);
    const fromPin = await mqtt('127.0.0.3', TYPED);
    assert.equal(fromPin.code, 0);
    const ended = new Promise<void>((resolve) => fromPin.client!.once('close', () => resolve()));

    const moved = await t.api<Gateway>('PUT', `/api/v1/gateways/${TYPED}`, { legacyAddress: '127.0.0.1' });
    assert.equal(moved.body.legacyAddress, '127.0.0.1');
    await ended; // the session that used the old pin is ended
    fromPin.client!.end(true);
    assert.equal((await mqtt('127.0.0.3', TYPED)).code, 5);
    const bad = await t.api('PUT', `/api/v1/gateways/${TYPED}`, { legacyAddress: 'not-an-address' });
    assert.equal(bad.status, 400);
    const off = await t.api<Gateway>('PUT', `/api/v1/gateways/${TYPED}`, { legacyPlainTcp: false });
    assert.deepEqual([off.body.legacyPlainTcp, off.body.legacyAddress], [false, null]);
    assert.equal((await mqtt('127.0.0.1', TYPED)).code, 5);
  });

  test("a client without credentials cannot take over a live gateway's session from another address", async () => {
    const live = await mqtt('127.0.0.3', LIVE, true);
    assert.equal(live.code, 0);
    // pin the allowance on 127.0.0.1, then try to take the APIKEY session over from there without a key
    await t.api('PUT', `/api/v1/gateways/${LIVE}`, { legacyAddress: '127.0.0.1' });
    assert.equal((await mqtt('127.0.0.1', LIVE)).code, 5);
    assert.equal(live.client!.connected, true, 'the live session stays');
    assert.ok(((await overview()).errors.byKind['auth.legacyTakeover'] ?? 0) >= 1);
    assert.ok((await timeline()).some((e) => /may not take over its session/.test(e.message)));
    await live.client!.endAsync();
    // with no live session elsewhere, the pinned address connects
    const after = await mqtt('127.0.0.1', LIVE);
    assert.equal(after.code, 0);
    await after.client!.endAsync();
  });

  test('a gateway let in by the technician gets in at its next try, even after knocking past the limit', async () => {
    // unknown, it knocks from 127.0.0.5 until its address is over the failure limit
    const KNOCKER = '0a0000000005';
    for (let i = 0; i < MAX_FAILURES + 2; i += 1) assert.equal((await mqtt('127.0.0.5', KNOCKER)).code, 5);
    const added = await t.api('POST', '/api/v1/registerGatewayKey', {
      id: KNOCKER,
      modelId: '34',
      legacyPlainTcp: true,
      legacyAddress: '127.0.0.5',
    });
    assert.equal(added.status, 201);
    const joined = await mqtt('127.0.0.5', KNOCKER);
    assert.equal(joined.code, 0, 'added as it knocked: not held back by its refusals');
    await joined.client!.endAsync();

    // registered without the allowance, it is refused for want of a key until allowed
    const STRICT2 = '0a0000000006';
    await t.registerGateway(STRICT2, { modelId: '34' });
    for (let i = 0; i < MAX_FAILURES + 2; i += 1) assert.equal((await mqtt('127.0.0.6', STRICT2)).code, 5);
    assert.equal((await gateway(STRICT2)).legacyPlainTcp, false);
    await t.api('PUT', `/api/v1/gateways/${STRICT2}`, { legacyPlainTcp: true });
    const allowed = await mqtt('127.0.0.6', STRICT2);
    assert.equal(allowed.code, 0, 'allowed after its refusal: not held back by it');
    await allowed.client!.endAsync();
    // guessing stays limited: another address over the limit is still refused
    for (let i = 0; i < MAX_FAILURES + 2; i += 1) await mqtt('127.0.0.7', STRICT2, false);
    assert.ok(((await overview()).errors.byKind['auth.rateLimited'] ?? 0) >= 1);
  });

  test("a gateway may not subscribe to another gateway's topics (its actuator commands)", async () => {
    const gw = await mqtt('127.0.0.1', STRICT, true);
    const granted = await new Promise<number | undefined>((resolve) =>
      gw.client!.subscribe(`v/a/g/${LEGACY}/req`, { qos: 1 }, (err, grants) =>
        resolve(err ? 128 : grants?.[0]?.qos),
      ),
    );
    assert.equal(granted, 128);
    await gw.client!.endAsync();
  });

  test('failures are limited per source address: past the limit MQTT and REST refuse at once, other addresses are not affected', async () => {
    const from = '127.0.0.4';
    for (let i = 0; i < MAX_FAILURES; i++) {
      assert.equal(
        (await mqttFrom(from, t.site.ports.mqtt, STRICT, { username: STRICT, password: 'guess' })).code,
        4,
      );
    }
    const limited = await mqttFrom(from, t.site.ports.mqtt, STRICT, {
      username: STRICT,
      password: keys.get(STRICT)!,
    });
    assert.equal(limited.code, 5, 'even the right key is refused while the address is over the limit');
    const res = await rest(from, STRICT, { username: STRICT, apikey: keys.get(STRICT)! });
    assert.equal(res.status, 429);
    assert.equal((JSON.parse(res.body) as { code: string }).code, 'ES_TOO_MANY_FAILURES');
    assert.ok(Number(res.headers['retry-after']) >= 1);
    assert.ok(((await overview()).errors.byKind['auth.rateLimited'] ?? 0) >= 2, 'counted');
    const elsewhere = await mqtt('127.0.0.1', STRICT, true);
    assert.equal(elsewhere.code, 0);
    await elsewhere.client!.endAsync();
  });
});

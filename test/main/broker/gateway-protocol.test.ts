// Integration: a real site (aedes on a loopback port, SQLite files) and gateways played by mqtt.js, as
// real Thing+ gateways behave (shared/docs/thingplus-gateway-protocol.md).
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import type { GatewayView, SensorView, TimelineEntry } from '../../../src/shared/model.js';
import type { SeriesResponse, SiteOverview } from '../../../src/shared/api.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GW = '02fc00000001';
const T0 = Date.now() - 3_600_000;

describe('Thing+ gateway protocol against a real site', () => {
  let t: TestSite;
  let apiKey: string;

  before(async () => {
    t = await startTestSite({ rpcTimeoutMs: 1500 });
    apiKey = await t.registerGateway(GW, { modelId: '34', legacyPlainTcp: true });
  });
  after(() => t.destroy());

  const series = async (sid: string, gw = GW) =>
    (
      await t.api<SeriesResponse>(
        'GET',
        `/api/v1/gateways/${gw}/sensors/${sid}/series?dataStart=${new Date(T0 - 1).toISOString()}&interval=0`,
      )
    ).body;
  const overview = async () => (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;

  test('the REST registration sequence of a real gateway (protocol §5, §6)', async () => {
    const legacy = { gateway: GW };
    const gw = await t.api<Record<string, unknown>>('GET', `/gateways/${GW}`, undefined, legacy);
    assert.equal(gw.status, 200);
    assert.equal(gw.body.id, GW);
    assert.equal(gw.body.model, '34');
    assert.equal(gw.body.reportInterval, '60000');
    assert.equal(gw.body.autoCreateDiscoverable, 'y');
    assert.deepEqual(gw.body.deviceModels, [{ model: 'jsonrpcFullV1.0' }]);
    assert.equal(
      'statusCode' in gw.body,
      false,
      'success bodies never carry statusCode (the C SDK reads it as an error)',
    );

    const sensor = {
      reqId: `${GW}-0-temp0`,
      name: 'temp0',
      deviceId: `${GW}-0`,
      type: 'temperature',
      category: 'sensor',
      network: 'jsonrpc',
      driverName: 'jsonrpcSensor',
      model: 'jsonrpcTemp',
      address: '0',
      options: {},
    };
    assert.equal((await t.api('POST', `/gateways/${GW}/sensors`, sensor, legacy)).status, 201);
    assert.equal(
      (await t.api('POST', `/gateways/${GW}/sensors`, sensor, legacy)).status,
      409,
      'the gateway then DELETEs and re-POSTs',
    );
    const device = { reqId: `${GW}-0`, name: `${GW}-0`, model: 'jsonrpcFullV1.0' };
    assert.equal((await t.api('POST', `/gateways/${GW}/devices`, device, legacy)).status, 201);
    assert.equal((await t.api('POST', `/gateways/${GW}/devices`, device, legacy)).status, 409);
    const embedded = await t.api<{ sensors: Array<{ id: string; type: string; deviceId: string }> }>(
      'GET',
      `/gateways/${GW}?embed=sensors`,
      undefined,
      legacy,
    );
    assert.deepEqual(
      embedded.body.sensors.map((s) => [s.id, s.type, s.deviceId]),
      [[`${GW}-0-temp0`, 'temperature', `${GW}-0`]],
    );
    assert.deepEqual(
      (await t.api<{ id: string }>('GET', '/sensorDrivers?filter[id]=ds18b20')).body.id,
      'ds18b20',
      'the C SDK reads one object',
    );
    assert.equal((await t.api<unknown[]>('GET', '/sensorDrivers')).body.length, 74);
    assert.equal(
      (await t.api<{ displayName: string }>('GET', '/gatewayModels/34')).body.displayName,
      'Open Source Gateway',
    );

    // with its APIKEY (C SDK, Python); wrong key, unknown gateway, another gateway's identity
    assert.equal(
      (await t.api('GET', `/gateways/${GW}`, undefined, { username: GW, apikey: apiKey })).status,
      200,
    );
    assert.equal(
      (await t.api('GET', `/gateways/${GW}`, undefined, { username: GW, apikey: 'wrong' })).status,
      401,
    );
    assert.equal(
      (await t.api('GET', '/gateways/0000deadbeef', undefined, { gateway: '0000deadbeef' })).status,
      404,
    );
    assert.equal((await t.api('GET', `/gateways/${GW}`, undefined, { gateway: 'someoneelse' })).status, 403);
    assert.equal((await t.api('GET', `/gateways/${GW}`)).status, 401);

    for (const [sid, type, category] of [
      [`${GW}-0-humi0`, 'humidity', 'sensor'],
      [`${GW}-0-loc0`, 'location', 'sensor'],
      [`${GW}-0-str0`, 'string', 'sensor'],
      [`${GW}-0-do0`, 'powerSwitch', 'actuator'],
    ] as const) {
      await t.registerSensor(GW, apiKey, sid, type, category);
    }
  });

  test('a legacy anonymous gateway connects, gets timeSync on subscribing to req, and is marked', async () => {
    const gw = await t.connect(GW, {
      will: { topic: `v/a/g/${GW}/mqtt/status`, payload: Buffer.from('err'), qos: 1, retain: true },
    });
    const requests: Array<{ id: string; method: string; params: { time: number } }> = [];
    gw.on('message', (topic, payload) => {
      if (topic !== `v/a/g/${GW}/req`) return;
      const request = JSON.parse(payload.toString());
      requests.push(request);
      if (request.method === 'timeSync')
        gw.publish(`v/a/g/${GW}/res`, JSON.stringify({ id: request.id, result: '' }), { qos: 1 });
    });
    const granted = await gw.subscribeAsync([`v/a/g/${GW}/req`, `v/a/g/${GW}/log/filter`], { qos: 1 });
    assert.deepEqual(
      granted.map((g) => g.qos),
      [1, 1],
    );
    await gw.publishAsync(`v/a/g/${GW}/mqtt/status`, 'on', { qos: 1, retain: true });
    await eventually('timeSync request', () => requests.find((r) => r.method === 'timeSync'));
    const timeSync = requests.find((r) => r.method === 'timeSync')!;
    assert.match(timeSync.id, /^[0-9a-z]{9}$/);
    assert.ok(Math.abs(timeSync.params.time - Date.now()) < 10_000);
    assert.equal(
      requests.filter((r) => r.method === 'timeSync').length,
      1,
      'once per connection, not per trigger',
    );
    const view = await eventually('timeSynced', async () => {
      const v = (await t.api<GatewayView>('GET', `/api/v1/gateways/${GW}`)).body;
      return v.connection.timeSynced ? v : null;
    });
    assert.equal(view.connection.state, 'connected');
    assert.equal(view.connection.legacyAnonymous, true);
    assert.equal(view.connection.mqttStatus, 'on');
    await gw.endAsync();
  });

  test('values in every payload form are stored and acknowledged after commit', async () => {
    const gw = await t.connect(GW);
    const temp = `${GW}-0-temp0`;
    const humi = `${GW}-0-humi0`;
    await gw.publishAsync(`v/a/g/${GW}/s/${temp}`, `${T0},20.5,${T0 + 1000},21`, { qos: 1 });
    await gw.publishAsync(`v/a/g/${GW}/s/${temp}`, JSON.stringify([T0 + 2000, 21.5, T0 + 3000, '22']), {
      qos: 1,
    });
    await gw.publishAsync(
      `v/a/g/${GW}`,
      JSON.stringify({ [temp]: [T0 + 4000, 22.5], [humi]: [T0 + 4000, 40, T0 + 5000, 41] }),
      { qos: 1 },
    );
    const big: Record<string, unknown[]> = { [humi]: [] };
    for (let i = 0; i < 50; i += 1) big[humi]!.push(T0 + 10_000 + i * 1000, 50 + i / 10);
    await gw.publishAsync(`v/a/g/${GW}`, gzipSync(JSON.stringify(big)), { qos: 1 });
    await gw.publishAsync(`v/a/g/${GW}/s/${GW}-0-loc0`, JSON.stringify([T0, { lat: 37.1, lng: 127.2 }]), {
      qos: 1,
    });
    await gw.publishAsync(`v/a/g/${GW}/s/${GW}-0-str0`, `${T0},hello`, { qos: 0 });

    // PUBACK came after the commit, so the values are readable the moment publishAsync resolved
    assert.deepEqual((await series(temp)).data, [
      20.5,
      T0,
      21,
      T0 + 1000,
      21.5,
      T0 + 2000,
      22,
      T0 + 3000,
      22.5,
      T0 + 4000,
    ]);
    const humidity = (await series(humi)).data;
    assert.equal(humidity.length, 2 * 52);
    assert.deepEqual(humidity.slice(0, 4), [40, T0 + 4000, 41, T0 + 5000]);
    assert.deepEqual(humidity.slice(-2), [54.9, T0 + 10_000 + 49_000]);
    assert.deepEqual((await series(`${GW}-0-loc0`)).data, [{ lat: 37.1, lng: 127.2 }, T0]);
    await eventually('QoS 0 string value', async () => (await series(`${GW}-0-str0`)).data.length === 2);
    assert.deepEqual((await series(`${GW}-0-str0`)).data, ['hello', T0]);

    const sensor = (await t.api<SensorView>('GET', `/api/v1/gateways/${GW}/sensors/${temp}`)).body;
    assert.deepEqual(sensor.latest, { time: T0 + 4000, value: 22.5 });

    // buckets (interval) and calendar statistics (statFunc) over the same values
    const start = new Date(T0).toISOString();
    const range = `dataStart=${start}&dataEnd=${new Date(T0 + 5000).toISOString()}`;
    const buckets = await t.api<SeriesResponse>(
      'GET',
      `/api/v1/gateways/${GW}/sensors/${temp}/series?${range}&interval=1d&intervalFunc=max`,
    );
    assert.deepEqual(buckets.body.data, [22.5, T0]);
    const sum = await t.api<SeriesResponse>(
      'GET',
      `/api/v1/gateways/${GW}/sensors/${temp}/series?${range}&interval=2s&intervalFunc=sum`,
    );
    assert.deepEqual(sum.body.data, [41.5, T0, 43.5, T0 + 2000, 22.5, T0 + 4000]);
    const stats = await t.api<{ data: Array<{ count: number; btime: { year: number } }> }>(
      'GET',
      `/api/v1/gateways/${GW}/sensors/${temp}/series?${range}&statFunc[id]=seriesStat&statFunc[timeUnit]=year&statFunc[subFunc]=count`,
    );
    assert.deepEqual(stats.body.data, [{ count: 5, btime: { year: new Date(T0).getUTCFullYear() } }]);
    assert.equal(sensor.unit, '°C');
    await gw.endAsync();
  });

  test('malformed input is acknowledged, counted and shown; the connection and the valid parts survive', async () => {
    const gw = await t.connect(GW);
    const temp = `${GW}-0-temp0`;
    const before = await overview();
    await gw.publishAsync(`v/a/g/${GW}/s/${temp}`, '{not json', { qos: 1 });
    await gw.publishAsync(`v/a/g/${GW}/s/${temp}`, Buffer.from([0x1f, 0x8b, 0x00, 0x01]), { qos: 1 });
    // one good point, a non-numeric time, NaN, an odd trailing time
    await gw.publishAsync(
      `v/a/g/${GW}/s/${temp}`,
      `${T0 + 100_000},30,abc,31,${T0 + 101_000},NaN,${T0 + 102_000}`,
      { qos: 1 },
    );
    await gw.publishAsync(
      `v/a/g/${GW}`,
      JSON.stringify({ 'no-such-sensor': [T0, 1], [temp]: [T0 + 103_000, 'warm'] }),
      { qos: 1 },
    );
    assert.equal(gw.connected, true);
    const after = await overview();
    assert.equal(
      after.ingest.rejectedMessages - before.ingest.rejectedMessages,
      3,
      'bad JSON, bad gzip, and the all-bad object message',
    );
    assert.ok(after.ingest.rejectedPoints - before.ingest.rejectedPoints >= 3);
    for (const kind of [
      'payload.malformed',
      'payload.gzip',
      'time.invalid',
      'sensor.unknown',
      'value.invalid',
    ]) {
      assert.ok(
        (after.errors.byKind[kind] ?? 0) > 0,
        `${kind} counted: ${JSON.stringify(after.errors.byKind)}`,
      );
    }
    assert.ok(after.errors.recent.some((e) => e.gatewayId === GW && e.topic?.startsWith(`v/a/g/${GW}`)));
    const data = (await series(temp)).data;
    assert.deepEqual(data.slice(-2), [30, T0 + 100_000], 'the valid point of the mixed batch was stored');
    await gw.endAsync();
  });

  test('duplicates and out-of-order points are dropped and counted (Thing+ rule)', async () => {
    const gw = await t.connect(GW);
    const temp = `${GW}-0-temp0`;
    const before = (await overview()).ingest;
    const count = (await series(temp)).data.length;
    await gw.publishAsync(`v/a/g/${GW}/s/${temp}`, `${T0 + 100_000},30`, { qos: 1 });
    await gw.publishAsync(`v/a/g/${GW}/s/${temp}`, `${T0 + 50_000},10`, { qos: 1 });
    const after = (await overview()).ingest;
    assert.equal(after.duplicates - before.duplicates, 1);
    assert.equal(after.outOfOrder - before.outOfOrder, 1);
    assert.equal((await series(temp)).data.length, count);
    await gw.endAsync();
  });

  test('statuses: both duration conventions, per-sensor status, expiry', async () => {
    const gw = await t.connect(GW);
    const now = Date.now();
    await gw.publishAsync(
      `v/a/g/${GW}/status`,
      `on, 90, ${GW}-0-temp0, on, 90, ${GW}-0-humi0, err:probe, ${now + 1000}`,
      { qos: 1 },
    );
    const view = (await t.api<GatewayView>('GET', `/api/v1/gateways/${GW}`)).body;
    assert.equal(view.status?.status, 'on');
    assert.ok(Math.abs(view.status!.expireAt! - (now + 90_000)) < 5000, 'seconds from now');
    const humi = (await t.api<SensorView>('GET', `/api/v1/gateways/${GW}/sensors/${GW}-0-humi0`)).body;
    assert.equal(humi.status?.status, 'err');
    assert.equal(humi.status?.reason, 'probe');
    assert.equal(humi.status?.expireAt, now + 1000, 'absolute ms (C SDK / Arduino)');
    await eventually(
      'status expiry',
      async () =>
        (await t.api<SensorView>('GET', `/api/v1/gateways/${GW}/sensors/${GW}-0-humi0`)).body.status
          ?.status === 'expired',
      4000,
    );
    await gw.publishAsync(`v/a/g/${GW}/s/${GW}-0-temp0/status`, 'off,-1', { qos: 1 });
    const temp = (await t.api<SensorView>('GET', `/api/v1/gateways/${GW}/sensors/${GW}-0-temp0`)).body;
    assert.deepEqual([temp.status?.status, temp.status?.expireAt], ['off', null]);
    await gw.endAsync();
  });

  test('connection policy: unknown ids are refused and parked, bad keys refused, credentials required without the allowance', async () => {
    const refused = async (
      clientId: string,
      options: mqtt.IClientOptions = {},
    ): Promise<number | undefined> => {
      const client = mqtt.connect(`mqtt://127.0.0.1:${t.site.ports.mqtt}`, {
        clientId,
        reconnectPeriod: 0,
        ...options,
      });
      return new Promise((resolve) => {
        client.once('connect', () => {
          client.end(true);
          resolve(0);
        });
        client.once('error', (err: Error & { code?: number }) => {
          client.end(true);
          resolve(err.code);
        });
      });
    };
    assert.equal(await refused('a0a0a0a0a0a0'), 5);
    const pending = (await t.api<Array<{ id: string }>>('GET', '/api/v1/pendingGateways')).body;
    assert.ok(pending.some((p) => p.id === 'a0a0a0a0a0a0'));
    assert.equal(await refused(GW, { username: GW, password: 'not-the-key' }), 4);
    assert.equal(await refused(GW, { username: 'other', password: apiKey }), 4);
    assert.equal(await refused(GW, { username: GW, password: apiKey }), 0, 'the right key is accepted');
    const strictKey = await t.registerGateway('strict-gw-1', { modelId: '34', legacyPlainTcp: false });
    assert.equal(await refused('strict-gw-1'), 5, 'no credentials and no legacy allowance');
    assert.equal(await refused('strict-gw-1', { username: 'strict-gw-1', password: strictKey }), 0);
    const overviewBody = await overview();
    assert.ok(overviewBody.errors.byKind['auth.unknownGateway']! >= 1);
    assert.ok(overviewBody.errors.byKind['auth.badCredentials']! >= 2);
  });

  test('the overview shows the storage path and the process: memory per thread, event-loop delay, main-thread time', async () => {
    const gw = await t.connect(GW);
    await gw.publishAsync(`v/a/g/${GW}/s/${GW}-0-temp0`, `${T0 + 200_000},21.5`, { qos: 1 });
    await gw.endAsync();
    const { storage, process: proc } = await overview();
    assert.ok(storage.committedValues >= 1);
    assert.ok(proc.rssBytes > proc.heapTotalBytes && proc.heapTotalBytes >= proc.heapUsedBytes);
    assert.ok(proc.heapUsedBytes > 0 && proc.arrayBuffersBytes <= proc.externalBytes);
    if (storage.commitMode === 'thread') assert.ok(proc.writerHeapBytes > 0, 'the writer thread reported');
    const delay = proc.eventLoopDelayMs;
    assert.ok(delay.p50 >= 0 && delay.p50 <= delay.p99 && delay.p99 <= delay.max, JSON.stringify(delay));
    // the site started its services on this thread, so it has run and collected garbage by now
    const thread = proc.mainThreadMs;
    assert.ok(thread.active > 0 && thread.gc > 0 && thread.gc < thread.active, JSON.stringify(thread));
  });

  test('ACL: a gateway may not subscribe or publish outside its own topics', async () => {
    const gw = await t.connect(GW);
    // [MQTT-3.9.3-2] refused filters get 0x80 in the SUBACK (mqtt.js reports that as an error, with the grants)
    for (const [filter, qos] of [
      ['#', 128],
      ['v/a/g/other/req', 128],
      [`v/a/g/${GW}/req`, 1],
    ] as const) {
      const granted = await new Promise<number | undefined>((resolve) =>
        gw.subscribe(filter, { qos: 1 }, (err, grants) => resolve(err ? 128 : grants?.[0]?.qos)),
      );
      assert.equal(granted, qos, filter);
    }
    assert.equal(gw.connected, true, 'a refused subscription does not cost the connection');
    const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
    gw.publish('v/a/g/another-gateway/s/x', `${Date.now()},1`, { qos: 1 });
    await closed;
    assert.ok(((await overview()).errors.byKind['acl.publish'] ?? 0) >= 1);
  });

  test('actuator commands: the gateway result, 504 when it does not answer, 503 when offline, 400 when invalid', async () => {
    const gw = await t.connect(GW);
    let answer = true;
    gw.on('message', (_topic, payload) => {
      const request = JSON.parse(payload.toString());
      if (request.method === 'controlActuator' && answer) {
        gw.publish(`v/a/g/${GW}/res`, JSON.stringify({ id: request.id, result: 'success' }), { qos: 1 });
        // restart-type and some real gateways answer twice: the second answer must be ignored
        gw.publish(`v/a/g/${GW}/res`, JSON.stringify({ id: request.id, result: 'again' }), { qos: 1 });
      }
    });
    await gw.subscribeAsync(`v/a/g/${GW}/req`, { qos: 1 });
    const command = {
      id: GW,
      act: 'controlActuator',
      params: { id: `${GW}-0-do0`, cmd: 'on', options: { duration: 3000 } },
    };
    const ok = await t.api<{ result: unknown }>('POST', '/api/v1/controlActuator', command);
    assert.deepEqual([ok.status, ok.body.result], [200, 'success']);
    const bad = await t.api<{ code: string }>('POST', '/api/v1/controlActuator', {
      ...command,
      params: { ...command.params, cmd: 'explode' },
    });
    assert.deepEqual([bad.status, bad.body.code], [400, 'ES_BAD_REQUEST']);
    const notActuator = await t.api<{ code: string }>('POST', '/api/v1/controlActuator', {
      ...command,
      params: { id: `${GW}-0-temp0`, cmd: 'on' },
    });
    assert.equal(notActuator.status, 400);
    answer = false;
    const timeout = await t.api<{ code: string }>('POST', '/api/v1/controlActuator', command);
    assert.deepEqual([timeout.status, timeout.body.code], [504, 'ES_RPC_TIMEOUT']);
    await gw.endAsync();
    await eventually(
      'disconnect seen',
      async () =>
        (await t.api<GatewayView>('GET', `/api/v1/gateways/${GW}`)).body.connection.state === 'disconnected',
    );
    const offline = await t.api<{ code: string }>('POST', '/api/v1/controlActuator', command);
    assert.deepEqual([offline.status, offline.body.code], [503, 'ES_GATEWAY_OFFLINE']);
    const entries = (await t.api<{ data: TimelineEntry[] }>('GET', '/api/v1/timelines?count=20')).body.data;
    assert.ok(entries.some((e) => e.type === 'actuator' && e.success === 'y' && e.message.includes('on')));
    assert.ok(entries.some((e) => e.type === 'actuator' && e.success === 'n'));
  });

  test('a threshold rule fires on a stored value and its entry is on the timeline', async () => {
    const temp = `${GW}-0-temp0`;
    const created = await t.api<{ id: number }>('POST', '/api/v1/rules', {
      name: 'Too hot',
      severity: 'fatal',
      gatewayId: GW,
      sensorId: temp,
      method: 'over',
      threshold: 80,
    });
    assert.equal(created.status, 201);
    const invalid = await t.api<{ code: string; message: string }>('POST', '/api/v1/rules', {
      name: 'x',
      severity: 'fatal',
      gatewayId: GW,
      sensorId: 'nope',
      method: 'over',
      threshold: 1,
    });
    assert.deepEqual([invalid.status, invalid.body.code], [400, 'ES_BAD_REQUEST']);
    const gw = await t.connect(GW);
    await gw.publishAsync(`v/a/g/${GW}/s/${temp}`, `${T0 + 200_000},79.9,${T0 + 201_000},85.5`, { qos: 1 });
    const entry = await eventually('rule entry', async () =>
      (
        await t.api<{ data: TimelineEntry[] }>('GET', '/api/v1/timelines?filter[severity]=fatal')
      ).body.data.find((e) => e.rule?.id === created.body.id),
    );
    assert.equal(entry.severity, 'fatal');
    assert.match(entry.message, /Too hot: .*85\.5/);
    assert.deepEqual(entry.node, [{ type: 'sensor', id: temp, gatewayId: GW }]);
    await gw.endAsync();
  });

  test('rotating the APIKEY ends the session and the old key stops working; deleting a gateway ends it too', async () => {
    const id = 'rotate-gw-1';
    const oldKey = await t.registerGateway(id, { modelId: '34', legacyPlainTcp: false });
    const client = await t.connect(id, { username: id, password: oldKey });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const rotated = await t.api<Record<string, string>>('POST', `/api/v1/gateways/${id}/apikey`);
    assert.equal(rotated.status, 200);
    await closed;
    await assert.rejects(t.connect(id, { username: id, password: oldKey }));
    const again = await t.connect(id, { username: id, password: rotated.body[id] });
    const gone = new Promise<void>((resolve) => again.once('close', () => resolve()));
    assert.equal((await t.api('DELETE', `/api/v1/gateways/${id}`)).status, 204);
    await gone;
    assert.equal((await t.api('GET', `/api/v1/gateways/${id}`)).status, 404);
  });

  test('API errors have one shape with documented codes', async () => {
    const missing = await t.api<{ statusCode: number; code: string; message: string }>(
      'GET',
      '/api/v1/gateways/nope',
    );
    assert.deepEqual(
      [missing.status, missing.body.statusCode, missing.body.code],
      [404, 404, 'ES_NOT_FOUND'],
    );
    const badBody = await t.api<{ code: string }>('POST', '/api/v1/registerGatewayKey', { modelId: '34' });
    assert.deepEqual([badBody.status, badBody.body.code], [400, 'ES_BAD_REQUEST']);
    const dup = await t.api<{ code: string }>('POST', '/api/v1/registerGatewayKey', {
      id: GW,
      modelId: '34',
    });
    assert.deepEqual([dup.status, dup.body.code], [409, 'ES_CONFLICT']);
    const noRange = await t.api<{ code: string; message: string }>(
      'GET',
      `/api/v1/gateways/${GW}/sensors/${GW}-0-temp0/series`,
    );
    assert.equal(noRange.status, 400);
    const health = await t.api<{ status: string; services: Record<string, string> }>('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    assert.equal(health.body.services.rules, 'up', 'a single node is master and runs the rules');
    const shared = await t.api<Record<string, unknown>>('PUT', '/api/v1/cluster/config', {
      siteName: 'Plant 7',
      rpcTimeoutMs: 5000,
    });
    assert.deepEqual([shared.status, shared.body], [200, { siteName: 'Plant 7', rpcTimeoutMs: 5000 }]);
    assert.equal((await overview()).site.name, 'Plant 7', 'the shared config applies live');
    const typo = await t.api<{ code: string; message: string }>('PUT', '/api/v1/cluster/config', {
      siteNmae: 'x',
    });
    assert.deepEqual([typo.status, typo.body.code], [400, 'ES_BAD_REQUEST']);
    assert.equal((await overview()).site.name, 'Plant 7', 'an invalid config keeps the old one');
    const docs = await t.api<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/docs/json');
    assert.ok(docs.body.openapi.startsWith('3.'));
    assert.ok('/api/v1/gateways/{gw}/sensors/{sid}/series' in docs.body.paths);
  });
});

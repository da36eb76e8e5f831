// Streamed export (CSV / JSON) and the multi-sensor series call, against a real site on loopback ports.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import type { ApiError } from '../../../src/shared/api.js';
import type { ValuePoint } from '../../../src/shared/model.js';
import { createExportStream, csvField } from '../../../src/main/api/routes/export.js';
import type { MultiSeriesResponse } from '../../../src/main/api/routes/series.js';
import { parseSensorList } from '../../../src/main/api/series-query.js';
import type { SeriesQuery } from '../../../src/main/series/types.js';
import { startTestSite, type TestSite } from '../../support/site.js';

const GW = 'e0a1b2c3d4e5';
const GW2 = 'e0a1b2c3d4e6';
const TEMP = `${GW}-0-temp`;
const TEXT = `${GW}-0-text`;
const BIG = `${GW}-0-big`;
const OTHER = `${GW2}-0-temp`;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const BIG_COUNT = 50_000;

let t: TestSite;
let base: string;
let gw: MqttClient;
let gw2: MqttClient;

async function publish(client: MqttClient, gatewayId: string, payload: Record<string, unknown[]>) {
  await client.publishAsync(`v/a/g/${gatewayId}`, JSON.stringify(payload), { qos: 1 });
}

before(async () => {
  t = await startTestSite();
  base = `http://127.0.0.1:${t.site.ports.http}`;
  const key = await t.registerGateway(GW);
  const key2 = await t.registerGateway(GW2);
  await t.registerSensor(GW, key, TEMP, 'temperature');
  await t.registerSensor(GW, key, TEXT, 'string');
  await t.registerSensor(GW, key, BIG, 'number');
  await t.registerSensor(GW2, key2, OTHER, 'temperature');
  gw = await t.connect(GW, { username: GW, password: key });
  gw2 = await t.connect(GW2, { username: GW2, password: key2 });
  await publish(gw, GW, {
    [TEMP]: [T0, 21.5, T0 + 1000, 22, T0 + 2000, -3.25],
    [TEXT]: [T0, 'plain', T0 + 1000, 'a,b', T0 + 2000, 'say "hi"\nbye'],
  });
  await publish(gw2, GW2, { [OTHER]: [T0 + 500, 7] });
  // 50 000 values in batches of 5 000 (QoS 1: each batch is committed when publishAsync resolves)
  for (let start = 0; start < BIG_COUNT; start += 5000) {
    const batch: number[] = [];
    for (let i = start; i < start + 5000; i++) batch.push(T0 + i * 10, i);
    await publish(gw, GW, { [BIG]: batch });
  }
});

after(async () => {
  await t.destroy();
});

const range = `dataStart=${new Date(T0).toISOString()}&dataEnd=${new Date(T0 + 3_600_000).toISOString()}`;

test('CSV export: header, ISO time, numbers as sent, quoting of commas, quotes and newlines', async () => {
  const res = await t.fetch(`${base}/api/v1/export?sensors=${GW}:${TEMP},${GW}:${TEXT}&${range}&format=csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
  assert.equal(
    res.headers.get('content-disposition'),
    'attachment; filename="edge-site-export-20260105T000000Z-20260105T010000Z.csv"',
  );
  assert.equal(res.headers.get('x-edge-site-estimated-rows'), '6');
  const iso = (ms: number) => new Date(ms).toISOString();
  assert.equal(
    await res.text(),
    [
      'gatewayId,sensorId,time,isoTime,value',
      `${GW},${TEMP},${T0},${iso(T0)},21.5`,
      `${GW},${TEMP},${T0 + 1000},${iso(T0 + 1000)},22`,
      `${GW},${TEMP},${T0 + 2000},${iso(T0 + 2000)},-3.25`,
      `${GW},${TEXT},${T0},${iso(T0)},plain`,
      `${GW},${TEXT},${T0 + 1000},${iso(T0 + 1000)},"a,b"`,
      `${GW},${TEXT},${T0 + 2000},${iso(T0 + 2000)},"say ""hi""\nbye"`,
      '',
    ].join('\r\n'),
  );
});

test('JSON export: a JSON array over several gateways; the range end is exclusive', async () => {
  const res = await t.fetch(
    `${base}/api/v1/export?sensors=${GW}:${TEMP},${GW2}:${OTHER}&dataStart=${new Date(T0).toISOString()}&dataEnd=${new Date(T0 + 2000).toISOString()}&format=json`,
  );
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.match(res.headers.get('content-disposition') ?? '', /filename="edge-site-export-.*\.json"/);
  assert.deepEqual(await res.json(), [
    { gatewayId: GW, sensorId: TEMP, time: T0, value: 21.5 },
    { gatewayId: GW, sensorId: TEMP, time: T0 + 1000, value: 22 },
    { gatewayId: GW2, sensorId: OTHER, time: T0 + 500, value: 7 },
  ]);
});

test('an empty range exports only the header (CSV) or [] (JSON)', async () => {
  const empty = `dataStart=2020-01-01T00:00:00Z&dataEnd=2020-01-02T00:00:00Z`;
  const csv = await t.fetch(`${base}/api/v1/export?sensors=${GW}:${TEMP}&${empty}`);
  assert.equal(csv.headers.get('x-edge-site-estimated-rows'), '0');
  assert.equal(await csv.text(), 'gatewayId,sensorId,time,isoTime,value\r\n');
  const json = await t.fetch(`${base}/api/v1/export?sensors=${GW}:${TEMP}&${empty}&format=json`);
  assert.deepEqual(await json.json(), []);
});

test('50 000 values stream completely, in time order', async () => {
  const res = await t.fetch(`${base}/api/v1/export?sensors=${GW}:${BIG}&${range}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-edge-site-estimated-rows'), String(BIG_COUNT));
  const lines = (await res.text()).split('\r\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.shift(), 'gatewayId,sensorId,time,isoTime,value');
  assert.equal(lines.length, BIG_COUNT);
  lines.forEach((line, i) => {
    const [, , time, , value] = line.split(',');
    assert.equal(Number(time), T0 + i * 10);
    assert.equal(Number(value), i);
  });

  const json = (await (
    await t.fetch(`${base}/api/v1/export?sensors=${GW}:${BIG}&${range}&format=json`)
  ).json()) as unknown[];
  assert.equal(json.length, BIG_COUNT);
});

test('a client that goes away mid-export does not break the site', async () => {
  const controller = new AbortController();
  const res = await t.fetch(`${base}/api/v1/export?sensors=${GW}:${BIG}&${range}`, {
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.read().catch(() => undefined);
  const again = await t.fetch(`${base}/api/v1/export?sensors=${GW}:${TEMP}&${range}`);
  assert.equal((await again.text()).split('\r\n').length, 5);
});

test('unknown sensor → 404 ES_NOT_FOUND; bad parameters → 400 ES_BAD_REQUEST', async () => {
  const notFound = await t.api<ApiError>('GET', `/api/v1/export?sensors=${GW}:${TEMP},${GW}:nope&${range}`);
  assert.equal(notFound.status, 404);
  assert.equal(notFound.body.code, 'ES_NOT_FOUND');
  const unknownGw = await t.api<ApiError>('GET', `/api/v1/series?sensors=nogw:${TEMP}&${range}`);
  assert.equal(unknownGw.status, 404);
  for (const query of [
    `sensors=${GW}:${TEMP}`, // no dataStart
    `${range}`, // no sensors
    `sensors=${GW}${TEMP}&${range}`, // no colon
    `sensors=${GW}:${TEMP}&${range}&format=xml`,
    `sensors=${GW}:${TEMP}&dataStart=yesterday`,
    `sensors=${GW}:${TEMP}&dataStart=${new Date(T0).toISOString()}&dataEnd=${new Date(T0 - 1).toISOString()}`,
  ]) {
    const res = await t.api<ApiError>('GET', `/api/v1/export?${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(res.body.code, 'ES_BAD_REQUEST', query);
  }
  const badInterval = await t.api<ApiError>(
    'GET',
    `/api/v1/series?sensors=${GW}:${TEMP}&${range}&interval=5x`,
  );
  assert.equal(badInterval.status, 400);
});

test('multi-sensor series: up to 50 sensors, and at most 2 000 000 points per request', async () => {
  const sensors = (n: number) => Array.from({ length: n }, (_, i) => `${GW}:x${i}`).join(',');
  const status = async (query: string) => (await t.api<ApiError>('GET', `/api/v1/series?${query}`)).status;
  assert.equal(await status(`sensors=${sensors(51)}&${range}`), 400);
  // 50 sensors × 60 one-minute buckets is allowed (404: these sensors do not exist)
  assert.equal(await status(`sensors=${sensors(50)}&${range}&interval=1m`), 404);
  // 50 × 100 000 raw points (the default count) is too many; 50 × 40 000 is not
  assert.equal(await status(`sensors=${sensors(50)}&${range}&interval=0`), 400);
  assert.equal(await status(`sensors=${sensors(50)}&${range}&interval=0&count=40000`), 404);
  // 25 sensors × 86 400 one-second buckets of a day
  const day = `dataStart=${new Date(T0).toISOString()}&dataEnd=${new Date(T0 + 86_400_000).toISOString()}`;
  assert.equal(await status(`sensors=${sensors(25)}&${day}&interval=1s`), 400);
  assert.equal(await status(`sensors=${sensors(20)}&${day}&interval=1s`), 404);
});

test('multi-sensor series: raw and bucketed, Thing+ [value, time, …] per sensor', async () => {
  const raw = await t.api<MultiSeriesResponse>(
    'GET',
    `/api/v1/series?sensors=${GW}:${TEMP},${GW2}:${OTHER}&${range}&interval=0`,
  );
  assert.equal(raw.status, 200);
  assert.deepEqual(raw.body.series, [
    { gatewayId: GW, sensorId: TEMP, data: [21.5, T0, 22, T0 + 1000, -3.25, T0 + 2000] },
    { gatewayId: GW2, sensorId: OTHER, data: [7, T0 + 500] },
  ]);
  assert.equal(raw.body._meta.count, 4);
  assert.equal(raw.body._meta.sensors, 2);
  assert.equal(raw.body._meta.interval, '0');

  const bucketed = await t.api<MultiSeriesResponse>(
    'GET',
    `/api/v1/series?sensors=${GW}:${TEMP},${GW}:${BIG}&${range}&interval=1h&intervalFunc=count`,
  );
  assert.equal(bucketed.status, 200);
  assert.deepEqual(
    bucketed.body.series.map((s) => s.data),
    [
      [3, T0],
      [BIG_COUNT, T0],
    ],
  );
});

test('the export stream reads page by page and stops reading when destroyed', async () => {
  const calls: SeriesQuery[] = [];
  const points: ValuePoint[] = Array.from({ length: 10_000 }, (_, i) => ({ time: i, value: i }));
  const store = {
    query(q: SeriesQuery): ValuePoint[] {
      calls.push(q);
      return points.filter((p) => p.time >= q.from && p.time < q.to).slice(0, q.limit);
    },
  };
  const ref = { gatewayId: 'g', sensorId: 's' };
  // complete read: 10 000 points in pages of 100 → 101 queries (the last one finds the end)
  let text = '';
  for await (const chunk of createExportStream(store, [ref], { from: 0, to: 100_000 }, 'json', 100))
    text += chunk as string;
  assert.equal((JSON.parse(text) as unknown[]).length, 10_000);
  assert.deepEqual(
    calls.map((c) => c.from),
    Array.from({ length: 101 }, (_, i) => i * 100),
  );

  calls.length = 0;
  const stream = createExportStream(store, [ref], { from: 0, to: 100_000 }, 'csv', 100);
  stream.pause();
  await new Promise<void>((resolve) => stream.once('readable', () => resolve()));
  stream.read();
  stream.destroy();
  const readSoFar = calls.length;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(calls.length, readSoFar);
  // only what fills the stream's buffer (16 KiB) was read, not the whole range
  assert.ok(readSoFar < 20, `read ${readSoFar} pages before the destroy`);
});

test('sensor lists and CSV fields', () => {
  assert.deepEqual(parseSensorList('a:b, a:b ,c:d:e', 10), [
    { gatewayId: 'a', sensorId: 'b' },
    { gatewayId: 'c', sensorId: 'd:e' },
  ]);
  assert.throws(() => parseSensorList('a:b,c:d', 1), /at most 1/);
  assert.throws(() => parseSensorList(':b', 10), /gatewayId:sensorId/);
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField(' lead'), '" lead"');
  assert.equal(csvField('line\r\nbreak'), '"line\r\nbreak"');
});

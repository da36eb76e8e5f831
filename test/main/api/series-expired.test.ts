// Charts and exports beyond raw retention (issue 15), through the API of a real site: the site opens a
// series.db whose sensor has 40 days of values and whose raw values older than 30 days (the default
// retention) were removed, so only the rollups hold those days.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { SeriesResponse } from '../../../src/shared/api.js';
import type { MultiSeriesResponse } from '../../../src/main/api/routes/series.js';
import { createSeriesStore } from '../../../src/main/series/index.js';
import { startTestSite, type TestSite } from '../../support/site.js';

const GW = 'e0a1b2c3d4f7';
const SID = `${GW}-0-temp`;
const MIN = 60_000;
const DAY = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY) * DAY;
const START = TODAY - 40 * DAY;
/** a value every 30 s from 40 days ago to yesterday's end */
const TIMES = Array.from({ length: (40 * DAY) / 30_000 }, (_, i) => START + i * 30_000);

let t: TestSite;
/** the oldest raw value retention kept */
let kept: number;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edge-site-expired-'));
  const store = createSeriesStore({ file: join(dir, 'series.db'), compactEveryMs: 0 });
  try {
    await store.append(
      GW,
      [{ sensorId: SID, points: TIMES.map((time, i) => ({ time, value: i % 10 })) }],
      Date.now(),
    );
    store.compact({ all: true });
    const r = store.maintain();
    assert.ok(r.complete && r.deletedChunks > 0, 'retention removed the raw values older than 30 days');
    kept = store.query({ gatewayId: GW, sensorId: SID, from: 0, to: TODAY, limit: 1 })[0].time;
    const cutoff = Date.now() - 30 * DAY;
    assert.ok(kept > cutoff - DAY && kept <= cutoff, 'raw kept for the last 30 days');
  } finally {
    await store.close();
  }
  t = await startTestSite({}, dir);
  const key = await t.registerGateway(GW);
  await t.registerSensor(GW, key, SID, 'temperature');
});

after(async () => {
  await t?.destroy();
});

// a start inside a minute, as an API client (or a chart asking now − 37 d in ms) sends it
const FROM = START + 3 * DAY + 10 * 3_600_000 + 17_000;
const range = `dataStart=${new Date(FROM).toISOString()}&dataEnd=${new Date(TODAY).toISOString()}`;
/** the values from the first whole minute after FROM: where raw is gone, minutes count whole, by their start */
const EXPECTED = TIMES.filter((time) => time >= Math.ceil(FROM / MIN) * MIN && time < TODAY).length;

test('an interval series from a start inside a minute has every day, the ones beyond raw retention too', async () => {
  const res = await t.api<SeriesResponse>(
    'GET',
    `/api/v1/gateways/${GW}/sensors/${SID}/series?${range}&interval=1d&intervalFunc=count`,
  );
  assert.equal(res.status, 200);
  const times = res.body.data.filter((_, i) => i % 2 === 1);
  const counts = res.body.data.filter((_, i) => i % 2 === 0) as number[];
  assert.deepEqual(
    times,
    Array.from({ length: 37 }, (_, k) => FROM + k * DAY),
    'one bucket per day from dataStart, none missing',
  );
  assert.equal(counts[1], 2880, 'a whole expired day: every value, from the minute rollups');
  assert.equal(res.body._meta.rawFrom, kept, 'says from when raw values are kept');
  assert.equal(
    counts.reduce((n, c) => n + c, 0),
    EXPECTED,
  );

  const multi = await t.api<MultiSeriesResponse>(
    'GET',
    `/api/v1/series?sensors=${GW}:${SID}&${range}&interval=1d&intervalFunc=count`,
  );
  assert.equal(multi.status, 200);
  assert.deepEqual(multi.body.series[0].data, res.body.data, 'the multi-sensor call answers the same');
  assert.equal(multi.body.series[0].rawFrom, kept);

  // a chart's band in one answer: the averages, each bucket's min and max as intervalFunc=min/max answer
  const ask = (q: string) =>
    t.api<SeriesResponse>('GET', `/api/v1/gateways/${GW}/sensors/${SID}/series?${range}&interval=1d&${q}`);
  const [banded, avgs, mins, maxes] = await Promise.all(
    ['band=true', 'intervalFunc=average', 'intervalFunc=min', 'intervalFunc=max'].map(ask),
  );
  assert.equal(banded!.status, 200);
  assert.deepEqual(banded!.body.data, avgs!.body.data);
  assert.deepEqual(banded!.body.band, { min: mins!.body.data, max: maxes!.body.data });
  assert.deepEqual(banded!.body._meta, avgs!.body._meta);
  assert.equal(avgs!.body.band, undefined, 'only when asked: a Thing+ answer is unchanged');
  const multiBand = await t.api<MultiSeriesResponse>(
    'GET',
    `/api/v1/series?sensors=${GW}:${SID}&${range}&interval=1d&band=true`,
  );
  assert.deepEqual(multiBand.body.series[0].band, banded!.body.band);
  for (const [q, message] of [
    ['interval=0&band=true', /needs buckets/],
    ['interval=1d&band=yes', /band "yes" must be true or false/],
  ] as const) {
    const bad = await t.api<{ message: string }>(
      'GET',
      `/api/v1/gateways/${GW}/sensors/${SID}/series?${range}&${q}`,
    );
    assert.equal(bad.status, 400, q);
    assert.match(bad.body.message, message);
  }

  // 6-hour averages: four a day, also where only the rollups are left
  const avg = await t.api<SeriesResponse>(
    'GET',
    `/api/v1/gateways/${GW}/sensors/${SID}/series?${range}&interval=6h`,
  );
  assert.equal(avg.body.data.length / 2, Math.ceil((TODAY - FROM) / (6 * 3_600_000)));
  // a raw read there answers nothing, and says why: the console then asks the minute rollups
  const raw = await t.api<SeriesResponse>(
    'GET',
    `/api/v1/gateways/${GW}/sensors/${SID}/series?${range}&interval=0&count=10`,
  );
  assert.equal(raw.body.data[1], kept, 'raw values from the oldest one kept');
  assert.equal(raw.body._meta.rawFrom, kept);
  const recent = await t.api<SeriesResponse>(
    'GET',
    `/api/v1/gateways/${GW}/sensors/${SID}/series?dataStart=${new Date(kept).toISOString()}&interval=1h`,
  );
  assert.equal(recent.body._meta.rawFrom, undefined, 'not said for a range that is all raw');
});

test('the export holds raw values only, and its estimate counts only those', async () => {
  const res = await t.fetch(
    `http://127.0.0.1:${t.site.ports.http}/api/v1/export?sensors=${GW}:${SID}&${range}`,
  );
  assert.equal(res.status, 200);
  const rows = (await res.text()).split('\r\n').length - 2; // header line, final empty line
  const raw = TIMES.filter((time) => time >= TODAY - 31 * DAY && time < TODAY).length;
  assert.ok(rows > 0 && rows < EXPECTED && rows <= raw, `${rows} raw rows, the last 30 days or so`);
  assert.equal(Number(res.headers.get('x-edge-site-estimated-rows')), rows, 'the estimate is what comes');
});

// The disk budget on a real, small filesystem (a tmpfs as the data dir): below the thinning threshold the
// site deletes its oldest raw values (rollups stay, newer values stay); on a completely full disk it
// refuses values (no PUBACK) but still records alarms (the reserve inside site.db); it recovers by itself
// when space returns, and nothing acknowledged is lost.
import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import type { HealthResponse, SeriesResponse, SiteOverview } from '../../src/shared/api.js';
import type { TimelineEntry } from '../../src/shared/model.js';
import { eventually, startTestSite, type TestSite } from '../support/site.js';
import { fillDisk, freeBytes, mountSkip, mountSmallDisk } from '../support/small-disk.js';

const MiB = 1024 * 1024;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GW = 'd15c00000001';
const SENSOR = `${GW}-0-v`;
const THIN_SENSOR = `${GW}-1-v`;
const ALARM_SENSOR = `${GW}-2-v`;
const WARN = 8 * MiB;
const THIN = 6 * MiB;
const RESERVE = 1 * MiB;

/** A site on its own 32 MiB tmpfs for one suite; with `thinning` off a full disk stays full. */
function siteOnSmallDisk(thinning: boolean) {
  const s = {
    dir: '',
    disk: undefined as ReturnType<typeof mountSmallDisk> | undefined,
    t: undefined as unknown as TestSite,
    key: '',
    filler: () => join(s.dir, 'filler'),
    overview: async (): Promise<SiteOverview> =>
      (await s.t.api<SiteOverview>('GET', '/api/v1/overview')).body,
    timeline: async (): Promise<TimelineEntry[]> =>
      (await s.t.api<{ data: TimelineEntry[] }>('GET', '/api/v1/timelines?count=4000')).body.data,
    series: async (sensor: string, from: number, to: number, interval: string, func = 'count') =>
      (
        await s.t.api<SeriesResponse>(
          'GET',
          `/api/v1/gateways/${GW}/sensors/${sensor}/series?dataStart=${new Date(from).toISOString()}&dataEnd=${new Date(to).toISOString()}&interval=${interval}&intervalFunc=${func}`,
        )
      ).body.data,
  };
  before(async () => {
    s.disk = mountSmallDisk('edge-site-fulldisk-', '32m');
    s.dir = s.disk.dir;
    s.t = await startTestSite(
      {
        diskWarnFreeBytes: WARN,
        diskThinFreeBytes: thinning ? THIN : 0,
        diskReserveBytes: RESERVE,
        // compacted soon after 10 s: only values in chunks can be thinned
        compactionWindowSeconds: 0,
      },
      s.dir,
    );
    s.key = await s.t.registerGateway(GW, { modelId: '34', legacyPlainTcp: false });
    for (const sensor of [SENSOR, THIN_SENSOR, ALARM_SENSOR])
      await s.t.registerSensor(GW, s.key, sensor, 'number');
  });
  after(async () => {
    await s.t?.stop().catch(() => undefined);
    s.disk?.remove();
  });
  return s;
}

const times = (data: SeriesResponse['data']): number[] => data.filter((_, i) => i % 2 === 1) as number[];

/** publishes [time, value] pairs in messages of 500; resolves the acknowledged times */
async function publish(
  client: MqttClient,
  sensor: string,
  pairs: Array<[number, number]>,
): Promise<number[]> {
  const acked: number[] = [];
  for (let i = 0; i < pairs.length; i += 500) {
    const part = pairs.slice(i, i + 500);
    await client.publishAsync(`v/a/g/${GW}/s/${sensor}`, JSON.stringify(part.flat()), { qos: 1 });
    acked.push(...part.map(([time]) => time));
  }
  return acked;
}

/** publishes 200 values per message until the site stops acknowledging; resolves the acknowledged times */
async function publishUntilRefused(client: MqttClient, sensor: string, t0: number): Promise<number[]> {
  const acknowledged: number[] = [];
  const closed = new Promise<'closed'>((resolve) => client.once('close', () => resolve('closed')));
  for (let i = 0; i < 2000; i += 1) {
    const pairs: number[] = [];
    for (let p = 0; p < 200; p += 1) pairs.push(t0 + i * 1000 + p, Math.random());
    const outcome = await Promise.race([
      client
        .publishAsync(`v/a/g/${GW}/s/${sensor}`, JSON.stringify(pairs), { qos: 1 })
        .then(() => 'acked' as const),
      closed,
    ]);
    if (outcome === 'closed') return acknowledged;
    for (let p = 0; p < 200; p += 1) acknowledged.push(t0 + i * 1000 + p);
  }
  throw new Error('the site never stopped acknowledging');
}

describe('a full disk', { skip: mountSkip(), timeout: 120_000 }, () => {
  const s = siteOnSmallDisk(false);

  test('on a completely full disk values are refused, but a threshold alarm is still recorded', async () => {
    const rule = await s.t.api<{ id: number }>('POST', '/api/v1/rules', {
      name: 'Overheat',
      severity: 'fatal',
      gatewayId: GW,
      sensorId: ALARM_SENSOR,
      method: 'over',
      threshold: 100,
    });
    assert.equal(rule.status, 201);
    fillDisk(s.filler());
    assert.equal(freeBytes(s.dir), 0, 'not a byte left');
    // the series store's own WAL may still hold a few commits; values under the threshold until it refuses
    const client = await s.t.connect(GW, { username: GW, password: s.key });
    await publishUntilRefused(client, ALARM_SENSOR, Date.now() - 3_600_000);
    assert.equal((await s.t.api<HealthResponse>('GET', '/healthz')).body.services.storage, 'down');

    const again = await s.t.connect(GW, { username: GW, password: s.key });
    const closed = new Promise<'closed'>((resolve) => again.once('close', () => resolve('closed')));
    const outcome = await Promise.race([
      again
        .publishAsync(`v/a/g/${GW}/s/${ALARM_SENSOR}`, JSON.stringify([Date.now(), 150]), { qos: 1 })
        .then(() => 'acked' as const),
      closed,
    ]);
    assert.equal(outcome, 'closed', 'the value over the threshold was refused too (no PUBACK)');

    const alarm = await eventually('the alarm on the timeline', async () =>
      (await s.timeline()).find((e) => e.type === 'rule' && e.message.startsWith('Overheat')),
    );
    assert.equal(alarm.severity, 'fatal');
    assert.match(alarm.message, /150/);
    const o = await s.overview();
    assert.equal(o.disk.level, 'full');
    assert.equal((await s.t.api<HealthResponse>('GET', '/healthz')).body.disk, 'full');
    assert.ok(
      (await s.timeline()).some((e) => e.severity === 'fatal' && e.message.startsWith('Disk full')),
      'the full disk itself is on the timeline',
    );
    assert.equal(freeBytes(s.dir), 0, 'still full: all of it was written into the reserve');
    unlinkSync(s.filler());
    // the reserve is topped up again once there is room
    await eventually('reserve topped up', async () => (await s.overview()).disk.reserve.ready);
  });

  test('values are refused (no PUBACK) while full, the site says so, and every acknowledged value survives recovery', async () => {
    const before = await s.overview();
    // a new low-disk episode is counted once (the previous test's may still be running)
    const lowExpected = (before.errors.byKind['disk.low'] ?? 0) + (before.disk.low ? 0 : 1);
    // room for some values above the alarm reserve: acknowledged until the site refuses at the reserve
    // (issue 20) or the disk is full, whichever it meets first
    writeFileSync(s.filler(), Buffer.alloc(Math.max(0, freeBytes(s.dir) - RESERVE - 256 * 1024)));

    const client = await s.t.connect(GW, { username: GW, password: s.key });
    const t0 = Date.now() - 3_600_000;
    const acknowledged = await publishUntilRefused(client, SENSOR, t0);
    assert.ok(acknowledged.length > 0);

    const health = await s.t.api<HealthResponse>('GET', '/healthz');
    assert.deepEqual(
      [health.status, health.body.status, health.body.services.storage, health.body.disk],
      [503, 'degraded', 'down', 'full'],
    );
    const o = await s.overview();
    assert.ok((o.errors.byKind['storage.append'] ?? 0) >= 1, JSON.stringify(o.errors.byKind));
    assert.equal(o.disk.low, true);
    assert.equal(o.errors.byKind['disk.low'], lowExpected, 'the low-disk warning is given once');

    unlinkSync(s.filler());
    const again = await s.t.connect(GW, { username: GW, password: s.key });
    await again.publishAsync(`v/a/g/${GW}/s/${SENSOR}`, JSON.stringify([Date.now(), 1]), { qos: 1 });
    const healthAfter = (await s.t.api<HealthResponse>('GET', '/healthz')).body;
    assert.deepEqual([healthAfter.status, healthAfter.disk], ['ok', 'ok'], 'recovered by itself');
    assert.equal((await s.overview()).disk.low, false);
    const entries = await s.timeline();
    assert.ok(
      entries.some((e) => e.message.startsWith('Disk space recovered')),
      JSON.stringify(entries.map((e) => e.message)),
    );

    const stored = await s.series(SENSOR, t0 - 1, Date.now() + 1000, '0');
    const kept = new Set(times(stored));
    const lost = acknowledged.filter((time) => !kept.has(time));
    assert.deepEqual(lost.length, 0, `${lost.length} of ${acknowledged.length} acknowledged values lost`);
  });
});

describe('the disk budget thins the oldest raw values', { skip: mountSkip(), timeout: 120_000 }, () => {
  const s = siteOnSmallDisk(true);

  test('below the thinning threshold the oldest raw values are thinned; charts and newer values stay', async () => {
    // six whole days of raw values (every 2 s, random: they do not compress away) and a recent tail
    const day0 = Math.floor(Date.now() / DAY) * DAY - 7 * DAY;
    const pairs: Array<[number, number]> = [];
    for (let time = day0; time < day0 + 6 * DAY; time += 2000) pairs.push([time, Math.random() * 1000]);
    for (let time = Date.now() - 600_000; time < Date.now() - 1000; time += 1000) pairs.push([time, 1]);
    const client = await s.t.connect(GW, { username: GW, password: s.key });
    const acknowledged = await publish(client, THIN_SENSOR, pairs);
    await client.endAsync();
    const hourly = await s.series(THIN_SENSOR, day0, day0 + 6 * DAY, '1h');
    assert.equal(hourly.length, 6 * 24 * 2, 'one count per hour');

    // compaction moves log rows older than 10 s into chunks: only those can be thinned
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    assert.equal((await s.overview()).disk.level, 'ok', JSON.stringify((await s.overview()).disk));
    writeFileSync(s.filler(), Buffer.alloc(Math.max(0, freeBytes(s.dir) - THIN + 512 * 1024)));
    assert.ok(freeBytes(s.dir) < THIN);

    const thinned = await eventually(
      'thinning back above the threshold',
      async () => {
        const o = await s.overview();
        return o.disk.thinnedBefore !== null && o.disk.level === 'low' ? o : null;
      },
      30_000,
    );
    assert.ok(thinned.disk.freeBytes >= THIN, JSON.stringify(thinned.disk));
    assert.ok(thinned.disk.thinnedChunks > 0);
    assert.ok((thinned.errors.byKind['disk.thinned'] ?? 0) >= 1, JSON.stringify(thinned.errors.byKind));
    const thinnedBefore = thinned.disk.thinnedBefore!;
    assert.ok(thinnedBefore > day0 && thinnedBefore < day0 + 6 * DAY, new Date(thinnedBefore).toISOString());
    const entries = await s.timeline();
    const note = entries.find((e) =>
      /raw sensor values through \d{4}-\d\d-\d\d \(UTC\) thinned/.test(e.message),
    );
    assert.ok(note, JSON.stringify(entries.map((e) => e.message)));
    assert.equal(note.severity, 'warning');
    assert.match(note.message, /MiB freed/);

    // raw values of the thinned days are gone (but for the chunk reaching over the boundary: chunks of
    // 1000 points span 2000 s here), their rollups answer the chart as before
    assert.deepEqual(await s.series(THIN_SENSOR, day0, thinnedBefore - HOUR, '0'), []);
    assert.deepEqual(await s.series(THIN_SENSOR, day0, day0 + 6 * DAY, '1h'), hourly);
    // every acknowledged value newer than the thinned range is still there, raw
    const kept = new Set<number>();
    for (let from = thinnedBefore; from < Date.now(); from += DAY)
      // a day per request: under the raw cap
      for (const time of times(
        await s.series(THIN_SENSOR, from, Math.min(from + DAY, Date.now() + 1000), '0'),
      ))
        kept.add(time);
    const lost = acknowledged.filter((time) => time >= thinnedBefore && !kept.has(time));
    assert.equal(lost.length, 0, `${lost.length} acknowledged values newer than the thinned range lost`);
    unlinkSync(s.filler());
  });
});

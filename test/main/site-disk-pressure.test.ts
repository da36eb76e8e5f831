// Issue 20's fault run as a test: a young site on a small disk filled by QoS 1 ingest. Nothing it has
// is older than a day, so the disk budget may thin nothing (the most recent hours stay raw): the site
// refuses values (no PUBACK) at its alarm reserve, acknowledges again by itself once the disk grows, and
// every acknowledged value is then both raw and in the 1 min rollups' counts, exactly.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import type { SeriesResponse, SiteOverview } from '../../src/shared/api.js';
import type { TimelineEntry } from '../../src/shared/model.js';
import { eventually, startTestSite, type TestSite } from '../support/site.js';
import { freeBytes, mountSkip, mountSmallDisk } from '../support/small-disk.js';

const MIN = 60_000;
const GATEWAYS = ['d15c0000aa01', 'd15c0000aa02', 'd15c0000aa03', 'd15c0000aa04'];
const SENSORS = Array.from({ length: 10 }, (_, i) => `v${i}`);
/** the load runs until values were acknowledged for this long after the disk grew, at most LOAD_MS */
const AFTER_GROWTH_MS = 5_000;
const LOAD_MS = 45_000;

type Counts = Map<string, Map<number, number>>;

describe('disk pressure on a young site', { skip: mountSkip(), timeout: 240_000 }, () => {
  let disk: ReturnType<typeof mountSmallDisk>;
  let t: TestSite;
  const keys = new Map<string, string>();
  before(async () => {
    disk = mountSmallDisk('edge-site-pressure-', '32m');
    // the site's defaults: on a 32 MB disk it is below every threshold from the start
    t = await startTestSite({ compactionWindowSeconds: 0 }, disk.dir);
    for (const gw of GATEWAYS) {
      const key = await t.registerGateway(gw, { modelId: '34', legacyPlainTcp: false });
      keys.set(gw, key);
      for (const s of SENSORS) await t.registerSensor(gw, key, `${gw}-${s}`, 'number');
    }
    // a ballast file leaves the reserve (16 MiB) and 6 MiB more: the load then reaches the reserve in
    // seconds whatever else the machine is doing (the load alone needed ~16 MB, too slow on a busy CI box)
    const room = freeBytes(disk.dir) - 22 * 1024 * 1024;
    if (room > 0) writeFileSync(join(disk.dir, 'ballast'), Buffer.alloc(room));
  });
  after(async () => {
    await t?.stop().catch(() => undefined);
    disk?.remove();
  });

  test('refused at the reserve, nothing of today thinned, acknowledged again after growth, counts exact', async () => {
    const t0 = Math.floor((Date.now() - 2 * 3_600_000) / MIN) * MIN;
    const acked: Counts = new Map();
    const end = Date.now() + LOAD_MS;
    let sawFull = false;
    let grown = false;
    let grownAt = 0;
    const loading = () => Date.now() < end && !(grownAt > 0 && Date.now() > grownAt + AFTER_GROWTH_MS);
    const watcher = setInterval(() => {
      void t.api<SiteOverview>('GET', '/api/v1/overview').then(({ body }) => {
        if (body.disk.level !== 'full' || grown) return;
        sawFull = true;
        grown = true;
        // refused for a while, then the operator makes room
        setTimeout(() => {
          execFileSync('mount', ['-o', 'remount,size=512m', 'tmpfs', disk.dir]);
          grownAt = Date.now();
        }, 3000);
      });
    }, 500);
    const lanes: Array<Promise<void>> = [];
    for (const gw of GATEWAYS) {
      const client = await t.connect(gw, { username: gw, password: keys.get(gw)!, reconnectPeriod: 300 });
      for (let lane = 0; lane < 4; lane++) lanes.push(publishLane(client, gw, lane, t0, loading, acked));
    }
    await Promise.all(lanes);
    clearInterval(watcher);
    const seen = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
    assert.ok(sawFull, `the site reached its reserve and said so: ${JSON.stringify(seen.disk)}`);
    assert.ok(grown);

    const o = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
    assert.equal(o.disk.thinnedBefore, null, 'nothing younger than a day was thinned');
    assert.equal(o.disk.thinnedChunks, 0);
    const timeline = (await t.api<{ data: TimelineEntry[] }>('GET', '/api/v1/timelines?count=4000')).body
      .data;
    assert.ok(
      timeline.some((e) => e.message.startsWith('Disk full on the site PC')),
      JSON.stringify(timeline.map((e) => e.message)),
    );

    // compaction catches up (its passes run every tick with a window of 0): the checks below then read
    // chunks and rollups, not the log
    await eventually(
      'the ingest log compacted',
      async () => (await t.api<SiteOverview>('GET', '/api/v1/overview')).body.storage.logValues === 0,
      90_000,
    );
    // every acknowledged value: raw, and counted once in its minute
    let total = 0;
    for (const [sensor, minutes] of acked) {
      const gw = sensor.slice(0, 12);
      const to = Math.max(...minutes.keys()) + MIN;
      const series = async (interval: string, count = '') =>
        (
          await t.api<SeriesResponse>(
            'GET',
            `/api/v1/gateways/${gw}/sensors/${sensor}/series?dataStart=${new Date(t0).toISOString()}&dataEnd=${new Date(to).toISOString()}&interval=${interval}&intervalFunc=count${count}`,
          )
        ).body;
      const counted = new Map<number, number>();
      const perMinute = await series('1m');
      for (let i = 0; i < perMinute.data.length; i += 2)
        counted.set(perMinute.data[i + 1] as number, perMinute.data[i] as number);
      assert.deepEqual(counted, minutes, `${sensor}: 1 min counts equal the acknowledged values`);
      const n = [...minutes.values()].reduce((a, b) => a + b, 0);
      const raw = await t.fetch(
        `http://127.0.0.1:${t.site.ports.http}/api/v1/export?sensors=${gw}:${sensor}&dataStart=${new Date(t0).toISOString()}&dataEnd=${new Date(to).toISOString()}&format=csv`,
      );
      assert.equal(raw.headers.get('x-edge-site-thinned'), '[]', 'nothing asked for was thinned');
      const rows = (await raw.text()).trim().split('\n').length - 1;
      assert.equal(rows, n, `${sensor}: every acknowledged value is there raw`);
      total += n;
    }
    assert.ok(total > 50_000, `${total} values acknowledged`);
    console.log(`${total} values acknowledged`);
  });

  test('both databases pass integrity_check after the episode', async () => {
    await t.stop();
    for (const name of ['site.db', 'series.db']) {
      const db = new Database(join(disk.dir, name), { readonly: true });
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', name);
      db.close();
    }
  });
});

/** QoS 1 messages of 20 values for each of the gateway's sensors while `loading()`; counts what was acked */
async function publishLane(
  client: MqttClient,
  gw: string,
  lane: number,
  t0: number,
  loading: () => boolean,
  acked: Counts,
): Promise<void> {
  for (let i = 0; loading(); i++) {
    const base = t0 + (i * 4 + lane) * 2000;
    const body: Record<string, number[]> = {};
    for (const s of SENSORS) {
      const pairs: number[] = [];
      for (let p = 0; p < 20; p++) pairs.push(base + p * 100, Math.round(Math.random() * 1e5) / 100);
      body[`${gw}-${s}`] = pairs;
    }
    // a refused message is kept by mqtt.js and sent again after the reconnect: awaited until acked
    await client.publishAsync(`v/a/g/${gw}`, JSON.stringify(body), { qos: 1 });
    for (const s of SENSORS) {
      let minutes = acked.get(`${gw}-${s}`);
      if (!minutes) acked.set(`${gw}-${s}`, (minutes = new Map()));
      for (let p = 0; p < 20; p++) {
        const minute = Math.floor((base + p * 100) / MIN) * MIN;
        minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
      }
    }
  }
}

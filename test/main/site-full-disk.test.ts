// A full disk (a small tmpfs as the data dir): ingest stops acknowledging, the site says so and keeps
// serving, nothing acknowledged is lost, and it recovers by itself when space returns.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HealthResponse, SeriesResponse, SiteOverview } from '../../src/shared/api.js';
import { startTestSite, type TestSite } from '../support/site.js';

function mountSkip(): string | false {
  if (process.getuid?.() === 0) return false;
  const reason = 'mounting a small tmpfs needs root';
  if (process.env.CI === 'true') throw new Error(`CI must not skip: ${reason}`);
  return reason;
}

const GW = 'd15c00000001';
const SENSOR = `${GW}-0-v`;

describe('a full disk', { skip: mountSkip(), timeout: 120_000 }, () => {
  let dir: string;
  let t: TestSite;
  let key: string;
  const filler = () => join(dir, 'filler');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edge-site-fulldisk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
    t = await startTestSite({ diskWarnFreeBytes: 4 * 1024 * 1024 }, dir);
    key = await t.registerGateway(GW, { modelId: '34', legacyPlainTcp: false });
    await t.registerSensor(GW, key, SENSOR, 'number');
  });
  after(async () => {
    await t?.stop().catch(() => undefined);
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('values are refused (no PUBACK) while full, the site says so, and every acknowledged value survives recovery', async () => {
    const { bavail, bsize } = statfsSync(dir);
    writeFileSync(filler(), Buffer.alloc(Math.max(0, Number(bavail) * Number(bsize) - 96 * 1024)));

    const acknowledged: number[] = [];
    const client = await t.connect(GW, { username: GW, password: key });
    const closed = new Promise<'closed'>((resolve) => client.once('close', () => resolve('closed')));
    const t0 = Date.now() - 3_600_000;
    let refused = false;
    for (let i = 0; i < 2000 && !refused; i += 1) {
      const pairs: number[] = [];
      for (let p = 0; p < 200; p += 1) pairs.push(t0 + i * 1000 + p, Math.random());
      const outcome = await Promise.race([
        client
          .publishAsync(`v/a/g/${GW}/s/${SENSOR}`, JSON.stringify(pairs), { qos: 1 })
          .then(() => 'acked' as const),
        closed,
      ]);
      if (outcome === 'acked') for (let p = 0; p < 200; p += 1) acknowledged.push(t0 + i * 1000 + p);
      else refused = true;
    }
    assert.ok(refused, 'the site stopped acknowledging once the disk was full');
    assert.ok(acknowledged.length > 0);

    const health = await t.api<HealthResponse>('GET', '/healthz');
    assert.deepEqual(
      [health.status, health.body.status, health.body.services.storage],
      [503, 'degraded', 'down'],
    );
    const overview = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
    assert.ok((overview.errors.byKind['storage.append'] ?? 0) >= 1, JSON.stringify(overview.errors.byKind));
    assert.equal(overview.disk.low, true);
    assert.equal(overview.errors.byKind['disk.low'], 1, 'the low-disk warning is given once');

    unlinkSync(filler());
    const again = await t.connect(GW, { username: GW, password: key });
    await again.publishAsync(`v/a/g/${GW}/s/${SENSOR}`, JSON.stringify([Date.now(), 1]), { qos: 1 });
    assert.equal((await t.api<HealthResponse>('GET', '/healthz')).body.status, 'ok', 'recovered by itself');
    assert.equal((await t.api<SiteOverview>('GET', '/api/v1/overview')).body.disk.low, false);
    const entries = (await t.api<{ data: Array<{ message: string }> }>('GET', '/api/v1/timelines')).body.data;
    assert.ok(
      entries.some((e) => e.message.startsWith('Disk space recovered')),
      JSON.stringify(entries),
    );

    const stored = (
      await t.api<SeriesResponse>(
        'GET',
        `/api/v1/gateways/${GW}/sensors/${SENSOR}/series?dataStart=${new Date(t0 - 1).toISOString()}&interval=0`,
      )
    ).body.data;
    const times = new Set(stored.filter((_, i) => i % 2 === 1));
    const lost = acknowledged.filter((time) => !times.has(time));
    assert.deepEqual(lost.length, 0, `${lost.length} of ${acknowledged.length} acknowledged values lost`);
  });
});

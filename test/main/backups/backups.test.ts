// Backups of a running site and restores, with the real parts: a site on loopback taking QoS 1 values
// from a gateway played by mqtt.js while a backup is made, the backup restored into a fresh data dir and
// a site started on it (every value acknowledged before the backup began is there, integrity_check ok);
// encryption, damaged files, a data dir that already holds a site, retention, the API and the CLI.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { restoreBackup, runRestoreCli } from '../../../src/main/backups/index.js';
import type { ApiError, BackupInfo } from '../../../src/shared/api.js';
import { startTestSite, type TestSite } from '../../support/site.js';

const GW = 'ba0000000001';
const SENSORS = ['t1', 't2', 't3'].map((s) => `${GW}-${s}`);
let t: TestSite;
let key = '';
const scratch = mkdtempSync(join(tmpdir(), 'edge-site-backup-test-'));

before(async () => {
  t = await startTestSite({ backups: { everyHours: 0, keep: 3 } });
  key = await t.registerGateway(GW);
  for (const s of SENSORS) await t.registerSensor(GW, key, s, 'temperature');
});
after(async () => {
  await t?.destroy();
  rmSync(scratch, { recursive: true, force: true });
});

const backupsOf = async (site: TestSite) =>
  (await site.api<{ data: BackupInfo[] }>('GET', '/api/v1/backups')).body.data;

test('a backup made while a gateway publishes at QoS 1 restores every value acknowledged before it began', async () => {
  const gw = await t.connect(GW, { username: GW, password: key });
  const acked: Array<{ time: number; ackedAt: number }> = [];
  let stop = false;
  const T0 = Date.now() - 3_600_000;
  let i = 0;
  const publishing = (async () => {
    while (!stop) {
      const time = T0 + i++ * 1000;
      const body = Object.fromEntries(SENSORS.map((s) => [s, [time, i % 100]]));
      await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify(body), { qos: 1 });
      acked.push({ time, ackedAt: Date.now() });
    }
  })();
  while (acked.length < 20) await new Promise((r) => setTimeout(r, 50));
  const began = Date.now();
  const made = await t.api<BackupInfo>('POST', '/api/v1/backups', {});
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await new Promise((r) => setTimeout(r, 200));
  stop = true;
  await publishing;
  await gw.endAsync();
  assert.ok(acked.filter((a) => a.ackedAt < began).length > 10, 'values were acknowledged before the backup');
  assert.ok(
    acked.some((a) => a.ackedAt > began),
    'ingest went on while the backup was made',
  );

  const download = await t.fetch(
    `http://127.0.0.1:${t.site.ports.http}/api/v1/backups/${made.body.id}/download`,
  );
  assert.equal(download.status, 200);
  const file = join(scratch, made.body.id);
  writeFileSync(file, Buffer.from(await download.arrayBuffer()));
  assert.equal(readFileSync(file).length, made.body.bytes);

  const dir = join(scratch, 'restored');
  assert.equal(await runRestoreCli(['--from', file, '--data-dir', dir], devNull(), devNull()), 0);
  for (const db of ['site.db', 'series.db']) {
    const check = new Database(join(dir, db), { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
  }
  const restored = await startTestSite({ backups: { everyHours: 0 } }, dir);
  try {
    for (const s of SENSORS) {
      const res = await restored.api<{ data: number[] }>(
        'GET',
        `/api/v1/gateways/${GW}/sensors/${s}/series?dataStart=${new Date(T0 - 1000).toISOString()}&dataEnd=${new Date(Date.now() + 60_000).toISOString()}&interval=0`,
      );
      const times = new Set<number>();
      for (let k = 1; k < res.body.data.length; k += 2) times.add(res.body.data[k]!);
      const missing = acked.filter((a) => a.ackedAt < began && !times.has(a.time));
      assert.deepEqual(missing, [], `${s}: acknowledged before the backup and missing after the restore`);
    }
    // the registry came back too: the gateway and its key
    const gateway = await restored.api<{ id: string }>('GET', `/api/v1/gateways/${GW}`);
    assert.equal(gateway.status, 200);
  } finally {
    await restored.stop();
  }
});

test('an encrypted backup needs its passphrase; a damaged one and a data dir with a site are refused', async () => {
  const made = await t.api<BackupInfo>('POST', '/api/v1/backups', { passphrase: 'correct horse battery' });
  assert.equal(made.status, 201);
  assert.equal(made.body.encrypted, true);
  assert.match(made.body.id, /\.tar\.gz\.enc$/);
  const file = join(t.dataDir, 'backups', made.body.id);
  assert.ok(!readFileSync(file).includes('SQLite format 3'), 'no database page in the clear');
  const dir = join(scratch, 'enc');
  await assert.rejects(
    restoreBackup({ from: file, dataDir: dir }),
    /this backup is encrypted: give its passphrase/,
  );
  await assert.rejects(
    restoreBackup({ from: file, dataDir: dir, passphrase: 'wrong horse' }),
    /wrong passphrase, or the backup file is damaged/,
  );
  assert.ok(!existsSync(join(dir, 'site.db')), 'nothing written by a failed restore');
  const ok = await restoreBackup({ from: file, dataDir: dir, passphrase: 'correct horse battery' });
  assert.ok(ok.files.includes('series.db') && ok.files.includes('site.db'));

  await assert.rejects(
    restoreBackup({ from: file, dataDir: dir, passphrase: 'correct horse battery' }),
    /already holds a site \(.*site\.db.*\); use --force to replace it/,
  );
  await restoreBackup({ from: file, dataDir: dir, passphrase: 'correct horse battery', force: true });

  const plain = await t.api<BackupInfo>('POST', '/api/v1/backups');
  const damaged = join(scratch, 'damaged.tar.gz');
  const bytes = readFileSync(join(t.dataDir, 'backups', plain.body.id));
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  writeFileSync(damaged, bytes);
  await assert.rejects(restoreBackup({ from: damaged, dataDir: join(scratch, 'dmg') }));
  assert.ok(!existsSync(join(scratch, 'dmg', 'site.db')));
});

test('the newest `keep` backups are kept; the API names what it cannot do', async () => {
  for (let i = 0; i < 4; i++) assert.equal((await t.api('POST', '/api/v1/backups')).status, 201);
  const list = await backupsOf(t);
  assert.equal(list.length, 3);
  assert.ok(list[0]!.createdAt >= list[2]!.createdAt);
  const short = await t.api<ApiError>('POST', '/api/v1/backups', { passphrase: 'short' });
  assert.equal(short.status, 400);
  assert.match(short.body.message, /passphrase/);
  const [a, b] = await Promise.all([
    t.api('POST', '/api/v1/backups'),
    t.api<ApiError>('POST', '/api/v1/backups'),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [201, 409]);
  assert.equal((await t.api('GET', '/api/v1/backups/..%2Fsite.db/download')).status, 404);
  assert.equal(
    (await t.api('GET', '/api/v1/backups/edge-site-20000101T000000Z.tar.gz/download')).status,
    404,
  );
});

test('the restore command says what is wrong', async () => {
  const err: string[] = [];
  const sink = { write: (s: string | Uint8Array) => err.push(String(s)) > 0 };
  assert.equal(await runRestoreCli(['--data-dir', scratch], devNull(), sink), 2);
  assert.match(err.join(''), /--from and --data-dir are required/);
  assert.equal(
    await runRestoreCli(['--from', join(scratch, 'none'), '--data-dir', join(scratch, 'x')], devNull(), sink),
    1,
  );
  assert.match(err.join(''), /no backup file at/);
});

function devNull(): Pick<NodeJS.WriteStream, 'write'> {
  return { write: () => true };
}

test("a cluster node's place in the values log travels with its series.db: restored, it is the backup's, never the newer one left behind", async () => {
  const position = (dir: string) => join(dir, 'replication-EDGE_VALUES.json');
  const place = (seq: number) => JSON.stringify({ appliedSeq: seq, streamCreated: '2026-12-01T00:00:00Z' });
  writeFileSync(position(t.dataDir), place(120));
  const made = await t.api<BackupInfo>('POST', '/api/v1/backups');
  assert.equal(made.status, 201);
  const withPlace = join(t.dataDir, 'backups', made.body.id);
  rmSync(position(t.dataDir));
  const without = join(t.dataDir, 'backups', (await t.api<BackupInfo>('POST', '/api/v1/backups')).body.id);

  // the node went on to 500 after the backup: restored, it applies the log again from 120 (the
  // values after it are not in the restored series.db), not from 500
  const dir = join(scratch, 'node');
  await restoreBackup({ from: withPlace, dataDir: dir });
  writeFileSync(position(dir), place(500));
  const restored = await restoreBackup({ from: withPlace, dataDir: dir, force: true });
  assert.ok(restored.files.includes('replication-EDGE_VALUES.json'), restored.files.join());
  assert.equal(JSON.parse(readFileSync(position(dir), 'utf8')).appliedSeq, 120);
  // a backup that had no place (a single node's): the left-behind place goes, the log is applied from
  // its start (idempotent per sensor and time)
  await restoreBackup({ from: without, dataDir: dir, force: true });
  assert.ok(!existsSync(position(dir)), 'no place left that the restored series.db does not hold');
});

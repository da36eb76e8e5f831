// The site as a process: clean shutdown on signals, clear start-up errors, and no acknowledged value lost
// across a kill -9.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import type { SeriesResponse } from '../../src/shared/api.js';
import { adminHeaders, spawnSite } from '../support/site-process.js';

const ENTRY = fileURLToPath(new URL('../../src/main/index.ts', import.meta.url));
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'edge-site-proc-'));
  dirs.push(dir);
  return dir;
};

async function api<T>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path.replace(/^\//, '')}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(await adminHeaders(url)),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

test('--help prints usage; a bad setting exits 2 with a message naming it', () => {
  const help = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--mqtt-port N/);
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ http: { port: 'eighty' } }));
  const bad = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, '--data-dir', dir], {
    encoding: 'utf8',
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\/http\/port/);
});

test('SIGTERM and SIGINT shut the site down cleanly with exit code 0', async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const site = await spawnSite(tempDir());
    assert.equal((await api<{ status: string }>(site.url, 'GET', '/healthz')).body.status, 'ok');
    site.child.kill(signal);
    const { code } = await site.exited;
    assert.equal(code, 0, site.output());
  }
});

test('kill -9 during ingest loses no acknowledged value', async () => {
  const dataDir = tempDir();
  const gw = 'k1110000000a';
  const sensors = ['s0', 's1', 's2', 's3'].map((s) => `${gw}-0-${s}`);
  let site = await spawnSite(dataDir);
  const key = (
    await api<Record<string, string>>(site.url, 'POST', '/api/v1/registerGatewayKey', {
      id: gw,
      modelId: '34',
    })
  ).body[gw]!;
  for (const sid of sensors) {
    const res = await api(
      site.url,
      'POST',
      `/gateways/${gw}/sensors`,
      { reqId: sid, type: 'number', name: sid },
      { username: gw, apikey: key },
    );
    assert.equal(res.status, 201);
  }

  const acknowledged = new Map<string, number[]>(sensors.map((s) => [s, []]));
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${site.mqttPort}`, {
    clientId: gw,
    username: gw,
    password: key,
    reconnectPeriod: 0,
  });
  client.on('error', () => undefined);
  const t0 = Date.now() - 10 * 3_600_000;
  let seq = 0;
  let killed = false;
  // Several publishers in flight at once, as a gateway flushing its buffer does.
  const publisher = async (): Promise<void> => {
    while (!killed) {
      const n = seq++;
      const batch: Record<string, number[]> = {};
      for (const sid of sensors) batch[sid] = [t0 + n * 10, n, t0 + n * 10 + 5, n + 0.5];
      try {
        await client.publishAsync(`v/a/g/${gw}`, JSON.stringify(batch), { qos: 1 });
        for (const sid of sensors) acknowledged.get(sid)!.push(t0 + n * 10, t0 + n * 10 + 5);
      } catch {
        return;
      }
    }
  };
  const publishers = Array.from({ length: 8 }, publisher);
  while ((acknowledged.get(sensors[0]!)?.length ?? 0) < 2000) await new Promise((r) => setTimeout(r, 20));
  site.child.kill('SIGKILL');
  killed = true;
  await site.exited;
  client.end(true);
  await Promise.all(publishers);

  site = await spawnSite(dataDir);
  try {
    for (const sid of sensors) {
      const acked = acknowledged.get(sid)!;
      const res = await api<SeriesResponse>(
        site.url,
        'GET',
        `/api/v1/gateways/${gw}/sensors/${sid}/series?dataStart=${new Date(t0 - 1).toISOString()}&interval=0`,
      );
      const storedTimes = new Set(res.body.data.filter((_, i) => i % 2 === 1) as number[]);
      const lost = acked.filter((t) => !storedTimes.has(t));
      assert.deepEqual(lost, [], `${sid}: ${lost.length} of ${acked.length} acknowledged values lost`);
      assert.equal(storedTimes.size, res.body.data.length / 2, 'no value stored twice');
    }
  } finally {
    site.child.kill('SIGTERM');
    await site.exited;
  }
});

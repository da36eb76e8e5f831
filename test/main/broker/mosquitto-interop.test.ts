// Interop: third-party MQTT clients (Debian's mosquitto_pub / mosquitto_sub) play the gateway.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { SeriesResponse } from '../../../src/shared/api.js';
import { toolMissing } from '../../support/tools.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const skip = toolMissing('mosquitto-clients', '/usr/bin/mosquitto_pub', '/usr/bin/mosquitto_sub');
const GW = 'm0sq00000001';
const SENSOR = `${GW}-0-temp0`;

function run(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('mosquitto clients as Thing+ gateways', { skip }, () => {
  let t: TestSite;
  let apiKey: string;
  const t0 = Date.now() - 60_000;

  before(async () => {
    t = await startTestSite();
    apiKey = await t.registerGateway(GW, { modelId: '34', legacyPlainTcp: false });
    await t.registerSensor(GW, apiKey, SENSOR, 'temperature');
  });
  after(() => t.destroy());

  const common = () => ['-h', '127.0.0.1', '-p', String(t.site.ports.mqtt), '-i', GW, '-u', GW, '-P', apiKey];
  const stored = async () =>
    (
      await t.api<SeriesResponse>(
        'GET',
        `/api/v1/gateways/${GW}/sensors/${SENSOR}/series?dataStart=${new Date(t0 - 1).toISOString()}&interval=0`,
      )
    ).body.data;

  test('mosquitto_pub publishes CSV and gzip values at QoS 1 (MQTT 3.1.1 and 3.1)', async () => {
    const csv = await run('mosquitto_pub', [
      ...common(),
      '-q',
      '1',
      '-t',
      `v/a/g/${GW}/s/${SENSOR}`,
      '-m',
      `${t0},21.5,${t0 + 1000},22`,
    ]);
    assert.equal(csv.code, 0, csv.stderr);
    const file = join(t.dataDir, 'batch.gz');
    writeFileSync(file, gzipSync(JSON.stringify({ [SENSOR]: [t0 + 2000, 22.5, t0 + 3000, 23] })));
    const gz = await run('mosquitto_pub', [
      ...common(),
      '-V',
      'mqttv31',
      '-q',
      '1',
      '-t',
      `v/a/g/${GW}`,
      '-f',
      file,
    ]);
    assert.equal(gz.code, 0, gz.stderr);
    await eventually('values stored', async () => (await stored()).length === 8);
    assert.deepEqual(await stored(), [21.5, t0, 22, t0 + 1000, 22.5, t0 + 2000, 23, t0 + 3000]);
  });

  test('mosquitto_sub on the req topic receives the timeSync request', async () => {
    const sub = await run('mosquitto_sub', [
      ...common(),
      '-q',
      '1',
      '-t',
      `v/a/g/${GW}/req`,
      '-C',
      '1',
      '-W',
      '10',
    ]);
    assert.equal(sub.code, 0, sub.stderr);
    const request = JSON.parse(sub.stdout.trim());
    assert.equal(request.method, 'timeSync');
    assert.equal(typeof request.params.time, 'number');
    assert.equal('jsonrpc' in request, false);
  });

  test('a wrong password is refused with CONNACK 4', async () => {
    const refused = await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(t.site.ports.mqtt),
      '-i',
      GW,
      '-u',
      GW,
      '-P',
      'wrong',
      '-t',
      `v/a/g/${GW}/s/${SENSOR}`,
      '-m',
      `${Date.now()},1`,
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /not authori[sz]ed|bad user name or password|Connection Refused/i);
  });
});

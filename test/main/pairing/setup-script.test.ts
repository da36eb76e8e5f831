// The one command that points a Thing+ Gateway at the site, run the way a technician runs it: the script
// fetched from a real site's gateway REST and piped to `sh`, against a gateway install laid out as the
// Thing+ Gateway's (config/default.json read by node-config, thingplus.sh to restart it); then a gateway
// that connects with what the script wrote knocks on the site.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PendingGateway } from '../../../src/shared/api.js';
import { THINGPLUS_SETUP_PATH } from '../../../src/shared/api.js';
import { scriptHost, thingplusSetupScript } from '../../../src/main/pairing/setup-script.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';
import { httpCall, mqttFrom } from '../../support/trust.js';

const GATEWAY_ID = 'b827eb0a1c2d';
// a Thing+ Gateway's settings as shipped: pointed at the cloud over TLS, with a key
const SHIPPED = {
  Gateway: { id: GATEWAY_ID, name: 'gw-press', reportInterval: 60000 },
  Server: {
    timeSyncCheckInterval: 60000,
    APIKEY: 'cloud-key',
    mqtt: { protocol: 'mqtts', host: 'mqtt.thingplus.net', port: '8883', retryConnectInterval: 60000 },
    service: { protocol: 'https', host: 'www.thingplus.net', port: '8443' },
  },
  Store: { baseDir: '/var/lib/thingplus/' },
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `… | sh`: the script on sh's standard input, in `cwd`, with HOME set to the fake machine's home. */
function pipeToSh(script: string, home: string, env: Record<string, string> = {}, cwd = '/'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [], { cwd, env: { PATH: process.env.PATH ?? '', HOME: home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

/** A machine with a Thing+ Gateway in ~/thingplus; thingplus.sh records how it was called. */
function fakeGateway(
  root: string,
  settings: unknown = SHIPPED,
): { home: string; conf: string; marker: string } {
  const home = join(root, 'home');
  const dir = join(home, 'thingplus');
  mkdirSync(join(dir, 'config'), { recursive: true });
  const conf = join(dir, 'config', 'default.json');
  writeFileSync(conf, typeof settings === 'string' ? settings : JSON.stringify(settings, null, 2));
  writeFileSync(join(dir, 'config', 'runtime.json'), JSON.stringify({ Gateway: { reportInterval: 120000 } }));
  const marker = join(root, 'restarted');
  writeFileSync(join(dir, 'thingplus.sh'), `#!/bin/sh\necho "$@" >> '${marker}'\n`);
  chmodSync(join(dir, 'thingplus.sh'), 0o755);
  return { home, conf, marker };
}

describe('the Thing+ Gateway setup command', () => {
  let t: TestSite;
  let root: string;
  let script: string;
  const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as typeof SHIPPED;

  before(async () => {
    t = await startTestSite({ gatewayHttp: { port: 0 } });
    root = mkdtempSync(join(tmpdir(), 'edge-setup-'));
    const res = await httpCall(`http://127.0.0.1:${t.site.ports.gatewayHttp}${THINGPLUS_SETUP_PATH}`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    script = res.body;
  });
  after(async () => {
    await t.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  test('points a shipped gateway at the site, keeps its other settings and a copy, and restarts it', async () => {
    const g = fakeGateway(join(root, 'a'));
    const before = readFileSync(g.conf, 'utf8');
    const run = await pipeToSh(script, g.home);
    assert.equal(run.code, 0, run.stderr);
    const c = readJson(g.conf);
    assert.deepEqual(c.Server.mqtt, {
      protocol: 'mqtt',
      host: '127.0.0.1',
      port: t.site.ports.mqtt,
      retryConnectInterval: 60000,
    });
    assert.deepEqual(c.Server.service, {
      protocol: 'http',
      host: '127.0.0.1',
      port: t.site.ports.gatewayHttp,
    });
    assert.equal('APIKEY' in c.Server, false, 'with a key the gateway would call https on 443');
    assert.equal(c.Server.timeSyncCheckInterval, 60000);
    assert.deepEqual(c.Gateway, SHIPPED.Gateway);
    assert.deepEqual(c.Store, SHIPPED.Store);
    assert.equal(readFileSync(`${g.conf}.before-edge-site`, 'utf8'), before);
    const runtime = readJson(join(g.home, 'thingplus', 'config', 'runtime.json'));
    assert.deepEqual(runtime, { Gateway: { reportInterval: 120000 } }, 'no Server there: left alone');
    assert.equal(readFileSync(g.marker, 'utf8'), 'restart\n');
    assert.match(
      run.stdout,
      new RegExp(`gateway ${GATEWAY_ID} → 127\\.0\\.0\\.1 in .*/config/default\\.json \\(old`),
    );
    assert.match(run.stdout, /done: it shows in the site's guide/);
    assert.ok(run.stdout.split(/\s+/).length < 40, `terse: ${run.stdout}`);

    // the gateway, started again with what the script wrote, reaches the site and is listed as knocking
    const knock = await mqttFrom('127.0.0.1', c.Server.mqtt.port as number, c.Gateway.id);
    assert.equal(knock.code, 5, 'not added yet');
    const pending = await eventually('the gateway listed as knocking', async () => {
      const list = (await t.api<PendingGateway[]>('GET', '/api/v1/pendingGateways')).body;
      return list.find((p) => p.id === GATEWAY_ID);
    });
    assert.equal(pending.withCredentials, false);

    // run again: the same settings, the first copy kept, restarted again
    const again = await pipeToSh(script, g.home);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(readJson(g.conf), c);
    assert.equal(readFileSync(`${g.conf}.before-edge-site`, 'utf8'), before);
    assert.equal(readFileSync(g.marker, 'utf8'), 'restart\nrestart\n');
  });

  test('an override file with its own Server section is changed too, so it cannot hide the change', async () => {
    const g = fakeGateway(join(root, 'b'));
    const runtimePath = join(g.home, 'thingplus', 'config', 'runtime.json');
    writeFileSync(runtimePath, JSON.stringify({ Server: { mqtt: { host: 'old.example', port: 1 } } }));
    const run = await pipeToSh(script, g.home, { EDGE_SITE_NO_RESTART: '1' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readJson(runtimePath).Server.mqtt.host, '127.0.0.1');
    assert.equal(readJson(g.conf).Server.mqtt.host, '127.0.0.1');
    assert.equal(existsSync(g.marker), false, 'EDGE_SITE_NO_RESTART=1');
    assert.match(run.stdout, /not restarted/);
  });

  test('settings that are not plain JSON are left as they were, with a clear message', async () => {
    const broken = '{\n  // the cloud\n  "Server": {}\n}\n';
    const g = fakeGateway(join(root, 'c'), broken);
    const run = await pipeToSh(script, g.home);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /default\.json is not plain JSON .*Nothing was changed/);
    assert.equal(readFileSync(g.conf, 'utf8'), broken);
    assert.equal(existsSync(g.marker), false, 'not restarted');
  });

  test('no gateway found: says where it looked and how to point it there', async () => {
    const home = join(root, 'empty');
    mkdirSync(home, { recursive: true });
    const run = await pipeToSh(script, home);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no Thing\+ Gateway config found .*THINGPLUS_DIR=/);
    // and found where THINGPLUS_DIR says, or in the directory it is run in
    const g = fakeGateway(join(root, 'd'));
    const dir = join(g.home, 'thingplus');
    assert.equal((await pipeToSh(script, home, { THINGPLUS_DIR: dir })).code, 0);
    assert.equal((await pipeToSh(script, home, {}, dir)).code, 0);
    assert.equal(readFileSync(g.marker, 'utf8'), 'restart\nrestart\n');
  });

  test('a Host header that is not a plain name is not written into the script', async () => {
    const res = await httpCall(`http://127.0.0.1:${t.site.ports.gatewayHttp}${THINGPLUS_SETUP_PATH}`, {
      headers: { host: "x';reboot;'" },
    });
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.body, /reboot/);
    assert.equal(scriptHost("x';reboot;'"), null);
    assert.equal(scriptHost('[fd00::2]'), 'fd00::2');
    assert.equal(scriptHost('site-pc.local'), 'site-pc.local');
  });

  test('a site without plain MQTT answers a script that only explains', async () => {
    const s = thingplusSetupScript({ host: 'h', mqttPort: null, restPort: 80, siteVersion: 'x' });
    const run = await pipeToSh(s, root);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /plain MQTT or the gateway REST port is off on this site/);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, defaultDataDir, loadConfig, validateConfig } from '../../../src/main/config/config.js';

test('defaults: broker on 1883 on every interface, console on 127.0.0.1:8080, single node', () => {
  const config = loadConfig(['--data-dir', '/tmp/es'], {});
  assert.equal(config.mqtt.port, 1883);
  assert.equal(config.mqtt.host, '0.0.0.0');
  assert.equal(config.http.host, '127.0.0.1');
  assert.equal(config.http.port, 8080);
  assert.deepEqual(config.cluster.servers, []);
  assert.equal(config.dataDir, '/tmp/es');
});

test('command line beats environment beats config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-config-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ mqtt: { port: 1111 }, http: { port: 2222 }, siteName: 'Plant 3' }),
  );
  const env = { EDGE_SITE_DATA_DIR: dir, EDGE_SITE_HTTP_PORT: '3333' };
  const config = loadConfig(['--mqtt-port', '4444'], env);
  assert.equal(config.mqtt.port, 4444);
  assert.equal(config.http.port, 3333);
  assert.equal(config.siteName, 'Plant 3');
});

test('zk servers from the environment switch to cluster mode', () => {
  const config = loadConfig(['--data-dir', '/tmp/es'], {
    EDGE_SITE_ZK_SERVERS: '127.0.0.1:2181, 127.0.0.1:2182',
  });
  assert.deepEqual(config.cluster.servers, ['127.0.0.1:2181', '127.0.0.1:2182']);
});

test('replication servers turn the replicated values log on, with its defaults; a bad one is refused', () => {
  const config = loadConfig(
    ['--data-dir', '/tmp/es', '--replication-servers', 'nats://10.0.0.1:4222, 10.0.0.2:4222'],
    {},
  );
  assert.deepEqual(config.cluster.replication, {
    servers: ['nats://10.0.0.1:4222', '10.0.0.2:4222'],
    stream: 'EDGE_VALUES',
    replicas: 3,
    appendTimeoutMs: 2000,
  });
  assert.equal(loadConfig(['--data-dir', '/tmp/es'], {}).cluster.replication, undefined);
  assert.throws(
    () =>
      loadConfig(['--data-dir', '/tmp/es'], { EDGE_SITE_REPLICATION_SERVERS: 'nats://host-without-port' }),
    (err: Error) => err instanceof ConfigError && err.message.includes('/cluster/replication/servers/0'),
  );
});

test('bad values are refused with one message naming each', () => {
  assert.throws(
    () => loadConfig(['--mqtt-port', 'x'], {}),
    (err: Error) => err instanceof ConfigError && /--mqtt-port must be a port number/.test(err.message),
  );
  const dir = mkdtempSync(join(tmpdir(), 'es-config-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ mqtt: { port: 70000 }, logLevel: 'loud' }));
  assert.throws(
    () => loadConfig(['--data-dir', dir], {}),
    (err: Error) =>
      err instanceof ConfigError && err.message.includes('/mqtt/port') && err.message.includes('/logLevel'),
  );
  writeFileSync(join(dir, 'config.json'), '{ not json');
  assert.throws(() => loadConfig(['--data-dir', dir], {}), /not valid JSON/);
  assert.throws(() => loadConfig(['--bogus'], {}), /Unknown option/);
});

test('gateway REST listener can be turned off', () => {
  assert.equal(
    loadConfig(['--data-dir', '/tmp/es', '--gateway-http-port', 'off'], {}).gatewayHttp.port,
    null,
  );
});

test('the data dir follows each platform convention', () => {
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux'), '/x/edge-site');
  assert.equal(
    defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32'),
    join('C:\\Users\\a\\AppData\\Roaming', 'Edge Site'),
  );
});

test('disk budget: the thinning threshold must be below the warning one, the reserve below both', () => {
  const config = validateConfig({ dataDir: '/tmp/es' });
  assert.deepEqual(
    [config.diskWarnFreeBytes, config.diskThinFreeBytes, config.diskReserveBytes],
    [1024 ** 3, 512 * 1024 ** 2, 16 * 1024 ** 2],
  );
  assert.throws(
    () => validateConfig({ dataDir: '/tmp/es', diskWarnFreeBytes: 256 * 1024 ** 2 }),
    (err: Error) =>
      err instanceof ConfigError &&
      /diskThinFreeBytes: must be less than diskWarnFreeBytes/.test(err.message),
  );
  assert.throws(
    () => validateConfig({ dataDir: '/tmp/es', diskThinFreeBytes: 1024, diskReserveBytes: 4096 }),
    /diskReserveBytes: must be less than diskThinFreeBytes/,
  );
  assert.equal(
    validateConfig({ dataDir: '/tmp/es', diskWarnFreeBytes: 0, diskThinFreeBytes: 0 }).diskThinFreeBytes,
    0,
  );
});

test('heapGrowingPercent: 50 by default, 0 leaves V8 its own, out of range is refused by name', () => {
  assert.equal(validateConfig({ dataDir: '/tmp/es' }).heapGrowingPercent, 50);
  assert.equal(validateConfig({ dataDir: '/tmp/es', heapGrowingPercent: 0 }).heapGrowingPercent, 0);
  assert.throws(
    () => validateConfig({ dataDir: '/tmp/es', heapGrowingPercent: 1000 }),
    (err: Error) => err instanceof ConfigError && /heapGrowingPercent/.test(err.message),
  );
});

test('smtp: absent by default; defaults filled in; bad values and a user without pass refused by name', () => {
  assert.equal(validateConfig({ dataDir: '/tmp/es' }).smtp, undefined);
  assert.deepEqual(
    validateConfig({ dataDir: '/tmp/es', smtp: { host: 'mail.plant.lan', from: 'site@plant.example' } }).smtp,
    { host: 'mail.plant.lan', from: 'site@plant.example', port: 587, secure: false, timeoutMs: 10_000 },
  );
  assert.throws(
    () => validateConfig({ dataDir: '/tmp/es', smtp: { host: '', port: 70000, from: 'site' } }),
    (err: Error) =>
      err instanceof ConfigError &&
      /\/smtp\/host/.test(err.message) &&
      /\/smtp\/port/.test(err.message) &&
      /\/smtp\/from/.test(err.message),
  );
  assert.throws(
    () => validateConfig({ dataDir: '/tmp/es', smtp: { from: 'site@plant.example' } }),
    (err: Error) => err instanceof ConfigError && /\/smtp\/host/.test(err.message),
  );
  assert.throws(
    () =>
      validateConfig({
        dataDir: '/tmp/es',
        smtp: { host: 'mail.plant.lan', from: 'site@plant.example', user: 'edge' },
      }),
    (err: Error) => err instanceof ConfigError && /\/smtp: user and pass go together/.test(err.message),
  );
});

test('mDNS is on by default; --mdns off and EDGE_SITE_MDNS=0 turn it off; other words are refused', () => {
  assert.equal(loadConfig(['--data-dir', '/tmp/es'], {}).mdns.enabled, true);
  assert.equal(loadConfig(['--data-dir', '/tmp/es', '--mdns', 'off'], {}).mdns.enabled, false);
  assert.equal(loadConfig(['--data-dir', '/tmp/es'], { EDGE_SITE_MDNS: '0' }).mdns.enabled, false);
  assert.equal(
    loadConfig(['--data-dir', '/tmp/es', '--mdns', 'on'], { EDGE_SITE_MDNS: '0' }).mdns.enabled,
    true,
  );
  assert.throws(
    () => loadConfig(['--data-dir', '/tmp/es', '--mdns', 'maybe'], {}),
    /--mdns must be on or off/,
  );
});

test('discovery settings that would flood the LAN or outlast the 3 s answer are refused at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-config-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      discovery: { probesPerSecond: 5000, windowMs: 10_000, maxReplies: 0 },
      mdns: { enabled: 'yes' },
    }),
  );
  assert.throws(
    () => loadConfig(['--data-dir', dir], {}),
    (err: Error) =>
      err instanceof ConfigError &&
      ['/discovery/probesPerSecond', '/discovery/windowMs', '/discovery/maxReplies', '/mdns/enabled'].every(
        (f) => err.message.includes(f),
      ),
  );
});

// History routing: which requests get the console's index.html, on a real API server with a built console.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { isConsoleNavigation } from '../../../src/main/api/console-paths.js';
import type { ApiContext } from '../../../src/main/api/context.js';
import { buildApiServer } from '../../../src/main/api/server.js';
import { silentLogger } from '../../../src/main/logger/logger.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

test('browser navigations to console paths are the console; API, files, /healthz and JSON are not', () => {
  for (const url of [
    '/',
    '/overview',
    '/gateways/abc',
    '/gateways/press.a',
    '/gateways/abc/sensors/t-1',
    '/internals?x=1',
  ])
    assert.equal(isConsoleNavigation('GET', url, HTML), true, url);
  for (const url of [
    '/api/v1/overview',
    '/api',
    '/api/docs',
    '/healthz',
    '/assets/index-1.js',
    '/favicon.svg',
    '/index.html',
  ])
    assert.equal(isConsoleNavigation('GET', url, HTML), false, url);
  assert.equal(isConsoleNavigation('GET', '/gateways/abc', 'application/json'), false);
  assert.equal(isConsoleNavigation('GET', '/overview', undefined), false);
  assert.equal(isConsoleNavigation('POST', '/overview', HTML), false);
});

let dir: string;
let app: FastifyInstance;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edge-site-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><head></head><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'index-BR4mnOc_.js'), 'console.log(2)');
  const ctx = {
    logger: silentLogger(),
    health: () => ({ status: 'ok', version: '0.0.0-test' }),
    rendererDir: `${dir}/`,
    allowedHosts: [],
    // any bearer token is an admin here: the guard is tested against a real site in test/main/auth
    auth: {
      authenticate: () => ({ name: 'admin', role: 'admin', via: 'token', expiresAt: null }),
      audit: { record: () => undefined },
    },
  } as unknown as ApiContext;
  app = await buildApiServer(ctx);
  await app.ready();
});

after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/overview typed in the address bar answers the console, not a JSON 404', async () => {
  const res = await app.inject({ method: 'GET', url: '/overview', headers: { accept: HTML } });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(res.body, /id="root"/);
  const deep = await app.inject({ method: 'GET', url: '/gateways/abc/sensors/t', headers: { accept: HTML } });
  assert.equal(deep.statusCode, 200);
  assert.match(deep.body, /id="root"/);
  assert.match(deep.body, /<base href="\/"/, 'relative assets resolve from the root');
  // opened at /, the console moves to deeper addresses without a reload: its favicon must still resolve
  const home = await app.inject({ method: 'GET', url: '/', headers: { accept: HTML } });
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /<base href="\/"/, '/ has the root base too');
});

test('API paths and unknown files keep their JSON answers; the gateway-facing REST still asks for a key', async () => {
  const api = await app.inject({
    method: 'GET',
    url: '/api/v1/nothing',
    headers: { accept: HTML, authorization: 'Bearer test' },
  });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json<{ code: string }>().code, 'ES_NOT_FOUND');
  const file = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: HTML } });
  assert.equal(file.statusCode, 404);
  const asset = await app.inject({ method: 'GET', url: '/assets/app.js' });
  assert.equal(asset.statusCode, 200);
  const gw = await app.inject({
    method: 'GET',
    url: '/gateways/abc',
    headers: { accept: 'application/json' },
  });
  assert.notEqual(gw.statusCode, 200);
  assert.match(String(gw.headers['content-type']), /json/);
});

test('content-named assets are cached for good; the index and other files are asked again', async () => {
  const named = await app.inject({ method: 'GET', url: '/assets/index-BR4mnOc_.js' });
  assert.equal(named.statusCode, 200);
  assert.equal(named.headers['cache-control'], 'public, max-age=31536000, immutable');
  // a name without the build's content hash may change content under the same name
  const plain = await app.inject({ method: 'GET', url: '/assets/app.js' });
  assert.equal(plain.statusCode, 200);
  assert.doesNotMatch(String(plain.headers['cache-control']), /immutable/);
  for (const url of ['/', '/overview']) {
    const page = await app.inject({ method: 'GET', url, headers: { accept: HTML } });
    assert.equal(page.statusCode, 200, url);
    assert.doesNotMatch(String(page.headers['cache-control']), /immutable|max-age=[1-9]/, url);
  }
});

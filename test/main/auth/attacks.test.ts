// The attack table of issue 16 (people and web part): each row a test against a real site on loopback.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import type { ApiError } from '../../../src/shared/api.js';
import type { AuditEntry, LoginResponse, SessionResponse } from '../../../src/shared/auth.js';
import { TEST_ADMIN_PASSWORD, startTestSite, type TestSite } from '../../support/site.js';

let t: TestSite;
let base: string;
before(async () => {
  t = await startTestSite();
  base = `http://127.0.0.1:${t.site.ports.http}`;
});
after(() => t.destroy());

test('no token: every /api/v1 route is 401 with the error shape; /healthz and the session probe are open', async () => {
  for (const [method, path] of [
    ['GET', '/api/v1/gateways'],
    ['GET', '/api/v1/overview'],
    ['POST', '/api/v1/rules'],
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/no-such-route'],
  ] as const) {
    const res = await t.anonymous<ApiError>(method, path, method === 'POST' ? {} : undefined);
    assert.equal(res.status, 401, `${method} ${path}`);
    assert.equal(res.body.code, 'ES_UNAUTHORIZED');
  }
  assert.equal((await t.anonymous('GET', '/healthz')).status, 200);
  const session = await t.anonymous<SessionResponse>('GET', '/api/v1/session');
  assert.deepEqual(session.body, { setupRequired: false, signedIn: false });
});

test('the live WebSocket refuses a client without a session', async () => {
  const status = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${t.site.ports.http}/api/v1/live`, { headers });
      ws.on('unexpected-response', (req, res) => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', (err) => {
        if (!/aborted|destroyed|closed before/i.test(err.message)) reject(err);
      });
    });
  assert.equal(await status({}), 401);
  const token = await t.login('admin', TEST_ADMIN_PASSWORD);
  assert.equal(await status({ authorization: `Bearer ${token}` }), 101);
  assert.equal(
    await status({ authorization: `Bearer ${token}`, origin: 'https://evil.example' }),
    403,
    'cross-site WebSocket hijacking',
  );
});

test('a bad, an expired and a revoked token are 401', async () => {
  for (const token of ['nonsense', 'ess_AAAA', 'est_AAAA'])
    assert.equal((await t.as(token)('GET', '/api/v1/gateways')).status, 401, token);
  await t.api('GET', '/api/v1/tokens'); // signs in first: scrypt takes its time
  const created = await t.api<{ id: number; token: string }>('POST', '/api/v1/tokens', {
    name: 'short',
    role: 'viewer',
    expiresAt: Date.now() + 1000,
  });
  assert.equal(created.status, 201);
  assert.equal((await t.as(created.body.token)('GET', '/api/v1/gateways')).status, 200);
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await t.as(created.body.token)('GET', '/api/v1/gateways')).status, 401, 'expired');

  const lasting = await t.api<{ id: number; token: string }>('POST', '/api/v1/tokens', {
    name: 'lan',
    role: 'technician',
  });
  assert.equal((await t.as(lasting.body.token)('GET', '/api/v1/gateways')).status, 200);
  const list = await t.api<{ data: Array<Record<string, unknown>> }>('GET', '/api/v1/tokens');
  assert.ok(
    list.body.data.every((tok) => !('token' in tok) && !('tokenHash' in tok)),
    'the secret is shown once',
  );
  assert.equal((await t.api('DELETE', `/api/v1/tokens/${lasting.body.id}`)).status, 204);
  assert.equal((await t.as(lasting.body.token)('GET', '/api/v1/gateways')).status, 401, 'revoked');
});

test('a signed-out session is 401', async () => {
  const token = await t.login('admin', TEST_ADMIN_PASSWORD);
  assert.equal((await t.as(token)('GET', '/api/v1/gateways')).status, 200);
  assert.equal((await t.as(token)('POST', '/api/v1/logout')).status, 204);
  assert.equal((await t.as(token)('GET', '/api/v1/gateways')).status, 401);
});

test('a viewer reads and acknowledges alarms but cannot write: 403', async () => {
  const viewer = t.as(await t.userWithRole('viewer', 'ann'));
  assert.equal((await viewer('GET', '/api/v1/gateways')).status, 200);
  const write = await viewer<ApiError>('POST', '/api/v1/registerGatewayKey', {
    id: 'aa0000000001',
    modelId: '34',
    authType: 'apikey',
  });
  assert.equal(write.status, 403);
  assert.equal(write.body.code, 'ES_FORBIDDEN');
  assert.equal((await viewer('DELETE', '/api/v1/gateways/x')).status, 403);
  // allowed by role: the alarm does not exist, so 404 (not 403)
  assert.equal((await viewer('POST', '/api/v1/alarms/999/ack', {})).status, 404);
  assert.equal((await viewer('POST', '/api/v1/alarms/999/reset', {})).status, 403);
  const session = await viewer<SessionResponse>('GET', '/api/v1/session');
  assert.deepEqual(
    { ...session.body, expiresAt: 0 },
    { setupRequired: false, signedIn: true, username: 'ann', role: 'viewer', via: 'session', expiresAt: 0 },
  );
});

test('a technician configures gateways but cannot manage users, tokens, audit or backups: 403', async () => {
  const tech = t.as(await t.userWithRole('technician', 'tom'));
  assert.equal(
    (
      await tech('POST', '/api/v1/registerGatewayKey', {
        id: 'aa0000000002',
        modelId: '34',
        authType: 'apikey',
      })
    ).status,
    201,
  );
  for (const [method, path, body] of [
    ['GET', '/api/v1/users', undefined],
    ['POST', '/api/v1/users', { username: 'eve', password: 'password1', role: 'admin' }],
    ['PUT', '/api/v1/users/tom', { role: 'admin' }],
    ['DELETE', '/api/v1/users/admin', undefined],
    ['POST', '/api/v1/tokens', { name: 'x', role: 'admin' }],
    ['GET', '/api/v1/audit', undefined],
    ['GET', '/api/v1/backups', undefined],
    ['PUT', '/api/v1/cluster/config', {}],
  ] as const)
    assert.equal((await tech(method, path, body)).status, 403, `${method} ${path}`);
  assert.equal((await t.api<{ role: string }>('GET', '/api/v1/users/tom')).body.role, 'technician');
});

test('a forged Host header (DNS rebinding) is refused: 421', async () => {
  const token = await t.login('admin', TEST_ADMIN_PASSWORD);
  for (const host of ['evil.example', `evil.example:${t.site.ports.http}`, '127.0.0.1.evil.example']) {
    const res = await withHost('/api/v1/gateways', host, token);
    assert.equal(res.status, 421, host);
    assert.equal((JSON.parse(res.body) as ApiError).code, 'ES_BAD_HOST');
  }
  assert.equal((await withHost('/', 'evil.example', null)).status, 421, 'the console too');
  for (const host of [`localhost:${t.site.ports.http}`, `[::1]:${t.site.ports.http}`])
    assert.equal((await withHost('/api/v1/gateways', host, token)).status, 200, host);
});

/** fetch does not let a caller set Host; node:http does, as a rebinding page's browser would send it */
function withHost(
  path: string,
  host: string,
  token: string | null,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: t.site.ports.http,
        path,
        headers: { host, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('a cross-site form post with the session cookie is refused: 403 ES_CROSS_SITE', async () => {
  const login = await fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  const setCookie = login.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /edge_session=ess_/);
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Strict/i);
  const cookie = setCookie.split(';')[0]!;
  const form = (origin: string | null) =>
    fetch(`${base}/api/v1/registerGatewayKey`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
      body: 'id=aa0000000003&modelId=34&authType=apikey',
    });
  const foreign = await form('https://evil.example');
  assert.equal(foreign.status, 403);
  assert.equal(((await foreign.json()) as ApiError).code, 'ES_CROSS_SITE');
  assert.equal((await form(null)).status, 403, 'a cookie write without Origin');
  // the console's own fetch (same origin, JSON) works with the cookie
  const own = await fetch(`${base}/api/v1/registerGatewayKey`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'aa0000000003', modelId: '34', authType: 'apikey' }),
  });
  assert.equal(own.status, 201);
  const read = await fetch(`${base}/api/v1/gateways`, { headers: { cookie } });
  assert.equal(read.status, 200);
  const loginCsrf = await fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  assert.equal(loginCsrf.status, 403, 'login CSRF');
});

test('100 bad passwords: 429 with Retry-After after 5, the right password refused while limited', async () => {
  // its own site: the lock holds the address too, and every other test signs in from 127.0.0.1
  const t = await startTestSite();
  try {
    await t.api('POST', '/api/v1/users', { username: 'bob', password: 'bob-password', role: 'viewer' });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await t.anonymous('POST', '/api/v1/login', { username: 'bob', password: `guess-${i}` });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(
      statuses.slice(5).every((s) => s === 429),
      JSON.stringify(statuses.slice(5, 10)),
    );
    assert.ok(retryAfter !== null && Number(retryAfter) > 0, `Retry-After ${retryAfter}`);
    const right = await t.anonymous<ApiError>('POST', '/api/v1/login', {
      username: 'bob',
      password: 'bob-password',
    });
    assert.equal(right.status, 429);
    assert.equal(right.body.code, 'ES_RATE_LIMITED');
    const failed = await t.api<{ data: AuditEntry[] }>(
      'GET',
      '/api/v1/audit?actor=bob&action=login.&limit=1000',
    );
    assert.equal(failed.body.data.filter((e) => e.action === 'login.failed').length, 5);
    assert.ok(failed.body.data.filter((e) => e.action === 'login.limited').length >= 95);
  } finally {
    await t.destroy();
  }
});

test('the last admin cannot be deleted or demoted; another admin makes it possible', async () => {
  const del = await t.api<ApiError>('DELETE', '/api/v1/users/admin');
  assert.equal(del.status, 409);
  assert.match(del.body.message, /last admin/);
  assert.equal((await t.api('PUT', '/api/v1/users/admin', { role: 'viewer' })).status, 409);
  assert.equal(
    (await t.api('POST', '/api/v1/users', { username: 'root2', password: 'root2-password', role: 'admin' }))
      .status,
    201,
  );
  assert.equal((await t.api('PUT', '/api/v1/users/root2', { role: 'viewer' })).status, 200);
  assert.equal((await t.api('DELETE', '/api/v1/users/root2')).status, 204);
  assert.equal((await t.api('GET', '/api/v1/users/root2')).status, 404);
});

test('the audit trail shows who did what, from where', async () => {
  const tech = t.as(await t.userWithRole('technician', 'carl'));
  assert.equal(
    (
      await tech('POST', '/api/v1/registerGatewayKey', {
        id: 'aa0000000004',
        modelId: '34',
        authType: 'apikey',
      })
    ).status,
    201,
  );
  const audit = await t.api<{ data: AuditEntry[] }>('GET', '/api/v1/audit?actor=carl');
  const write = audit.body.data.find((e) => e.action === 'api');
  assert.ok(write, JSON.stringify(audit.body.data));
  assert.deepEqual(
    { actor: write.actor, role: write.role, method: write.method, route: write.route, status: write.status },
    { actor: 'carl', role: 'technician', method: 'POST', route: '/api/v1/registerGatewayKey', status: 201 },
  );
  assert.match(write.address ?? '', /127\.0\.0\.1/);
  assert.ok(audit.body.data.some((e) => e.action === 'login'));
  const created = await t.api<{ data: AuditEntry[] }>('GET', '/api/v1/audit?action=user.create');
  assert.ok(
    created.body.data.some((e) => e.actor === 'admin' && e.resource === 'carl' && e.detail === 'technician'),
  );
});

test('security headers and CSP on the console and the API', async () => {
  const res = await fetch(`${base}/api/v1/session`);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(res.headers.get('x-frame-options'));
});

test('setup only once: a site with no user answers setupRequired, /setup makes the admin, then 409', async () => {
  const fresh = await startTestSite({}, undefined, { admin: false });
  try {
    assert.deepEqual((await fresh.anonymous('GET', '/api/v1/session')).body, { setupRequired: true });
    assert.equal((await fresh.anonymous('GET', '/api/v1/gateways')).status, 401);
    assert.equal(
      (await fresh.anonymous('POST', '/api/v1/setup', { username: 'boss', password: 'short' })).status,
      400,
    );
    const made = await fresh.anonymous<LoginResponse>('POST', '/api/v1/setup', {
      username: 'boss',
      password: 'boss-password',
    });
    assert.equal(made.status, 201);
    assert.equal(made.body.role, 'admin');
    assert.equal((await fresh.as(made.body.token)('GET', '/api/v1/users')).status, 200);
    const again = await fresh.anonymous<ApiError>('POST', '/api/v1/setup', {
      username: 'eve',
      password: 'eve-password',
    });
    assert.equal(again.status, 409);
    assert.equal(
      (await fresh.anonymous('POST', '/api/v1/login', { username: 'eve', password: 'eve-password' })).status,
      401,
    );
  } finally {
    await fresh.destroy();
  }
});

test('the desktop window: a one-time token from the main process signs in once, as the first admin', async () => {
  const token = t.site.desktopSignInToken();
  assert.ok(token);
  const first = await fetch(`${base}/api/v1/login/desktop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  assert.equal(first.status, 200);
  assert.equal(((await first.json()) as LoginResponse).username, 'admin');
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.equal((await fetch(`${base}/api/v1/users`, { headers: { cookie } })).status, 200);
  const again = await t.anonymous<ApiError>('POST', '/api/v1/login/desktop', { token });
  assert.equal(again.status, 401, 'used once');
  assert.equal((await t.anonymous('POST', '/api/v1/login/desktop', { token: 'eso_guess' })).status, 401);
});

// The route inventory of both listeners, so a refactor of src/main/api/routes cannot lose (or add) a route,
// move it to another prefix or change its OpenAPI tag unnoticed. No services: registering routes only
// reads the context; the requests below fail (or are answered) before a handler reaches a service.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { ApiContext } from '../../../src/main/api/context.js';
import { buildApiServer, buildGatewayServer } from '../../../src/main/api/server.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import type { ApiError } from '../../../src/shared/api.js';

/**
 * Every documented operation of the console/LAN server: `METHOD /url [tag]`, sorted. Captured from the
 * server before the routes were split by resource (when one plugin, routes/console.ts, held them).
 */
const DOCUMENTED_ROUTES = [
  'DELETE /api/v1/dashboards/:id dashboards',
  'DELETE /api/v1/demo demo',
  'DELETE /api/v1/gateways/:gw gateways',
  'DELETE /api/v1/gateways/:gw/sensors/:sid sensors',
  'DELETE /api/v1/pendingGateways/:gw gateways',
  'DELETE /api/v1/rules/:id rules',
  'DELETE /api/v1/tokens/:id access',
  'DELETE /api/v1/users/:name access',
  'DELETE /gateways/:gw/devices/:id',
  'DELETE /gateways/:gw/sensors/:id',
  'GET /',
  'GET /api/v1/alarms alarms',
  'GET /api/v1/alarms/:id alarms',
  'GET /api/v1/alarms/stats alarms',
  'GET /api/v1/audit access',
  'GET /api/v1/backups backups',
  'GET /api/v1/backups/:id/download backups',
  'GET /api/v1/cluster cluster',
  'GET /api/v1/dashboards dashboards',
  'GET /api/v1/dashboards/:id dashboards',
  'GET /api/v1/dashboards/:id/export dashboards',
  'GET /api/v1/dashboards/default dashboards',
  'GET /api/v1/demo demo',
  'GET /api/v1/discovery/interfaces discovery',
  'GET /api/v1/discovery/sites discovery',
  'GET /api/v1/export sensors',
  'GET /api/v1/gatewayModels catalogue',
  'GET /api/v1/gateways gateways',
  'GET /api/v1/gateways/:gw gateways',
  'GET /api/v1/gateways/:gw/logs gateways',
  'GET /api/v1/gateways/:gw/sensors sensors',
  'GET /api/v1/gateways/:gw/sensors/:sid sensors',
  'GET /api/v1/gateways/:gw/sensors/:sid/series sensors',
  'GET /api/v1/overview site',
  'GET /api/v1/pendingGateways gateways',
  'GET /api/v1/rules rules',
  'GET /api/v1/rules/:id rules',
  'GET /api/v1/rules/:id/actionResults rules',
  'GET /api/v1/rules/:id/evaluations rules',
  'GET /api/v1/rules/export rules',
  'GET /api/v1/sensorTypes catalogue',
  'GET /api/v1/series sensors',
  'GET /api/v1/session auth',
  'GET /api/v1/timelines timeline',
  'GET /api/v1/tls tls',
  'GET /api/v1/tls/gateway-ca.pem tls',
  'GET /api/v1/tokens access',
  'GET /api/v1/users access',
  'GET /api/v1/users/:name access',
  'GET /gatewayModels/:id',
  'GET /gateways/:gw',
  'GET /gateways/:gw/devices',
  'GET /gateways/:gw/devices/:id',
  'GET /gateways/:gw/sensors',
  'GET /gateways/:gw/sensors/:id',
  'GET /healthz site',
  'GET /sensorDrivers',
  'GET /sensorTypes',
  'GET /sensorTypes/:id',
  'GET /thingplus-setup.sh',
  'POST /api/v1/alarms/:id/ack alarms',
  'POST /api/v1/alarms/:id/reset alarms',
  'POST /api/v1/alarms/:id/shelve alarms',
  'POST /api/v1/alarms/:id/unshelve alarms',
  'POST /api/v1/backups backups',
  'POST /api/v1/controlActuator sensors',
  'POST /api/v1/dashboards dashboards',
  'POST /api/v1/dashboards/import dashboards',
  'POST /api/v1/demo demo',
  'POST /api/v1/discovery/scan discovery',
  'POST /api/v1/discovery/ssh-setup discovery',
  'POST /api/v1/gateways/:gw/apikey gateways',
  'POST /api/v1/gateways/:gw/sensors sensors',
  'POST /api/v1/login auth',
  'POST /api/v1/login/desktop auth',
  'POST /api/v1/logout auth',
  'POST /api/v1/pairing-codes pairing',
  'POST /api/v1/registerGatewayKey gateways',
  'POST /api/v1/rules rules',
  'POST /api/v1/rules/actions/test rules',
  'POST /api/v1/rules/import rules',
  'POST /api/v1/rules/test rules',
  'POST /api/v1/setup auth',
  'POST /api/v1/tokens access',
  'POST /api/v1/users access',
  'POST /gateways/:gw/devices',
  'POST /gateways/:gw/sensors',
  'POST /gateways/pair',
  'PUT /api/v1/cluster/config cluster',
  'PUT /api/v1/dashboards/:id dashboards',
  'PUT /api/v1/gateways/:gw gateways',
  'PUT /api/v1/gateways/:gw/sensors/:sid sensors',
  'PUT /api/v1/rules/:id rules',
  'PUT /api/v1/users/:name access',
  'PUT /gateways/:gw/devices/:id',
  'PUT /gateways/:gw/sensors/:id',
];

/** Routes the OpenAPI document hides: the live WebSocket and the docs themselves. */
const HIDDEN_ROUTES = ['GET /api/v1/live', 'GET /api/docs', 'GET /api/docs/json', 'GET /api/docs/yaml'];

/** The gateway-facing listener: only the Thing+ REST and /healthz. */
const GATEWAY_SERVER_ROUTES = DOCUMENTED_ROUTES.filter((r) => !r.includes('/api/') && r !== 'GET /')
  .map((r) => r.replace(/ site$/, ''))
  .sort();

// registering the routes reads no service; the few requests below never reach one
const ctx = {
  logger: silentLogger(),
  health: () => ({ status: 'ok', version: '0.0.0-test' }),
  rendererDir: null,
  allowedHosts: [],
  // any bearer token is an admin here: the guard is tested against a real site in test/main/auth
  auth: {
    authenticate: () => ({ name: 'admin', role: 'admin', via: 'token', expiresAt: null }),
    audit: { record: () => undefined },
  },
} as unknown as ApiContext;

let api: FastifyInstance;
let gateway: FastifyInstance;

before(async () => {
  api = await buildApiServer(ctx);
  gateway = await buildGatewayServer(ctx);
  await Promise.all([api.ready(), gateway.ready()]);
});

after(async () => {
  await Promise.all([api.close(), gateway.close()]);
});

function hasRoute(app: FastifyInstance, route: string): boolean {
  const [method, url] = route.split(' ') as [HTTPMethods, string];
  return app.hasRoute({ method, url });
}

test('the console/LAN server documents exactly the expected routes, with their tags', () => {
  const doc = api.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
  const actual = Object.entries(doc.paths)
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) =>
        [method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1'), ...(op.tags ?? [])].join(' '),
      ),
    )
    .sort();
  assert.deepEqual(actual, DOCUMENTED_ROUTES);
});

test('every expected route is registered, hidden ones included', () => {
  for (const route of DOCUMENTED_ROUTES) {
    assert.ok(hasRoute(api, route.split(' ').slice(0, 2).join(' ')), `${route} is missing`);
  }
  for (const route of HIDDEN_ROUTES) assert.ok(hasRoute(api, route), `${route} is missing`);
});

test('the gateway listener serves the Thing+ REST and /healthz, and not the console API', () => {
  for (const route of GATEWAY_SERVER_ROUTES) assert.ok(hasRoute(gateway, route), `${route} is missing`);
  assert.equal(hasRoute(gateway, 'GET /api/v1/overview'), false);
  assert.equal(hasRoute(gateway, 'GET /api/docs/json'), false);
});

test('the root error handler answers for every route plugin: ES_BAD_REQUEST, ES_NOT_FOUND', async () => {
  const cases: Array<[string, number, string, RegExp]> = [
    // TypeBox validation (params of an encapsulated plugin)
    ['/api/v1/rules/not-a-number', 400, 'ES_BAD_REQUEST', /params\/id/],
    // a ServiceError thrown by a handler
    ['/api/v1/timelines?filter[severity]=bogus', 400, 'ES_BAD_REQUEST', /unknown severity "bogus"/],
    ['/api/v1/no-such-route', 404, 'ES_NOT_FOUND', /no route GET \/api\/v1\/no-such-route/],
  ];
  for (const [url, statusCode, code, message] of cases) {
    const res = await api.inject({ method: 'GET', url, headers: { authorization: 'Bearer test' } });
    const body = res.json<ApiError>();
    assert.equal(res.statusCode, statusCode, url);
    assert.equal(body.code, code, url);
    assert.match(body.message, message, url);
  }
});

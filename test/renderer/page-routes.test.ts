import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OPEN_ALARMS_PATH,
  earlyRequestsAt,
  firstRenderDataAt,
  pageAt,
} from '../../src/renderer/lib/page-routes.js';

test('pageAt: the page App routes each console address to (what boot.ts fetches early)', () => {
  assert.equal(pageAt('/'), 'OverviewPage');
  assert.equal(pageAt('/overview'), 'OverviewPage');
  assert.equal(pageAt('/overview/'), 'OverviewPage');
  assert.equal(pageAt('/overview?x=1'), 'OverviewPage');
  assert.equal(pageAt('/dashboards'), 'DashboardsPage');
  assert.equal(pageAt('/dashboards/d1'), 'DashboardsPage');
  assert.equal(pageAt('/gateways'), 'GatewaysPage');
  assert.equal(pageAt('/gateways/find'), 'FindGatewaysPage');
  assert.equal(pageAt('/gateways/0a1b2c3d4e01'), 'GatewayDetailPage');
  assert.equal(pageAt('/gateways/a.b/sensors/a.b-0-temp%2F1'), 'SensorPage');
  assert.equal(pageAt('/rules'), 'RulesPage');
  assert.equal(pageAt('/rules/new'), 'RuleEditorPage');
  assert.equal(pageAt('/wall'), 'WallPage');
  assert.equal(pageAt('/access'), 'AccessPage');
  // not a route: nothing fetched early (App redirects to the overview)
  assert.equal(pageAt('/nowhere/at/all'), null);
  assert.equal(pageAt('/gateways/a/sensors'), null);
});

test('earlyRequestsAt: the overview and open alarms everywhere, and the page its own first list', () => {
  const always = ['/overview', OPEN_ALARMS_PATH];
  assert.deepEqual(earlyRequestsAt('/overview'), [...always, '/demo']);
  assert.deepEqual(earlyRequestsAt('/'), [...always, '/demo']);
  assert.deepEqual(earlyRequestsAt('/gateways'), [...always, '/gateways']);
  assert.deepEqual(earlyRequestsAt('/dashboards/7'), [...always, '/dashboards', '/sensorTypes', '/rules']);
  assert.deepEqual(earlyRequestsAt('/rules/new'), always);
  assert.deepEqual(earlyRequestsAt('/nowhere'), always);
});

test('firstRenderDataAt: the early answer a page is drawn from, which it was also sent early', () => {
  for (const [path, data] of [
    ['/', '/overview'],
    ['/overview', '/overview'],
    ['/gateways', '/gateways'],
    ['/gateways/', '/gateways'],
  ] as const) {
    assert.equal(firstRenderDataAt(path), data, path);
    assert.ok(earlyRequestsAt(path).includes(data), `${path}: ${data} is sent early`);
  }
  for (const path of ['/gateways/gw1', '/dashboards/7', '/alarms', '/nowhere'])
    assert.equal(firstRenderDataAt(path), null, path);
});

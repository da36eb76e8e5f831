import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DashboardList, Widget } from '../../../src/shared/dashboards.js';
import { dashboardAt, dashboardRequests } from '../../../src/renderer/net/early-dashboard.js';

const widget = (kind: Widget['kind'], gateways: string[]): Widget => ({
  id: `w-${kind}-${gateways.join('-')}`,
  kind,
  x: 0,
  y: 0,
  w: 2,
  h: 2,
  sensors: gateways.map((g) => ({ gatewayId: g, sensorId: `${g}-0-t` })),
  options: {},
});

const list = (...dashboards: Array<{ id: number; widgets: Widget[] }>): DashboardList =>
  ({ data: dashboards.map((d) => ({ ...d, name: `d${d.id}` })) }) as unknown as DashboardList;

test('dashboardAt: the id a dashboard address opens, "" for the first, null elsewhere', () => {
  assert.equal(dashboardAt('/dashboards/7'), '7');
  assert.equal(dashboardAt('/dashboards/7?edit=1'), '7');
  assert.equal(dashboardAt('/dashboards'), '');
  assert.equal(dashboardAt('/dashboards/'), '');
  assert.equal(dashboardAt('/overview'), null);
  assert.equal(dashboardAt('/dashboards/7/more'), null);
});

test('dashboardRequests: the gateways and sensor lists DashboardView asks for the opened dashboard', () => {
  const l = list(
    { id: 1, widgets: [widget('chart', ['gw a', 'gw-b']), widget('value', ['gw-b'])] },
    { id: 2, widgets: [widget('value', ['gw-c']), widget('alarms', [])] },
  );
  // sensor widgets only: each named gateway and its sensors, ids encoded as the client encodes them
  const first = ['/gateways/gw%20a', '/gateways/gw-b', '/gateways/gw%20a/sensors', '/gateways/gw-b/sensors'];
  assert.deepEqual(dashboardRequests(l, '1'), first);
  assert.deepEqual(dashboardRequests(l, ''), first, 'no id: the first dashboard opens');
  // a widget about every gateway (alarms, status, timeline): the whole list, then the named sensor lists
  assert.deepEqual(dashboardRequests(l, '2'), ['/gateways', '/gateways/gw-c/sensors']);
  assert.deepEqual(dashboardRequests(l, '9'), [], 'an unknown dashboard asks nothing early');
  assert.deepEqual(dashboardRequests(list(), ''), [], 'no dashboards (the generated one): nothing');
});

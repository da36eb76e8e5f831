import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LiveEvent, SiteOverview } from '../../src/shared/api.js';
import type { GatewayView, SensorView, TimelineEntry } from '../../src/shared/model.js';
import {
  appendOlder,
  applySensorStatus,
  applyValues,
  FrameBatcher,
  backoffDelay,
  nextMaxId,
  parseLiveEvent,
  pointsFor,
  prependTimeline,
  upsertGateway,
} from '../../src/renderer/lib/live.js';
import { addRecentError } from '../../src/renderer/lib/overview.js';
import { effectiveStatus } from '../../src/renderer/lib/status.js';
import { ruleInput, ruleSummary } from '../../src/renderer/lib/rules.js';
import { apiUrl, liveUrl, resolveApiBase } from '../../src/renderer/lib/url.js';
import { legacyDefaultFor, modelLabel, modelOptions } from '../../src/renderer/lib/models.js';
import { actuatorCommands } from '../../src/renderer/lib/actuator.js';

function sensor(id: string, latest: SensorView['latest'] = null): SensorView {
  return {
    id,
    gatewayId: 'gw1',
    deviceId: null,
    name: id,
    type: 'temperature',
    category: 'sensor',
    model: null,
    driverName: null,
    network: null,
    address: null,
    options: {},
    ctime: 0,
    mtime: 0,
    unit: '°C',
    latest,
    status: null,
  };
}

function gateway(id: string, state: 'connected' | 'disconnected' = 'connected'): GatewayView {
  return {
    id,
    name: id,
    model: '34',
    reportInterval: '60000',
    autoCreateDiscoverable: 'y',
    legacyPlainTcp: false,
    legacyAddress: null,
    legacyNotice: false,
    devices: [],
    sensors: [],
    ctime: 0,
    mtime: 0,
    connection: { state, since: 1 },
    status: null,
  };
}

function entry(id: number, severity: TimelineEntry['severity'] = 'warning'): TimelineEntry {
  return {
    id,
    type: 'rule',
    node: [],
    severity,
    time: id * 1000,
    message: `m${id}`,
    checked: 'n',
    success: 'y',
  };
}

test('backoffDelay doubles from 500 ms to a 30 s cap, plus jitter', () => {
  const none = () => 0;
  assert.deepEqual(
    [0, 1, 2, 3, 5, 6, 10].map((a) => backoffDelay(a, none)),
    [500, 1000, 2000, 4000, 16000, 30000, 30000],
  );
  assert.equal(
    backoffDelay(0, () => 1),
    600,
  );
  assert.equal(
    backoffDelay(-3, () => 0.5, 0.2),
    550,
  );
});

test('parseLiveEvent', () => {
  assert.deepEqual(parseLiveEvent('{"type":"timeline","entry":{}}'), { type: 'timeline', entry: {} });
  assert.equal(parseLiveEvent('not json'), null);
  assert.equal(parseLiveEvent('{"kind":1}'), null);
  assert.equal(parseLiveEvent('42'), null);
  assert.equal(parseLiveEvent(new ArrayBuffer(2)), null);
});

test('applyValues moves the latest value forward only, for the right sensor', () => {
  const list = [sensor('t1', { time: 1000, value: 20 }), sensor('t2')];
  const ev: LiveEvent = {
    type: 'values',
    gatewayId: 'gw1',
    sensorId: 't1',
    points: [
      { time: 3000, value: 23.5 },
      { time: 2000, value: 22 },
    ],
  };
  const next = applyValues(list, ev);
  assert.deepEqual(next[0].latest, { time: 3000, value: 23.5 });
  assert.equal(next[1], list[1]);
  const older: LiveEvent = {
    type: 'values',
    gatewayId: 'gw1',
    sensorId: 't1',
    points: [{ time: 500, value: 1 }],
  };
  assert.equal(applyValues(list, older), list);
  const other: LiveEvent = {
    type: 'values',
    gatewayId: 'gw2',
    sensorId: 't1',
    points: [{ time: 9000, value: 1 }],
  };
  assert.equal(applyValues(list, other), list);
  assert.equal(applyValues(list, { ...ev, points: [] }), list);
});

test('applySensorStatus sets status, with err reasons', () => {
  const list = [sensor('t1')];
  const on = applySensorStatus(
    list,
    { type: 'sensorStatus', gatewayId: 'gw1', sensorId: 't1', status: 'on', expireAt: 5000 },
    100,
  );
  assert.deepEqual(on[0].status, { status: 'on', expireAt: 5000, receivedAt: 100 });
  const err = applySensorStatus(
    list,
    {
      type: 'sensorStatus',
      gatewayId: 'gw1',
      sensorId: 't1',
      status: 'err:sensor read failed',
      expireAt: null,
    },
    100,
  );
  assert.deepEqual(err[0].status, {
    status: 'err',
    expireAt: null,
    receivedAt: 100,
    reason: 'sensor read failed',
  });
  const bogus = applySensorStatus(
    list,
    { type: 'sensorStatus', gatewayId: 'gw1', sensorId: 't1', status: 'maybe', expireAt: null },
    100,
  );
  assert.equal(bogus, list);
});

test('effectiveStatus derives expired', () => {
  assert.equal(effectiveStatus({ status: 'on', expireAt: 1000, receivedAt: 0 }, 999), 'on');
  assert.equal(effectiveStatus({ status: 'on', expireAt: 1000, receivedAt: 0 }, 1000), 'expired');
  assert.equal(effectiveStatus({ status: 'err', expireAt: null, receivedAt: 0 }, 1e12), 'err');
  assert.equal(effectiveStatus(null, 0), null);
});

test('upsertGateway replaces or inserts sorted', () => {
  const list = [gateway('a'), gateway('c')];
  const replaced = upsertGateway(list, { type: 'gateway', gateway: gateway('c', 'disconnected') });
  assert.deepEqual(
    replaced.map((g) => [g.id, g.connection.state]),
    [
      ['a', 'connected'],
      ['c', 'disconnected'],
    ],
  );
  const inserted = upsertGateway(list, { type: 'gateway', gateway: gateway('b') });
  assert.deepEqual(
    inserted.map((g) => g.id),
    ['a', 'b', 'c'],
  );
});

test('timeline: live prepend with filter and dedupe, paging', () => {
  const cur = [entry(5), entry(4)];
  assert.deepEqual(
    prependTimeline(cur, { type: 'timeline', entry: entry(6) }).map((e) => e.id),
    [6, 5, 4],
  );
  assert.equal(prependTimeline(cur, { type: 'timeline', entry: entry(5) }), cur);
  assert.equal(prependTimeline(cur, { type: 'timeline', entry: entry(7, 'fatal') }, 'warning'), cur);
  assert.deepEqual(
    prependTimeline(cur, { type: 'timeline', entry: entry(7) }, '', 2).map((e) => e.id),
    [7, 5],
  );
  assert.deepEqual(
    appendOlder(cur, [entry(4), entry(3), entry(1)]).map((e) => e.id),
    [5, 4, 3, 1],
  );
  assert.equal(nextMaxId(cur), 3);
  assert.equal(nextMaxId([]), null);
});

test('pointsFor picks one sensor', () => {
  const ev: LiveEvent = { type: 'values', gatewayId: 'gw1', sensorId: 't1', points: [{ time: 1, value: 2 }] };
  assert.deepEqual(pointsFor(ev, 'gw1', 't1'), [{ time: 1, value: 2 }]);
  assert.deepEqual(pointsFor(ev, 'gw1', 't2'), []);
});

test('addRecentError counts a live error into the overview', () => {
  const o = {
    errors: { total: 1, lastHour: 1, byKind: { 'sensor.unknown': 1 }, recent: [] },
  } as unknown as SiteOverview;
  const next = addRecentError(o, { time: 5, kind: 'payload.malformed', message: 'bad json' }, 1);
  assert.deepEqual(next.errors, {
    total: 2,
    lastHour: 2,
    byKind: { 'sensor.unknown': 1, 'payload.malformed': 1 },
    recent: [{ time: 5, kind: 'payload.malformed', message: 'bad json' }],
  });
});

test('URLs: same origin over http, configured or local base in file://', () => {
  const http = { protocol: 'http:', host: '10.0.0.5:8080' };
  const https = { protocol: 'https:', host: 'site.example' };
  const file = { protocol: 'file:', host: '' };
  assert.equal(resolveApiBase(http, 'http://x'), '');
  assert.equal(resolveApiBase(file, undefined), 'http://127.0.0.1:8080');
  assert.equal(resolveApiBase(file, 'http://192.168.1.9:8080/'), 'http://192.168.1.9:8080');
  assert.equal(apiUrl('', '/gateways'), '/api/v1/gateways');
  assert.equal(apiUrl('http://127.0.0.1:8080', '/healthz'), 'http://127.0.0.1:8080/healthz');
  assert.equal(liveUrl('', http), 'ws://10.0.0.5:8080/api/v1/live');
  assert.equal(liveUrl('', https), 'wss://site.example/api/v1/live');
  assert.equal(liveUrl('http://127.0.0.1:8080', file), 'ws://127.0.0.1:8080/api/v1/live');
  assert.equal(liveUrl('https://site.example', file), 'wss://site.example/api/v1/live');
});

test('rules, models, actuators', () => {
  assert.equal(ruleSummary('over', 30), '> 30');
  assert.equal(ruleSummary('under', -5.25), '< -5.25');
  assert.deepEqual(
    ruleInput({
      id: 1,
      name: 'hot',
      desc: '',
      severity: 'warning',
      status: 'activated',
      gatewayId: 'g',
      sensorId: 's',
      method: 'over',
      threshold: 30,
      ctime: 1,
      mtime: 2,
    }),
    {
      name: 'hot',
      desc: '',
      severity: 'warning',
      status: 'activated',
      gatewayId: 'g',
      sensorId: 's',
      method: 'over',
      threshold: 30,
    },
  );
  assert.equal(
    modelLabel({ id: '34', model: 'openHardwareCustom', displayName: 'Open Source Gateway' }),
    'Open Source Gateway',
  );
  assert.equal(modelLabel({ id: '7', model: 'virtualB' }), 'virtualB');
  assert.equal(modelLabel({ id: 9 }), '9');
  assert.deepEqual(
    modelOptions([
      { id: '34', vendor: 'OPEN SOURCE HARDWARE', displayName: 'Open Source Gateway' },
      { id: '3', vendor: 'NEUROMEKA', displayName: 'Neuromeka Rev2.1' },
    ]),
    [
      { id: '3', label: 'Neuromeka Rev2.1 (#3) · NEUROMEKA' },
      { id: '34', label: 'Open Source Gateway (#34) · OPEN SOURCE HARDWARE' },
    ],
  );
  assert.equal(
    legacyDefaultFor('34'),
    false,
    'off for every model, the Thing+ Node gateway included (issue 16)',
  );
  assert.equal(legacyDefaultFor('0'), false);
  assert.deepEqual(actuatorCommands('powerSwitch'), ['on', 'off']);
  assert.deepEqual(actuatorCommands('lockUnlock'), ['lock', 'unlock']);
});

test('FrameBatcher hands over everything pushed before a frame in one delivery, in order', () => {
  const frames: Array<() => void> = [];
  const deliveries: number[][] = [];
  const b = new FrameBatcher<number>(
    (items) => deliveries.push(items),
    60_000,
    (fn) => frames.push(fn),
  );
  for (let i = 0; i < 500; i++) b.push(i);
  assert.equal(deliveries.length, 0, 'nothing before the frame');
  assert.equal(frames.length, 1, 'one frame asked for, not one per item');
  frames[0]!();
  assert.deepEqual(deliveries, [Array.from({ length: 500 }, (_, i) => i)]);
  b.flush();
  assert.equal(deliveries.length, 1, 'nothing left to hand over: no empty delivery');
  b.push(500);
  assert.equal(frames.length, 2, 'the next item asks for the next frame');
  frames[1]!();
  assert.deepEqual(deliveries[1], [500]);
});

test('FrameBatcher hands over after latestMs when no frame comes (a hidden tab)', async () => {
  const deliveries: string[][] = [];
  const b = new FrameBatcher<string>(
    (items) => deliveries.push(items),
    30,
    () => undefined,
  );
  b.push('a');
  b.push('b');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(deliveries.length, 0);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(deliveries, [['a', 'b']]);
});

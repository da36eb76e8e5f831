// The demo on a real site (loopback broker and REST, SQLite files): started through the API, its
// gateways connect and send values within 10 s; at story speed 20 the motor overheats, the preset rule
// raises an alarm and its actuator action switches line A's relay off (the simulated gateway answers);
// the compressor gateway drops out (alarm) and comes back; the gate opens after hours. DELETE removes
// everything it made, and a gateway registered before keeps its values, rule and timeline.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiError, TimelinePage } from '../../../src/shared/api.js';
import type { DemoRemoved, DemoStatus } from '../../../src/shared/demo.js';
import type { ActionResult, Alarm, GatewayView, Rule, SensorView } from '../../../src/shared/model.js';
import { PLANT, STORY } from '../../../src/main/demo/index.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const REAL = 'a0b1c2d3e4f5';
const REAL_TEMP = `${REAL}-0-temp`;
let t: TestSite;
let realRule = 0;

/** An IANA zone where it is between 00:00 and 04:00 now, so the story's door opens "after hours". */
function nightZone(now = Date.now()): string {
  const hour = new Date(now).getUTCHours();
  const offset = (((1 - hour) % 24) + 24) % 24; // local 01:xx
  const signed = offset > 12 ? offset - 24 : offset;
  if (signed === 0) return 'Etc/GMT';
  return signed > 0 ? `Etc/GMT-${signed}` : `Etc/GMT+${-signed}`;
}

before(async () => {
  t = await startTestSite();
  // a real gateway, registered before the demo: its data must survive the demo's removal
  const key = await t.registerGateway(REAL);
  await t.registerSensor(REAL, key, REAL_TEMP, 'temperature');
  const rule = await t.api<Rule>('POST', '/api/v1/rules', {
    name: 'Real oven hot',
    severity: 'warning',
    gatewayId: REAL,
    sensorId: REAL_TEMP,
    method: 'over',
    threshold: 50,
  });
  realRule = rule.body.id;
  const gw = await t.connect(REAL, { username: REAL, password: key });
  await gw.publishAsync(
    `v/a/g/${REAL}`,
    JSON.stringify({ [REAL_TEMP]: [Date.now() - 1000, 40, Date.now(), 60] }),
    {
      qos: 1,
    },
  );
  await gw.endAsync();
});
after(async () => {
  await t?.destroy();
});

const openAlarms = async (): Promise<Alarm[]> =>
  (await t.api<{ data: Alarm[] }>('GET', '/api/v1/alarms?open=true')).body.data;

test('start: six gateways connected and values flowing within 10 s, with a week of history', async () => {
  const started = Date.now();
  const res = await t.api<DemoStatus>('POST', '/api/v1/demo', { speed: 20, timezone: nightZone() });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual([res.body.running, res.body.gateways, res.body.sensors], [true, 6, 41]);
  await eventually(
    'every demo gateway connected',
    async () => {
      const all = (await t.api<GatewayView[]>('GET', '/api/v1/gateways')).body;
      return PLANT.every((g) => all.find((x) => x.id === g.id)?.connection.state === 'connected');
    },
    10_000 - (Date.now() - started),
  );
  const sensors = async (gw: string) =>
    (await t.api<SensorView[]>('GET', `/api/v1/gateways/${gw}/sensors`)).body;
  await eventually(
    'live values',
    async () =>
      (await sensors(STORY.hotMotor.gatewayId)).find((s) => s.id === STORY.hotMotor.sensorId)?.latest,
    10_000 - (Date.now() - started),
  );
  assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  const weekAgo = new Date(Date.now() - 7 * 24 * 3_600_000).toISOString();
  const series = await t.api<{ data: unknown[] }>(
    'GET',
    `/api/v1/gateways/demo-hall-env/sensors/demo-hall-env-north-co2/series?dataStart=${weekAgo}&interval=0&count=4000`,
  );
  assert.equal(series.status, 200);
  assert.ok(series.body.data.length / 2 > 1900, `${series.body.data.length / 2} points of history`);

  const again = await t.api<ApiError>('POST', '/api/v1/demo', {});
  assert.deepEqual([again.status, again.body.code], [409, 'ES_DEMO_RUNNING']);
});

test('the story: the motor overheats → alarm and relay off (answered); a gateway drops out and returns; the gate opens after hours', async () => {
  const rules = (await t.api<Rule[]>('GET', '/api/v1/rules')).body;
  const overheat = rules.find((r) => r.name === 'Press A motor overheating')!;
  const alarm = await eventually(
    'the overheat alarm',
    async () => (await openAlarms()).find((a) => a.ruleId === overheat.id),
    20_000,
  );
  assert.equal(alarm.sensorId, STORY.hotMotor.sensorId);
  const relay = await eventually(
    'the relay command answered',
    async () =>
      (
        await t.api<{ data: ActionResult[] }>('GET', `/api/v1/rules/${overheat.id}/actionResults`)
      ).body.data.find((r) => r.action === 'actuator/controlActuator'),
    10_000,
  );
  assert.deepEqual([relay.status, relay.attempts], ['success', 1]);
  // the line stands still: its main motor draws almost nothing
  await eventually(
    'line A stopped',
    async () =>
      Number(
        (
          await t.api<SensorView>(
            'GET',
            `/api/v1/gateways/${STORY.relay.gatewayId}/sensors/demo-press-a-m1-current`,
          )
        ).body.latest?.value,
      ) < 5,
    5000,
  );
  const offline = rules.find((r) => r.name === 'Compressor room gateway offline')!;
  await eventually(
    'the offline alarm',
    async () =>
      (await t.api<{ data: Alarm[] }>('GET', '/api/v1/alarms')).body.data.find(
        (a) => a.ruleId === offline.id,
      ),
    20_000,
  );
  await eventually(
    'the compressor gateway back',
    async () =>
      (await t.api<GatewayView>('GET', `/api/v1/gateways/${STORY.dropout.gatewayId}`)).body.connection
        .state === 'connected',
    20_000,
  );
  const door = rules.find((r) => r.name === 'Loading gate opened after hours')!;
  await eventually(
    'the after-hours door alarm',
    async () =>
      (await t.api<{ data: Alarm[] }>('GET', '/api/v1/alarms')).body.data.find((a) => a.ruleId === door.id),
    20_000,
  );
});

test('DELETE removes every demo gateway, sensor, rule, value, alarm and timeline entry, and nothing else', async () => {
  const before = (await t.api<TimelinePage>('GET', '/api/v1/timelines?count=4000')).body.data;
  assert.ok(before.some((e) => JSON.stringify(e.node).includes('demo-')));
  const res = await t.api<DemoRemoved>('DELETE', '/api/v1/demo');
  assert.equal(res.status, 200);
  assert.deepEqual([res.body.gateways, res.body.sensors, res.body.rules], [6, 41, 3]);
  assert.ok(res.body.alarms >= 3 && res.body.timeline > 0, JSON.stringify(res.body));
  assert.deepEqual((await t.api<DemoStatus>('GET', '/api/v1/demo')).body, {
    running: false,
    gateways: 0,
    sensors: 0,
    startedAt: null,
  });

  const gateways = (await t.api<GatewayView[]>('GET', '/api/v1/gateways')).body.map((g) => g.id);
  assert.deepEqual(gateways, [REAL]);
  assert.deepEqual(
    (await t.api<Rule[]>('GET', '/api/v1/rules')).body.map((r) => r.id),
    [realRule],
  );
  const alarms = (await t.api<{ data: Alarm[] }>('GET', '/api/v1/alarms')).body.data;
  assert.ok(
    alarms.every((a) => a.gatewayId === REAL),
    JSON.stringify(alarms),
  );
  const timeline = (await t.api<TimelinePage>('GET', '/api/v1/timelines?count=4000')).body.data;
  assert.ok(
    timeline.every((e) => !JSON.stringify(e).includes('demo-')),
    JSON.stringify(timeline.filter((e) => JSON.stringify(e).includes('demo-'))),
  );
  assert.ok(
    timeline.some((e) => JSON.stringify(e.node).includes(REAL)),
    'the real gateway keeps its lines',
  );
  // the real gateway keeps its values
  const dataStart = new Date(Date.now() - 60_000).toISOString();
  const real = await t.api<{ data: unknown[] }>(
    'GET',
    `/api/v1/gateways/${REAL}/sensors/${REAL_TEMP}/series?dataStart=${dataStart}&interval=0`,
  );
  assert.deepEqual(
    real.body.data.filter((_, i) => i % 2 === 0),
    [40, 60],
  );
  // no demo value is left: a gateway and sensor of the same ids, registered afresh, have no values
  const key = await t.registerGateway(STORY.hotMotor.gatewayId);
  await t.registerSensor(STORY.hotMotor.gatewayId, key, STORY.hotMotor.sensorId, 'temperature');
  const weekAgo = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString();
  const gone = await t.api<{ data: unknown[] }>(
    'GET',
    `/api/v1/gateways/${STORY.hotMotor.gatewayId}/sensors/${STORY.hotMotor.sensorId}/series?dataStart=${weekAgo}&interval=0`,
  );
  assert.deepEqual(gone.body.data, []);
  // and now that id is someone else's: the demo refuses to take it over
  const refused = await t.api<ApiError>('POST', '/api/v1/demo', {});
  assert.deepEqual([refused.status, refused.body.code], [409, 'ES_DEMO_ID_TAKEN']);
});

// The site the console benchmark drives: history written straight into series.db through the series
// store the site uses (fast: no MQTT on the way), then the site started on that data dir, 1 000
// gateways registered through the API and the dashboards the measurements open.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dashboard, Widget } from '../../src/shared/dashboards.js';
import { createSeriesStore, type SensorBatch } from '../../src/main/series/index.js';
import { startTestSite, type TestSite } from '../../test/support/site.js';

const DAY = 86_400_000;
export const GATEWAYS = 1000;
/** 50 sensors on the first gateway: the dashboards and the live feed */
export const FLEET = 50;
const FLEET_STEP_MS = 10_000;
const YEAR_STEP_MS = 60_000;

/** 12 hex digits, as Thing+ gateway ids are */
export const gatewayId = (i: number) => `b0a7${i.toString(16).padStart(8, '0')}`;
export const fleetSensor = (i: number) => `${gatewayId(0)}-0-t${String(i).padStart(2, '0')}`;
export const YEAR_SENSOR = `${gatewayId(1)}-0-year`;

function reading(sensor: number, t: number): number {
  return Math.round((20 + 5 * Math.sin(t / 3_600_000 + sensor) + Math.sin(t / 97_000)) * 100) / 100;
}

/** Appends `sensors`' points from `from` to `to` every `step` ms, a slice of `perCall` points per append. */
async function appendSpan(
  store: ReturnType<typeof createSeriesStore>,
  gw: string,
  sensors: readonly string[],
  o: { from: number; to: number; step: number; perCall: number },
): Promise<number> {
  let n = 0;
  for (let t0 = o.from; t0 < o.to; t0 += o.step * o.perCall) {
    const batches: SensorBatch[] = sensors.map((sensorId, s) => {
      const points = [];
      for (let t = t0; t < Math.min(o.to, t0 + o.step * o.perCall); t += o.step)
        points.push({ time: t, value: reading(s, t) });
      n += points.length;
      return { sensorId, points };
    });
    await store.append(gw, batches, t0);
    if ((t0 - o.from) % (o.step * o.perCall * 50) === 0) store.compact({ all: true });
  }
  return n;
}

/** 24 h of the fleet (one value per 10 s) and a year of one sensor (one per minute), up to `end`. */
export async function writeHistory(dir: string, end: number): Promise<number> {
  const store = createSeriesStore({
    file: join(dir, 'series.db'),
    synchronous: 'NORMAL',
    compactEveryMs: 0,
    maintenanceEveryMs: 0,
    commitMaxValues: 50_000,
    compactStepValues: 200_000,
  });
  const fleet = Array.from({ length: FLEET }, (_, i) => fleetSensor(i));
  let n = await appendSpan(store, gatewayId(0), fleet, {
    from: end - DAY,
    to: end,
    step: FLEET_STEP_MS,
    perCall: 60,
  });
  n += await appendSpan(store, gatewayId(1), [YEAR_SENSOR], {
    from: end - 365 * DAY,
    to: end,
    step: YEAR_STEP_MS,
    perCall: 1440,
  });
  store.compact({ all: true });
  await store.close();
  return n;
}

const ref = (i: number) => ({ gatewayId: gatewayId(0), sensorId: fleetSensor(i) });

/** lays widgets out left to right, top to bottom on the 12-column grid */
function layout(
  specs: Array<{
    kind: Widget['kind'];
    w: number;
    h: number;
    sensors: number[];
    options?: Widget['options'];
  }>,
): Widget[] {
  let x = 0;
  let y = 0;
  let rowH = 0;
  return specs.map((s, i) => {
    if (x + s.w > 12) {
      x = 0;
      y += rowH;
      rowH = 0;
    }
    const widget: Widget = {
      id: `w${i}`,
      kind: s.kind,
      x,
      y,
      w: s.w,
      h: s.h,
      sensors: s.sensors.map(ref),
      options: s.options ?? {},
    };
    x += s.w;
    rowH = Math.max(rowH, s.h);
    return widget;
  });
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const day = { rangeMinutes: 1440 };

export const DASHBOARDS = {
  /** 12 widgets over 24 h: six charts of four sensors, three values, three gauges */
  twelve: layout([
    ...range(0, 3).map((i) => ({ kind: 'value' as const, w: 2, h: 2, sensors: [i] })),
    ...range(3, 3).map((i) => ({
      kind: 'gauge' as const,
      w: 2,
      h: 2,
      sensors: [i],
      options: { min: 0, max: 40 },
    })),
    ...range(0, 6).map((c) => ({
      kind: 'chart' as const,
      w: 6,
      h: 4,
      sensors: range(c * 4, 4),
      options: day,
    })),
  ]),
  /** the 50 sensors over 24 h on one chart (issue 15's "a chart … over 24 h of 50 sensors") */
  fifty: layout([{ kind: 'chart' as const, w: 12, h: 6, sensors: range(0, FLEET), options: day }]),
  /** the 50 sensors over 24 h on seven charts of up to 8 (no target: how the page scales with charts) */
  fiftyCharts: layout(
    range(0, Math.ceil(FLEET / 8)).map((c) => ({
      kind: 'chart' as const,
      w: 6,
      h: 4,
      sensors: range(c * 8, Math.min(8, FLEET - c * 8)),
      options: day,
    })),
  ),
  /** 50 widgets, one sensor each, for the live feed: 30 values, 10 gauges, 10 one-hour charts */
  live: layout(
    range(0, FLEET).map((i) =>
      i < 30
        ? { kind: 'value' as const, w: 2, h: 2, sensors: [i] }
        : i < 40
          ? { kind: 'gauge' as const, w: 2, h: 2, sensors: [i], options: { min: 0, max: 40 } }
          : { kind: 'chart' as const, w: 4, h: 3, sensors: [i], options: { rangeMinutes: 60 } },
    ),
  ),
};

export interface ConsoleSite {
  t: TestSite;
  base: string;
  dashboards: Record<keyof typeof DASHBOARDS, number>;
  historyPoints: number;
  /** the first gateway's APIKEY (it publishes the live values) */
  fleetKey: string;
}

export async function startConsoleSite(): Promise<ConsoleSite> {
  const dir = mkdtempSync(join(process.env.CONSOLE_BENCH_DIR ?? tmpdir(), 'console-render-'));
  const historyPoints = await writeHistory(dir, Date.now() - 60_000);
  const t = await startTestSite({}, dir);
  const keys: string[] = [];
  for (let i = 0; i < GATEWAYS; i++) keys.push(await t.registerGateway(gatewayId(i)));
  for (let i = 0; i < FLEET; i++)
    await t.registerSensor(gatewayId(0), keys[0]!, fleetSensor(i), 'temperature');
  await t.registerSensor(gatewayId(1), keys[1]!, YEAR_SENSOR, 'temperature');
  const dashboards = {} as ConsoleSite['dashboards'];
  for (const [name, widgets] of Object.entries(DASHBOARDS)) {
    const res = await t.api<Dashboard>('POST', '/api/v1/dashboards', { name, widgets });
    if (res.status !== 201) throw new Error(`dashboard ${name}: ${JSON.stringify(res.body)}`);
    dashboards[name as keyof typeof DASHBOARDS] = res.body.id;
  }
  return { t, base: `http://127.0.0.1:${t.site.ports.http}`, dashboards, historyPoints, fleetKey: keys[0]! };
}

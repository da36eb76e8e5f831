/**
 * Query benchmark for the series store's rollups (src/main/series).
 * Run: node --import tsx bench/series-query.ts   (env SERIES_BENCH_SCALE=0.1 for a quick run,
 * SERIES_BENCH_DIR for the file's disk; default: the OS temp dir)
 *
 * Data, all through the store's own append + compaction path: one sensor for a year at one point per
 * 2 s (~15.8 M points), 50 sensors for 24 h at 1 s (~4.3 M) and, so the store holds 100 M points, the
 * rest of a site: 1 000 sensors for 22 h at 1 s (80 M). Then, over repeated queries:
 * a 1-year chart of one sensor (1 d and 1 h buckets, served from rollups), a 24 h chart of 50 sensors
 * (1 min buckets) and 1 h of raw values of one sensor. The 50-sensor chart is timed twice: the store's
 * 50 aggregate calls alone, and the HTTP route GET /api/v1/series as a chart pays for it: server time
 * (Fastify's reply.elapsedTime at onResponse: parsing, the handler, JSON serialization, writing the
 * response) of real requests on 127.0.0.1.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Fastify from 'fastify';
import type { ApiContext } from '../src/main/api/context.js';
import { seriesRoutes, type MultiSeriesResponse } from '../src/main/api/routes/series.js';
import { createSeriesStore, type AggregateQuery, type SensorBatch } from '../src/main/series/index.js';
import { writeHistory } from './lib/history.js';

const SCALE = Number(process.env.SERIES_BENCH_SCALE ?? 1);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const YEAR_STEP_MS = 2000;
const YEAR_POINTS = Math.round((365 * DAY * SCALE) / YEAR_STEP_MS);
const FLEET = 50;
const FLEET_POINTS = Math.round(86_400 * SCALE);
const FLEET_T0 = T0 + 365 * DAY - 86_400_000;
const PER_MESSAGE = 3600;
// the rest of the site, so the queries run over 100 M stored points: 1 000 sensors (20 gateways × 50)
// at 1 s, two decimals, for the 22 h before the fleet's day
const SITE_GATEWAYS = 20;
const SITE_SENSORS = 50;
const SITE_POINTS = Math.round(80_000 * SCALE);
const SITE_T0 = FLEET_T0 - SITE_POINTS * 1000;
const REPEAT = 30;

/** a plausible reading: slow drift with one decimal */
function reading(sensor: number, k: number): number {
  return Math.round((20 + 5 * Math.sin((k + sensor * 31) / 500)) * 10) / 10;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(process.env.SERIES_BENCH_DIR ?? os.tmpdir(), 'series-query-'));
  const file = path.join(dir, 'series.db');
  // commits as soon as a message is queued (no timer wait); compaction driven below
  const store = createSeriesStore({
    file,
    synchronous: 'NORMAL',
    compactEveryMs: 0,
    maintenanceEveryMs: 0,
    commitMaxValues: PER_MESSAGE,
    compactStepValues: 200_000,
  });
  const genStart = performance.now();
  let total = 0;
  const send = async (batches: SensorBatch[], at: number) => {
    await store.append('gw', batches, at);
    for (const b of batches) total += b.points.length;
    if (total % (PER_MESSAGE * 100) < PER_MESSAGE * batches.length) store.compact({ all: true });
  };
  for (let k = 0; k < YEAR_POINTS; k += PER_MESSAGE) {
    const n = Math.min(PER_MESSAGE, YEAR_POINTS - k);
    const points = Array.from({ length: n }, (_, j) => ({
      time: T0 + (k + j) * YEAR_STEP_MS,
      value: reading(0, k + j),
    }));
    await send([{ sensorId: 'year', points }], points[0].time);
  }
  for (let k = 0; k < FLEET_POINTS; k += PER_MESSAGE / 60) {
    const n = Math.min(PER_MESSAGE / 60, FLEET_POINTS - k);
    const batches = Array.from({ length: FLEET }, (_, s) => ({
      sensorId: `f${s}`,
      points: Array.from({ length: n }, (_, j) => ({
        time: FLEET_T0 + (k + j) * 1000,
        value: reading(s, k + j),
      })),
    }));
    await send(batches, FLEET_T0 + k * 1000);
  }
  total += await writeHistory(store, {
    gateways: SITE_GATEWAYS,
    sensorsPerGateway: SITE_SENSORS,
    points: SITE_POINTS,
    t0: SITE_T0,
    prefix: 'site',
  });
  store.compact({ all: true });
  await store.flush();
  const genMs = performance.now() - genStart;
  const st = store.stats();
  await store.close();
  const reopened = createSeriesStore({
    file,
    synchronous: 'NORMAL',
    compactEveryMs: 0,
    maintenanceEveryMs: 0,
  });
  const fileBytes = fs.statSync(file).size;
  console.log(
    `generated ${total.toLocaleString()} points in ${(genMs / 1000).toFixed(1)} s ` +
      `(${Math.round(total / (genMs / 1000)).toLocaleString()} points/s, incl. compaction + rollups); ` +
      `${st.chunks} chunks, ${st.rollupRowsWritten} rollup rows; file ${(fileBytes / 1e6).toFixed(1)} MB = ` +
      `${(fileBytes / total).toFixed(2)} B/point at rest (rollups included)`,
  );

  // the multi-sensor route on the reopened store; every sensor exists (the registry is not under test)
  const app = Fastify();
  const ctx = { series: reopened, registry: { getSensor: () => ({}) } } as unknown as ApiContext;
  // server time per request, as Fastify measures it (reply.elapsedTime, from the request's arrival):
  // at onSend the handler has run and the JSON is serialized; at onResponse the last byte has been
  // handed to the socket (the client here runs in the same process, so that includes some of its reading)
  const serializedMs: number[] = [];
  const writtenMs: number[] = [];
  app.addHook('onSend', async (_req, reply) => {
    serializedMs.push(reply.elapsedTime);
  });
  app.addHook('onResponse', async (_req, reply) => {
    writtenMs.push(reply.elapsedTime);
  });
  await app.register(seriesRoutes, { prefix: '/api/v1', ctx });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const chartUrl =
    `/api/v1/series?sensors=${Array.from({ length: FLEET }, (_, s) => `gw:f${s}`).join(',')}` +
    `&dataStart=${new Date(FLEET_T0).toISOString()}&dataEnd=${new Date(FLEET_T0 + DAY).toISOString()}` +
    '&interval=1m&intervalFunc=average';
  let chartBytes = 0;

  type Timing = { p50: number; p99: number; points: number };
  /** REPEAT GET requests: server time until serialized and until written */
  const timeRoute = async (url: string): Promise<[Timing, Timing]> => {
    serializedMs.length = 0;
    writtenMs.length = 0;
    let body = '';
    for (let i = 0; i < REPEAT; i++) {
      const res = await fetch(`${base}${url}`);
      body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body}`);
    }
    chartBytes = Buffer.byteLength(body);
    const points = (JSON.parse(body) as MultiSeriesResponse)._meta.count;
    return [serializedMs, writtenMs].map((list) => {
      const ms = [...list].sort((a, b) => a - b);
      return { p50: percentile(ms, 50), p99: percentile(ms, 99), points };
    }) as [Timing, Timing];
  };
  const [chartSerialized, chartWritten] = await timeRoute(chartUrl);

  const time = (fn: () => number): { p50: number; p99: number; points: number } => {
    const ms: number[] = [];
    let points = 0;
    for (let i = 0; i < REPEAT; i++) {
      const t = performance.now();
      points = fn();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p99: percentile(ms, 99), points };
  };
  const yearQ = (intervalMs: number): AggregateQuery => ({
    gatewayId: 'gw',
    sensorId: 'year',
    from: T0,
    to: T0 + 365 * DAY,
    intervalMs,
    func: 'average',
  });
  const results: Record<string, { p50: number; p99: number; points: number }> = {
    '1-year chart, 1 d buckets (1 sensor)': time(() => reopened.aggregate(yearQ(DAY)).length),
    '1-year chart, 1 h buckets (1 sensor)': time(() => reopened.aggregate(yearQ(HOUR)).length),
    '24 h chart, 1 min buckets (50 sensors)': time(() => {
      let n = 0;
      for (let s = 0; s < FLEET; s++) {
        n += reopened.aggregate({
          gatewayId: 'gw',
          sensorId: `f${s}`,
          from: FLEET_T0,
          to: FLEET_T0 + DAY,
          intervalMs: 60_000,
          func: 'average',
        }).length;
      }
      return n;
    }),
    'GET /api/v1/series, same chart: server time to serialized JSON': chartSerialized,
    'GET /api/v1/series, same chart: server time to last byte written': chartWritten,
    '1 h raw values (1 sensor)': time(
      () =>
        reopened.query({
          gatewayId: 'gw',
          sensorId: 'f0',
          from: FLEET_T0 + 5 * HOUR,
          to: FLEET_T0 + 6 * HOUR,
        }).length,
    ),
    '1-year stats per month (1 sensor)': time(
      () =>
        reopened.seriesStats({
          gatewayId: 'gw',
          sensorId: 'year',
          from: T0,
          to: T0 + 365 * DAY,
          timeUnit: 'month',
        }).length,
    ),
  };
  await app.close();
  await reopened.close();
  console.log(`GET /api/v1/series response: ${(chartBytes / 1e6).toFixed(2)} MB of JSON`);
  console.table(
    Object.entries(results).map(([scenario, r]) => ({
      scenario,
      'points returned': r.points,
      'p50 ms': r.p50.toFixed(2),
      'p99 ms': r.p99.toFixed(2),
    })),
  );
  const out = {
    scale: SCALE,
    points: total,
    generationSeconds: genMs / 1000,
    fileBytes,
    bytesPerPointAtRest: fileBytes / total,
    repeat: REPEAT,
    queries: results,
    chartResponseBytes: chartBytes,
    node: process.version,
    // the V8 flags this process ran with (`npm run bench` gives it the site's, scripts/site-flags.js)
    nodeFlags: process.execArgv.filter((a, i, all) => a !== '--import' && all[i - 1] !== '--import'),
    date: new Date().toISOString(),
  };
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(import.meta.dirname, 'results', 'series-query.json'),
    `${JSON.stringify(out, null, 2)}\n`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();

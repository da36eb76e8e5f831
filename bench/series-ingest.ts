/**
 * Ingest benchmark for the series store (src/main/series).
 * Run: node --import tsx bench/series-ingest.ts   (env SERIES_BENCH_SCALE=0.2 for a quick run,
 * SERIES_BENCH_DIR to put the files on another disk; default: the OS temp dir)
 *
 * Every value goes through the public `append` with many appends in flight, as the broker would.
 * Disk bytes come from /proc/self/io: better-sqlite3 writes in-process, so this process's write_bytes
 * (pages sent to the block device) and wchar (bytes passed to write()) are the store's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createSeriesStore } from '../src/main/series/index.js';
import type { SensorBatch } from '../src/main/series/index.js';

const SCALE = Number(process.env.SERIES_BENCH_SCALE ?? 1);
const SENSORS = 1000;
const IN_FLIGHT = 4000;
const T0 = 1_700_000_000_000;

interface Io {
  writeBytes: number;
  wchar: number;
}

function io(): Io {
  const text = fs.readFileSync('/proc/self/io', 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { writeBytes: field('write_bytes'), wchar: field('wchar') };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** a plausible reading: slow drift with one decimal, so the scaled-decimal and repeat tags matter */
function reading(sensor: number, k: number): number {
  return Math.round((20 + 5 * Math.sin((k + sensor) / 50)) * 10) / 10;
}

function message(i: number, perMessage: number): SensorBatch[] {
  const sensor = i % SENSORS;
  const round = Math.floor(i / SENSORS);
  const points = Array.from({ length: perMessage }, (_, j) => {
    const k = round * perMessage + j;
    return { time: T0 + k * 1000, value: reading(sensor, k) };
  });
  return [{ sensorId: `s${sensor}`, points }];
}

interface Row {
  scenario: string;
  'values/s': string;
  'p50 ms': string;
  'p99 ms': string;
  'disk B/value (ingest)': string;
  'write() B/value': string;
  'disk B/value (compaction)': string;
  'chunk B/value': string;
  'file B/value at rest': string;
}

async function runStore(dir: string, perMessage: number, synchronous: 'NORMAL' | 'FULL'): Promise<Row> {
  const messages = Math.round(((perMessage === 1 ? 300_000 : 150_000) * SCALE) / SENSORS) * SENSORS;
  const file = path.join(dir, `store-${perMessage}-${synchronous}.db`);
  // compaction is measured separately below so the ingest figures are the log path alone
  const store = createSeriesStore({ file, synchronous, compactEveryMs: 0 });
  const latencies = new Float64Array(messages);
  // a site registers its sensors once; their `series` rows (one small transaction each) are not ingest cost
  await Promise.all(
    Array.from({ length: SENSORS }, (_, s) =>
      store.append('gw', [{ sensorId: `s${s}`, points: [{ time: T0 - 1000, value: 0 }] }], T0),
    ),
  );
  const before = io();
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let done = 0;
    const send = (): void => {
      const i = next++;
      const t = performance.now();
      store.append('gw', message(i, perMessage), T0).then(() => {
        latencies[i] = performance.now() - t;
        if (++done === messages) resolve();
        else if (next < messages) send();
      }, reject);
    };
    for (let k = 0; k < Math.min(IN_FLIGHT, messages); k++) send();
  });
  const seconds = (performance.now() - start) / 1000;
  const afterIngest = io();
  const values = messages * perMessage;
  const stats = store.stats();
  if (stats.committedValues !== values + SENSORS)
    throw new Error(`stored ${stats.committedValues} of ${values}`);

  store.compact({ all: true });
  await store.close(); // includes the final checkpoint, so the compaction bytes include it
  const afterCompaction = io();
  const db = new Database(file, { readonly: true });
  const chunkBytes = (db.prepare('SELECT sum(length(body)) AS n FROM chunks').get() as { n: number }).n;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const used =
    ((db.pragma('page_count', { simple: true }) as number) -
      (db.pragma('freelist_count', { simple: true }) as number)) *
    pageSize;
  db.close();

  latencies.sort();
  return {
    scenario: `store ${perMessage} value${perMessage > 1 ? 's' : ''}/msg, ${synchronous}`,
    'values/s': Math.round(values / seconds).toLocaleString('en'),
    'p50 ms': percentile(latencies, 50).toFixed(1),
    'p99 ms': percentile(latencies, 99).toFixed(1),
    'disk B/value (ingest)': ((afterIngest.writeBytes - before.writeBytes) / values).toFixed(1),
    'write() B/value': ((afterIngest.wchar - before.wchar) / values).toFixed(1),
    'disk B/value (compaction)': ((afterCompaction.writeBytes - afterIngest.writeBytes) / values).toFixed(1),
    'chunk B/value': (chunkBytes / (values + SENSORS)).toFixed(2),
    'file B/value at rest': (used / (values + SENSORS)).toFixed(2),
  };
}

/** The reference point from the design notes: one row per value appended to a plain rowid table. */
function runBaseline(dir: string, synchronous: 'NORMAL' | 'FULL'): Row {
  const values = Math.round(1_500_000 * SCALE);
  const db = new Database(path.join(dir, `baseline-${synchronous}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE v (id INTEGER PRIMARY KEY, series INTEGER, time INTEGER, value REAL)');
  const insert = db.prepare('INSERT INTO v (series, time, value) VALUES (?, ?, ?)');
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(i % SENSORS, T0 + i, reading(i % SENSORS, i));
  });
  const before = io();
  const start = performance.now();
  for (let i = 0; i < values; i += 20_000) batch(i, Math.min(values, i + 20_000));
  const seconds = (performance.now() - start) / 1000;
  const after = io();
  db.close();
  return tableRow(`baseline rowid table, 20k rows/commit, ${synchronous}`, values, seconds, before, after);
}

/**
 * What the append-only log replaces: one row per value in a table keyed (sensor, time), WITHOUT ROWID,
 * 128 MB page cache, already holding 2 M rows (per sensor, in time order, as days of data would), then
 * 1 000 sensors' values interleaved as gateways send them, 1 000 rows per commit. Every commit dirties a
 * leaf page per sensor it touches: that is its bytes written per value.
 */
function runKeyed(dir: string, synchronous: 'NORMAL' | 'FULL'): Row {
  const prefill = Math.round(2_000_000 * SCALE);
  const values = Math.round(500_000 * SCALE);
  const db = new Database(path.join(dir, `keyed-${synchronous}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('cache_size = -131072');
  db.exec(
    'CREATE TABLE v (series INTEGER, time INTEGER, value REAL, PRIMARY KEY (series, time)) WITHOUT ROWID',
  );
  const insert = db.prepare('INSERT INTO v (series, time, value) VALUES (?, ?, ?)');
  const perSensor = prefill / SENSORS;
  db.transaction(() => {
    for (let s = 0; s < SENSORS; s++)
      for (let k = 0; k < perSensor; k++) insert.run(s, T0 + k * 1000, reading(s, k));
  })();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const s = i % SENSORS;
      const k = perSensor + Math.floor(i / SENSORS);
      insert.run(s, T0 + k * 1000, reading(s, k));
    }
  });
  const before = io();
  const start = performance.now();
  for (let i = 0; i < values; i += 1000) batch(i, Math.min(values, i + 1000));
  const seconds = (performance.now() - start) / 1000;
  const after = io();
  db.close();
  return tableRow(
    `keyed (sensor, time) table, 1k rows/commit, ${synchronous}`,
    values,
    seconds,
    before,
    after,
  );
}

/** A plain SQLite table's row: rate and bytes written while inserting (no latency, no compaction). */
function tableRow(scenario: string, values: number, seconds: number, before: Io, after: Io): Row {
  return {
    scenario,
    'values/s': Math.round(values / seconds).toLocaleString('en'),
    'p50 ms': '-',
    'p99 ms': '-',
    'disk B/value (ingest)': ((after.writeBytes - before.writeBytes) / values).toFixed(1),
    'write() B/value': ((after.wchar - before.wchar) / values).toFixed(1),
    'disk B/value (compaction)': '-',
    'chunk B/value': '-',
    'file B/value at rest': '-',
  };
}

interface FactoryRow {
  compaction: string;
  'values/s': string;
  'append p50 ms': string;
  'append p99 ms': string;
  'append max ms': string;
  'loop delay max ms': string;
  steps: number;
  'moved values': string;
  'apply max ms': string;
  'plan max ms': string;
}

/**
 * A factory in fast-forward: 200 gateways × 50 sensors, 1 value per sensor per simulated second, the
 * timer compactor on (compactAfterMs 10 s), simulated time running SPEED× real time. Each gateway's
 * message is appended and awaited as the broker would; what matters is the append latency while the
 * compactor runs (it blocks the event loop on the main thread) and whether compaction keeps up.
 */
async function runFactory(dir: string, worker: boolean, windowMs: number): Promise<FactoryRow> {
  const GATEWAYS = 200;
  const PER_GATEWAY = 50;
  const SPEED = 4;
  const simSeconds = Math.round(240 * Math.max(SCALE, 0.5));
  const file = path.join(dir, `factory-${worker}-${windowMs}.db`);
  const start = Date.now();
  const clock = () => T0 + (Date.now() - start) * SPEED;
  const store = createSeriesStore({
    file,
    synchronous: 'NORMAL',
    now: clock,
    compactWorker: worker,
    compactWindowMs: windowMs,
  });
  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const inflight = new Set<Promise<void>>();
  loop.enable();
  for (let sec = 0; sec < simSeconds; sec++) {
    const due = start + (sec * 1000) / SPEED;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = T0 + sec * 1000;
    for (let g = 0; g < GATEWAYS; g++) {
      const batches = Array.from({ length: PER_GATEWAY }, (_, s) => ({
        sensorId: `s${s}`,
        points: [{ time: t, value: reading(g * PER_GATEWAY + s, sec) }],
      }));
      const sent = performance.now();
      const p = store.append(`gw${g}`, batches, clock()).then(() => {
        latencies.push(performance.now() - sent);
        inflight.delete(p);
      });
      inflight.add(p);
    }
  }
  await Promise.all(inflight);
  loop.disable();
  const elapsed = (Date.now() - start) / 1000;
  const st = store.stats();
  await store.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    compaction: `${worker ? 'worker' : 'main thread'}, window ${windowMs / 1000} s`,
    'values/s': Math.round(st.committedValues / elapsed).toLocaleString('en'),
    'append p50 ms': percentile(sorted, 50).toFixed(1),
    'append p99 ms': percentile(sorted, 99).toFixed(1),
    'append max ms': sorted[sorted.length - 1].toFixed(1),
    'loop delay max ms': (loop.max / 1e6).toFixed(0),
    steps: st.compactionSteps,
    'moved values': `${st.compactedValues.toLocaleString('en')} / ${st.committedValues.toLocaleString('en')}`,
    'apply max ms': st.compactionApplyMsMax.toFixed(0),
    'plan max ms': st.compactionPlanMsMax.toFixed(0),
  };
}

async function main(): Promise<void> {
  const base = process.env.SERIES_BENCH_DIR ?? os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'series-bench-'));
  const rows: Row[] = [];
  const factory: FactoryRow[] = [];
  // SERIES_BENCH_FACTORY_ONLY / SERIES_BENCH_TABLE_ONLY run one half
  try {
    if (!process.env.SERIES_BENCH_TABLE_ONLY) {
      for (const [worker, windowMs] of [
        [false, 0],
        [true, 0],
        [false, 60_000],
        [true, 60_000],
      ] as const) {
        factory.push(await runFactory(dir, worker, windowMs));
      }
    }
    if (!process.env.SERIES_BENCH_FACTORY_ONLY) {
      for (const synchronous of ['NORMAL', 'FULL'] as const) {
        rows.push(runBaseline(dir, synchronous));
        rows.push(runKeyed(dir, synchronous));
        for (const perMessage of [10, 1]) rows.push(await runStore(dir, perMessage, synchronous));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (factory.length) {
    console.log(
      'factory fast-forward: 200 gateways × 50 sensors, 1 value/sensor/s, 4× real time, compactAfterMs 10 s',
    );
    console.table(factory);
  }
  if (rows.length) {
    console.log(
      `series ingest: ${SENSORS} sensors interleaved, ${IN_FLIGHT} appends in flight, ${os.cpus().length} cpus`,
    );
    console.table(rows);
  }
}

await main();

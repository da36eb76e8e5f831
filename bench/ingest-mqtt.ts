// End-to-end ingest through the broker: simulated Thing+ gateways (this process, mqtt.js, QoS 1, JSON
// batches as real gateways send them) against a headless site in its own process. Prints values/s
// acknowledged (PUBACK = committed) and publish→PUBACK latency.
//   node --import tsx bench/ingest-mqtt.ts [--gateways 20] [--sensors 50] [--points 10] [--seconds 20] [--inflight 4] [--gzip]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import mqtt, { type MqttClient } from 'mqtt';
import { spawnSite } from '../test/support/site-process.js';

const { values: args } = parseArgs({
  options: {
    gateways: { type: 'string', default: '20' },
    sensors: { type: 'string', default: '50' },
    points: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    inflight: { type: 'string', default: '4' },
    gzip: { type: 'boolean', default: false },
    /** target values/s in total (0 = as fast as the site acknowledges) */
    rate: { type: 'string', default: '0' },
  },
});
const GATEWAYS = Number(args.gateways);
const SENSORS = Number(args.sensors);
const POINTS = Number(args.points);
const SECONDS = Number(args.seconds);
const INFLIGHT = Number(args.inflight);
const RATE = Number(args.rate);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'edge-site-bench-'));
  const site = await spawnSite(dataDir, ['--log-level', 'error']);
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${site.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  const gateways: Array<{ id: string; key: string; sensors: string[] }> = [];
  for (let g = 0; g < GATEWAYS; g += 1) {
    const id = `bench${String(g).padStart(7, '0')}`;
    const key = (await post('api/v1/registerGatewayKey', { id, modelId: '34' }))[id]!;
    const sensors: string[] = [];
    for (let s = 0; s < SENSORS; s += 1) {
      const sid = `${id}-0-n${s}`;
      await post(
        `gateways/${id}/sensors`,
        { reqId: sid, type: 'number', name: sid },
        { username: id, apikey: key },
      );
      sensors.push(sid);
    }
    gateways.push({ id, key, sensors });
  }

  const clients: MqttClient[] = await Promise.all(
    gateways.map((g) =>
      mqtt.connectAsync(`mqtt://127.0.0.1:${site.mqttPort}`, {
        clientId: g.id,
        username: g.id,
        password: g.key,
        reconnectPeriod: 0,
      }),
    ),
  );
  const latencies: number[] = [];
  let ackedValues = 0;
  let ackedMessages = 0;
  let stop = false;
  const start = Date.now();
  let clock = start - 24 * 3_600_000;
  const loopsTotal = GATEWAYS * INFLIGHT;
  // paced mode: each loop sends one message every `interval` ms so the total is RATE values/s
  const interval = RATE > 0 ? (loopsTotal * SENSORS * POINTS * 1000) / RATE : 0;
  const loop = async (
    client: MqttClient,
    gateway: (typeof gateways)[number],
    index: number,
  ): Promise<void> => {
    let next = performance.now() + (interval * index) / loopsTotal;
    while (!stop) {
      if (interval > 0) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        next += interval;
        if (stop) break;
      }
      const batch: Record<string, number[]> = {};
      const base = (clock += POINTS * 1000);
      for (const sid of gateway.sensors) {
        const pairs: number[] = [];
        for (let p = 0; p < POINTS; p += 1)
          pairs.push(base + p * 1000, Math.round(Math.random() * 10000) / 100);
        batch[sid] = pairs;
      }
      const text = JSON.stringify(batch);
      const payload = args.gzip ? gzipSync(text) : text;
      const sent = performance.now();
      await client.publishAsync(`v/a/g/${gateway.id}`, payload, { qos: 1 });
      latencies.push(performance.now() - sent);
      ackedValues += SENSORS * POINTS;
      ackedMessages += 1;
    }
  };
  const loops = clients.flatMap((client, i) =>
    Array.from({ length: INFLIGHT }, (_, k) => loop(client, gateways[i]!, i * INFLIGHT + k)),
  );
  const samples: number[] = [];
  let lastValues = 0;
  const ticker = setInterval(() => {
    samples.push(ackedValues - lastValues);
    lastValues = ackedValues;
  }, 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  stop = true;
  clearInterval(ticker);
  await Promise.all(loops);
  const elapsed = (Date.now() - start) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  // the site's peak resident memory (Linux): VmHWM of its process
  const status = readFileSync(`/proc/${site.child.pid}/status`, 'utf8');
  const peakRssMb = Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
  site.child.kill('SIGTERM');
  await site.exited;
  rmSync(dataDir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  const steady = samples.slice(2);
  const result = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    command: `node --import tsx bench/ingest-mqtt.ts --gateways ${GATEWAYS} --sensors ${SENSORS} --points ${POINTS} --seconds ${SECONDS} --inflight ${INFLIGHT}${args.gzip ? ' --gzip' : ''}${RATE ? ` --rate ${RATE}` : ''}`,
    targetRate: RATE || 'max',
    gateways: GATEWAYS,
    valuesPerMessage: SENSORS * POINTS,
    valuesPerSecond: Math.round(ackedValues / elapsed),
    valuesPerSecondMinOver1s: steady.length ? Math.min(...steady) : null,
    messagesPerSecond: Math.round(ackedMessages / elapsed),
    pubackLatencyMs: { p50: round(pct(0.5)), p99: round(pct(0.99)), max: round(pct(1)) },
    sitePeakRssMb: peakRssMb,
  };
  console.log(result.command);
  console.table([
    {
      'target values/s': result.targetRate,
      'values/msg': result.valuesPerMessage,
      'values/s acked': result.valuesPerSecond,
      'worst 1 s': result.valuesPerSecondMinOver1s,
      'msgs/s': result.messagesPerSecond,
      'PUBACK p50 ms': result.pubackLatencyMs.p50,
      'PUBACK p99 ms': result.pubackLatencyMs.p99,
      'site peak RSS MB': result.sitePeakRssMb,
    },
  ]);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const name = `ingest-mqtt${args.gzip ? '-gzip' : ''}${RATE ? `-rate${RATE}` : ''}`;
  writeFileSync(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

void main();

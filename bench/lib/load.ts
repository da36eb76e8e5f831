// The load generator shared by the ingest benchmarks: simulated Thing+ gateways (mqtt.js, QoS 1), each
// publishing one JSON object of all its sensors per message (`v/a/g/{gw}`), as the Thing+ gateway sends
// after buffering; optionally gzipped, optionally paced to a total rate.
import { gzipSync } from 'node:zlib';
import mqtt, { type MqttClient } from 'mqtt';
import { cores, mainThreadCpuSeconds, ownCpuSeconds, processCpuSeconds } from './cpu.js';

export interface LoadGateway {
  id: string;
  sensors: string[];
  username?: string;
  password?: string;
}

export interface LoadOptions {
  url: string;
  gateways: LoadGateway[];
  points: number;
  seconds: number;
  inflight: number;
  /** total values/s; 0 = as fast as the broker acknowledges */
  rate: number;
  gzip: boolean;
  /**
   * one clock for all gateways (each message moves it on): a sensor's consecutive values are then as
   * far apart as the messages of every gateway cover, like gateways flushing hours of buffered values
   */
  sharedClock?: boolean;
  /** the server under test's process: its CPU over the load window is reported */
  serverPid?: number;
}

export interface LoadResult {
  ackedValues: number;
  ackedMessages: number;
  elapsedSeconds: number;
  /** values acknowledged in each second */
  perSecond: number[];
  /** per second of the run: the slowest PUBACK (ms) and how many took over 50 ms */
  slowPerSecond: { maxMs: number; over50: number }[];
  latencies: { p50: number; p99: number; max: number };
  /** cores used over the load window by the server's process (all threads) and by this generator */
  serverCores: number | null;
  /** CPU seconds the server's main thread used over the load window (null: not a known process) */
  serverMainThreadCpuSeconds: number | null;
  generatorCores: number | null;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { gateways, points, inflight } = options;
  const clients: MqttClient[] = await Promise.all(
    gateways.map((g) =>
      mqtt.connectAsync(options.url, {
        clientId: g.id,
        username: g.username,
        password: g.password,
        reconnectPeriod: 0,
      }),
    ),
  );
  const latencies: number[] = [];
  const slowPerSecond: { maxMs: number; over50: number }[] = [];
  let thisSecond = { maxMs: 0, over50: 0 };
  let ackedValues = 0;
  let ackedMessages = 0;
  let stop = false;
  const start = Date.now();
  const serverCpuStart = processCpuSeconds(options.serverPid);
  const mainCpuStart = mainThreadCpuSeconds(options.serverPid);
  const ownCpuStart = ownCpuSeconds();
  // each gateway's own clock, one step of `points` seconds per message, from a day ago: at 1 point a
  // message and one message a second it is real time, every sensor one value per second (the issue's
  // factory); more points per message are a gateway flushing what it buffered
  const clocks = new Map(gateways.map((g) => [g.id, start - 24 * 3_600_000]));
  const loopsTotal = gateways.length * inflight;
  const valuesPerMessage = (gateways[0]?.sensors.length ?? 0) * points;
  // paced mode: each loop sends one message every `interval` ms so the total is `rate` values/s
  const interval = options.rate > 0 ? (loopsTotal * valuesPerMessage * 1000) / options.rate : 0;

  const loop = async (client: MqttClient, gateway: LoadGateway, index: number): Promise<void> => {
    let next = performance.now() + (interval * index) / loopsTotal;
    while (!stop) {
      if (interval > 0) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        next += interval;
        if (stop) break;
      }
      const batch: Record<string, number[]> = {};
      const clockOf = options.sharedClock ? gateways[0]!.id : gateway.id;
      const base = clocks.get(clockOf)! + points * 1000;
      clocks.set(clockOf, base);
      for (const sid of gateway.sensors) {
        const pairs: number[] = [];
        for (let p = 0; p < points; p += 1)
          pairs.push(base + p * 1000, Math.round(Math.random() * 10000) / 100);
        batch[sid] = pairs;
      }
      const text = JSON.stringify(batch);
      const sent = performance.now();
      await client.publishAsync(`v/a/g/${gateway.id}`, options.gzip ? gzipSync(text) : text, { qos: 1 });
      const took = performance.now() - sent;
      latencies.push(took);
      thisSecond.maxMs = Math.max(thisSecond.maxMs, took);
      if (took > 50) thisSecond.over50 += 1;
      ackedValues += gateway.sensors.length * points;
      ackedMessages += 1;
    }
  };
  const loops = clients.flatMap((client, i) =>
    Array.from({ length: inflight }, (_, k) => loop(client, gateways[i]!, i * inflight + k)),
  );
  const perSecond: number[] = [];
  let lastValues = 0;
  const ticker = setInterval(() => {
    perSecond.push(ackedValues - lastValues);
    lastValues = ackedValues;
    slowPerSecond.push({ maxMs: round(thisSecond.maxMs), over50: thisSecond.over50 });
    thisSecond = { maxMs: 0, over50: 0 };
  }, 1000);
  await new Promise((r) => setTimeout(r, options.seconds * 1000));
  stop = true;
  clearInterval(ticker);
  await Promise.all(loops);
  const elapsedSeconds = (Date.now() - start) / 1000;
  const serverCpuEnd = processCpuSeconds(options.serverPid);
  const serverCores = cores(
    serverCpuStart === null || serverCpuEnd === null ? null : serverCpuEnd - serverCpuStart,
    elapsedSeconds,
  );
  const generatorCores = cores(ownCpuSeconds() - ownCpuStart, elapsedSeconds);
  const mainCpuEnd = mainThreadCpuSeconds(options.serverPid);
  const serverMainThreadCpuSeconds =
    mainCpuStart === null || mainCpuEnd === null ? null : mainCpuEnd - mainCpuStart;
  await Promise.all(clients.map((c) => c.endAsync()));

  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    ackedValues,
    ackedMessages,
    elapsedSeconds,
    perSecond,
    slowPerSecond,
    latencies: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
    serverCores,
    serverMainThreadCpuSeconds,
    generatorCores,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

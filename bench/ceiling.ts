// Ceilings for the ingest benchmark: the same load (bench/lib/load.ts, same messages, QoS 1) against a
// broker that stores nothing, on a loopback port, with a QoS 1 subscriber receiving every message:
// Debian's mosquitto (`--broker mosquitto`, the default), or a bare aedes, the site's own broker without
// its hooks (`--broker aedes`, bench/lib/bare-aedes.ts). They show what the load generator and MQTT
// alone reach on this machine, so the site's rate can be read as a ratio.
//   node --import tsx bench/ceiling.ts [--broker mosquitto|aedes] [--gateways 20] [--sensors 50] [--points 10]
//                                      [--seconds 20] [--inflight 4]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { freePorts } from '../test/support/zookeeper.js';
import { runLoad } from './lib/load.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
const { values: args } = parseArgs({
  options: {
    gateways: { type: 'string', default: '20' },
    sensors: { type: 'string', default: '50' },
    points: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    inflight: { type: 'string', default: '4' },
    broker: { type: 'string', default: 'mosquitto' },
  },
});

/** Starts the broker under test in its own process; resolves with its port and a stop function. */
async function startBroker(
  dir: string,
): Promise<{ port: number; pid: number | undefined; stop: () => void }> {
  if (args.broker === 'aedes') {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./lib/bare-aedes.ts', import.meta.url))],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const m = /listening (\d+)/.exec(chunk.toString());
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`bare aedes exited with ${code}`)));
    });
    return { port, pid: child.pid, stop: () => child.kill('SIGTERM') };
  }
  if (args.broker !== 'mosquitto') throw new Error(`--broker ${args.broker}: mosquitto or aedes`);
  if (!existsSync(MOSQUITTO)) throw new Error(`${MOSQUITTO} not found: apt-get install -y mosquitto`);
  const [port] = await freePorts(1);
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 100000\n`,
  );
  const broker = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return { port: port!, pid: broker.pid, stop: () => broker.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `edge-site-${args.broker}-`));
  const broker = await startBroker(dir);
  const port = broker.port;
  const url = `mqtt://127.0.0.1:${port}`;
  let received = 0;
  const subscriber = await mqtt.connectAsync(url, { clientId: 'ceiling-subscriber', reconnectPeriod: 0 });
  subscriber.on('message', () => (received += 1));
  await subscriber.subscribeAsync('v/a/g/#', { qos: 1 });

  const gateways = Array.from({ length: Number(args.gateways) }, (_, g) => {
    const id = `bench${String(g).padStart(7, '0')}`;
    return { id, sensors: Array.from({ length: Number(args.sensors) }, (_, s) => `${id}-0-n${s}`) };
  });
  const load = await runLoad({
    url,
    gateways,
    points: Number(args.points),
    seconds: Number(args.seconds),
    inflight: Number(args.inflight),
    rate: 0,
    gzip: false,
    serverPid: broker.pid,
  });
  await new Promise((r) => setTimeout(r, 1000));
  await subscriber.endAsync();
  broker.stop();
  rmSync(dir, { recursive: true, force: true });

  const result = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    command: `node --import tsx bench/ceiling.ts --broker ${args.broker} --gateways ${args.gateways} --sensors ${args.sensors} --points ${args.points} --seconds ${args.seconds} --inflight ${args.inflight}`,
    valuesPerMessage: Number(args.sensors) * Number(args.points),
    valuesPerSecond: Math.round(load.ackedValues / load.elapsedSeconds),
    messagesPerSecond: Math.round(load.ackedMessages / load.elapsedSeconds),
    messagesDeliveredToSubscriber: received,
    messagesPublished: load.ackedMessages,
    pubackLatencyMs: load.latencies,
    brokerCores: load.serverCores,
    generatorCores: load.generatorCores,
  };
  console.log(result.command);
  console.table([
    {
      'values/msg': result.valuesPerMessage,
      [`values/s acked by ${args.broker}`]: result.valuesPerSecond,
      'msgs/s': result.messagesPerSecond,
      'delivered / published': `${received} / ${load.ackedMessages}`,
      'PUBACK p50 ms': result.pubackLatencyMs.p50,
      'PUBACK p99 ms': result.pubackLatencyMs.p99,
    },
  ]);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL(`./results/ceiling-${args.broker}.json`, import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}

void main();

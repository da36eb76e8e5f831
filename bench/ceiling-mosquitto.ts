// A ceiling for the ingest benchmark: the same load (bench/lib/load.ts, same messages, QoS 1) against
// Debian's mosquitto on a loopback port, with a QoS 1 subscriber receiving every message. It shows
// what the load generator and MQTT alone reach on this machine, so the site's rate can be read as a ratio.
//   node --import tsx bench/ceiling-mosquitto.ts [--gateways 20] [--sensors 50] [--points 10] [--seconds 20] [--inflight 4]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
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
  },
});

async function main(): Promise<void> {
  if (!existsSync(MOSQUITTO)) throw new Error(`${MOSQUITTO} not found: apt-get install -y mosquitto`);
  const dir = mkdtempSync(join(tmpdir(), 'edge-site-mosquitto-'));
  const [port] = await freePorts(1);
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 100000\n`,
  );
  const broker = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
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
  });
  await new Promise((r) => setTimeout(r, 1000));
  await subscriber.endAsync();
  broker.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });

  const result = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    command: `node --import tsx bench/ceiling-mosquitto.ts --gateways ${args.gateways} --sensors ${args.sensors} --points ${args.points} --seconds ${args.seconds} --inflight ${args.inflight}`,
    valuesPerMessage: Number(args.sensors) * Number(args.points),
    valuesPerSecond: Math.round(load.ackedValues / load.elapsedSeconds),
    messagesPerSecond: Math.round(load.ackedMessages / load.elapsedSeconds),
    messagesDeliveredToSubscriber: received,
    messagesPublished: load.ackedMessages,
    pubackLatencyMs: load.latencies,
  };
  console.log(result.command);
  console.table([
    {
      'values/msg': result.valuesPerMessage,
      'values/s acked by mosquitto': result.valuesPerSecond,
      'msgs/s': result.messagesPerSecond,
      'delivered / published': `${received} / ${load.ackedMessages}`,
      'PUBACK p50 ms': result.pubackLatencyMs.p50,
      'PUBACK p99 ms': result.pubackLatencyMs.p99,
    },
  ]);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./results/ceiling-mosquitto.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}

void main();

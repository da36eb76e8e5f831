// Per-message cost (issue 19): the site against its two ceilings at realistic message sizes, in one run.
// For 1, 10, 50 and 100 values per message (one value per sensor, as a Thing+ gateway reports each
// sensor's latest sample), the same load (bench/lib/load.ts, 20 gateways, QoS 1, 4 in flight each) runs
// against: a bare aedes (in memory, PUBACK at once), Debian's mosquitto (both forwarding to one QoS 1
// subscriber; bench/ceiling.ts) and the built site (PUBACK after the commit; bench/ingest-mqtt.ts).
// Prints one table with the site's rate as a ratio of each ceiling.
//   node --import tsx bench/ingest-sizes.ts [--sizes 1,10,50,100] [--seconds 15] [--gateways 20]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,10,50,100' },
    seconds: { type: 'string', default: '15' },
    gateways: { type: 'string', default: '20' },
  },
});

interface RunResult {
  valuesPerSecond: number;
  messagesPerSecond: number;
  pubackLatencyMs: { p50: number; p99: number };
  diskBytesWrittenPerValue?: number | null;
  sitePeakRssMb?: number;
  mainThreadUsPerValue?: number | null;
  mainThreadGcShare?: number | null;
  mainThreadCpuUsPerValue?: number | null;
  siteCores?: number | null;
  brokerCores?: number | null;
  generatorCores?: number | null;
}

function run(script: string, size: number, extra: string[], resultFile: string): RunResult {
  const argv = [
    '--gateways',
    args.gateways,
    '--sensors',
    String(size),
    '--points',
    '1',
    '--seconds',
    args.seconds,
    ...extra,
  ];
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...argv],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (res.status !== 0) throw new Error(`${script} ${argv.join(' ')} failed (${res.status})`);
  return JSON.parse(
    readFileSync(new URL(`./results/${resultFile}.json`, import.meta.url), 'utf8'),
  ) as RunResult;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

const rows = [];
for (const size of args.sizes.split(',').map(Number)) {
  process.stderr.write(`${size} values/msg: bare aedes, mosquitto, site …\n`);
  const aedes = run('ceiling.ts', size, ['--broker', 'aedes'], 'ceiling-aedes');
  const mosquitto = run('ceiling.ts', size, ['--broker', 'mosquitto'], 'ceiling-mosquitto');
  // the machine is shared: the 1-minute load average as the site's run starts and ends, beside its figures
  const loadBefore = loadavg()[0];
  const site = run('ingest-mqtt.ts', size, [], `ingest-mqtt-${args.gateways}gw`);
  const load = `${loadBefore.toFixed(1)}–${loadavg()[0].toFixed(1)}`;
  rows.push({
    'values/msg': size,
    'site msgs/s': site.messagesPerSecond,
    'site values/s': site.valuesPerSecond,
    'site PUBACK p50/p99 ms': `${site.pubackLatencyMs.p50} / ${site.pubackLatencyMs.p99}`,
    'site disk B/value': site.diskBytesWrittenPerValue ?? null,
    'main µs/value': site.mainThreadUsPerValue ?? null,
    'main CPU µs/value': site.mainThreadCpuUsPerValue ?? null,
    'main GC share': site.mainThreadGcShare ?? null,
    'bare aedes msgs/s': aedes.messagesPerSecond,
    'mosquitto msgs/s': mosquitto.messagesPerSecond,
    'site / aedes': ratio(site.messagesPerSecond, aedes.messagesPerSecond),
    'site / mosquitto': ratio(site.messagesPerSecond, mosquitto.messagesPerSecond),
    // cores used in the site's run by the site and by the load generator, and by mosquitto and its generator
    'site + gen cores': `${site.siteCores ?? '?'} + ${site.generatorCores ?? '?'}`,
    'mosquitto + gen cores': `${mosquitto.brokerCores ?? '?'} + ${mosquitto.generatorCores ?? '?'}`,
    load,
  });
}
console.log(
  `node --import tsx bench/ingest-sizes.ts --sizes ${args.sizes} --seconds ${args.seconds} --gateways ${args.gateways}`,
);
console.table(rows);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/ingest-sizes.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`, args, rows }, null, 2)}\n`,
);

// `npm run bench`: every benchmark in turn; each prints its own table and writes bench/results/*.json.
// Speed and memory figures live here, never in tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SITE_NODE_FLAGS } from '../scripts/site-flags.js';

// inProcess: the bench runs the store (and the query API) in its own process, which then starts with the
// site's V8 flags; the MQTT benches spawn the site with them (test/support/site-process.ts)
const benches: Array<{ script: string; args: string[]; needs?: string; inProcess?: boolean }> = [
  { script: 'series-ingest.ts', args: [], inProcess: true },
  { script: 'series-query.ts', args: [], inProcess: true },
  // issue 14: 1 000 active rules, the engine's cost per value and commit → alarm latency
  { script: 'rules-eval.ts', args: ['--rules', '1000'], inProcess: true },
  {
    script: 'ingest-mqtt.ts',
    args: ['--gateways', '20', '--sensors', '50', '--points', '10', '--seconds', '20'],
  },
  {
    script: 'ingest-mqtt.ts',
    args: ['--gateways', '20', '--sensors', '50', '--points', '10', '--seconds', '20', '--gzip'],
  },
  // latency at the reference load: 10 000 values/s, one value per sensor per message
  {
    script: 'ingest-mqtt.ts',
    args: [
      '--gateways',
      '200',
      '--sensors',
      '50',
      '--points',
      '1',
      '--seconds',
      '300',
      '--inflight',
      '1',
      '--rate',
      '10000',
    ],
  },
  // issue 7's sustained run: 1 000 gateways × 50 sensors, 10 points per sensor per message, 100 rules,
  // 5 minutes at the 200 000 values/s target (60 M points) on top of 50 M stored first: the database
  // grows past 100 M points during the run
  {
    script: 'ingest-mqtt.ts',
    args: [
      '--gateways',
      '1000',
      '--sensors',
      '50',
      '--points',
      '10',
      '--seconds',
      '300',
      '--rules',
      '100',
      '--rate',
      '200000',
      '--preload',
      '50000000',
    ],
  },
  // issue 14: the same load with 1 000 active rules (compare with the run above, which has none)
  {
    script: 'ingest-mqtt.ts',
    args: [
      '--gateways',
      '20',
      '--sensors',
      '50',
      '--points',
      '10',
      '--seconds',
      '20',
      '--rules',
      '1000',
      '--rule-threshold',
      '99.99',
    ],
  },
  // the same load against Debian's mosquitto: the ceiling of the load generator and MQTT on this machine
  {
    script: 'ceiling.ts',
    args: ['--gateways', '20', '--sensors', '50', '--points', '10', '--seconds', '20'],
    needs: '/usr/sbin/mosquitto',
  },
  // issue 19: the per-message cost, 1/10/50/100 values per message against bare aedes and mosquitto
  { script: 'ingest-sizes.ts', args: [], needs: '/usr/sbin/mosquitto' },
  { script: 'cluster-failover.ts', args: [], needs: '/usr/share/zookeeper' },
  // issue 18: the replication engine, chosen by measurement: NATS JetStream, etcd and ZooKeeper as
  // 3-member loopback clusters (each engine it finds installed; ~1.5 minutes)
  { script: 'replication-engines.ts', args: [], needs: '/usr/sbin/nats-server' },
  // issue 18: the replicated site, failover gap over 20 kills and ingest with replication vs without
  { script: 'replicated-site.ts', args: [], needs: '/usr/sbin/nats-server' },
  // issue 15: the console in Debian's headless Chromium against a real site (dashboards, charts, live
  // updates, 1 000 gateways); needs the built console (dist/renderer)
  { script: 'console-render.ts', args: ['--runs', '5'], needs: '/usr/bin/chromium' },
];

const only = process.argv[2];
let failed = 0;
// the MQTT benches run the built site (what users run), so its memory is measured without tsx
// (and the console bench serves the built console)
if (!only || only.startsWith('ingest-') || only.startsWith('console-render')) {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
for (const bench of benches) {
  if (only && !bench.script.startsWith(only)) continue;
  const path = fileURLToPath(new URL(bench.script, import.meta.url));
  if (!existsSync(path)) continue;
  if (bench.needs && !existsSync(bench.needs)) {
    console.log(`\n=== ${bench.script}: skipped (${bench.needs} missing)`);
    continue;
  }
  console.log(`\n=== ${bench.script} ${bench.args.join(' ')}`);
  const flags = bench.inProcess ? SITE_NODE_FLAGS : [];
  const result = spawnSync(process.execPath, [...flags, '--import', 'tsx', path, ...bench.args], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);

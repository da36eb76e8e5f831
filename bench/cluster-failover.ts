/**
 * Failover time of the ZooKeeper coordinator: 3 site nodes (processes) on a standalone ZooKeeper; the
 * master is killed with SIGKILL N times; each time, the time from the kill until another node reports
 * acting as master. Prints min / p50 / p90 / max.
 *
 *   node --import tsx bench/cluster-failover.ts [--kills 20] [--session-timeout 4000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startZooKeeper } from '../test/support/zookeeper.js';
import { actingIntervals, overlaps, readActing, SiteNode } from '../test/main/cluster/fixtures/harness.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    'session-timeout': { type: 'string', default: '4000' },
  },
});
const kills = Number(values.kills);
const sessionTimeout = Number(values['session-timeout']);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const zk = await startZooKeeper({ servers: 1 });
const tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-bench-failover-'));
const actingLog = path.join(tmp, 'acting.log');
const nodes = ['a', 'b', 'c'].map(
  (x, i) =>
    new SiteNode({
      node: `site-${x}:8080`,
      servers: [zk.connectString],
      basePath: '/edge-site-bench',
      dataDir: path.join(tmp, `node-${i}`),
      actingLog,
      sessionTimeout,
      retryDelay: 1000,
      logLevel: 'error',
    }),
);
const killTimes: Record<string, number[]> = {};
const times: number[] = [];
try {
  for (const n of nodes) await n.start();
  for (let i = 0; i < kills; i++) {
    const states = await Promise.all(nodes.map(async (n) => ({ n, s: await n.state() })));
    const master = states.find((x) => x.s.isMaster)?.n;
    if (!master) throw new Error('no master before the kill');
    const others = nodes.filter((n) => n !== master);
    const next = Promise.race(
      others.map((n) => n.waitFor((m) => m.type === 'role' && m.role === 'master', 60_000)),
    );
    const killedAt = await master.kill();
    (killTimes[master.name] ??= []).push(killedAt);
    const m = await next;
    times.push(m.time - killedAt);
    process.stdout.write(`kill ${i + 1}/${kills}: ${master.name} → ${m.node} in ${m.time - killedAt} ms\n`);
    await master.start(); // back as a standby (its old session has expired by now)
  }
  const sorted = [...times].sort((x, y) => x - y);
  const bad = overlaps(actingIntervals(readActing(actingLog), killTimes));
  console.log(`\nfailover after kill -9 (sessionTimeout ${sessionTimeout} ms, ${kills} kills):`);
  console.log(
    `  min ${sorted[0]} ms  p50 ${quantile(sorted, 0.5)} ms  p90 ${quantile(sorted, 0.9)} ms  max ${sorted.at(-1)} ms`,
  );
  console.log(`  overlapping acting intervals: ${bad.length}`);
} finally {
  await Promise.all(nodes.map((n) => n.kill()));
  await zk.teardown();
  await rm(tmp, { recursive: true, force: true });
}

// Rules evaluation cost, in process: the rules engine and real alarms on a real site.db, fed the value
// events ingest emits after each commit (one message = 50 sensors × 10 points).
//   node --import tsx bench/rules-eval.ts [--rules 1000] [--rounds 100]
// Prints the engine's time per value with N rules (a mix of value triggers on distinct sensors, some
// held, some with conditions) beyond the same run with none, what that costs the site's measured ingest
// rate, and the latency from the event (= the commit) to the alarm stored (p50/p99), which includes
// writing the alarm and its timeline line to site.db.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Alarms } from '../src/main/alarms/index.js';
import { RulesEngine, type SensorDirectory, type ValueEvent } from '../src/main/rules/index.js';
import { openSiteDatabase } from '../src/main/storage/index.js';
import { Timeline } from '../src/main/timeline/index.js';
import type { RuleInput } from '../src/shared/api.js';

const { values: args } = parseArgs({
  options: { rules: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '100' } },
});
const RULES = Number(args.rules);
const ROUNDS = Number(args.rounds);
const GATEWAYS = 40;
const SENSORS = 50;
const POINTS = 10;

const directory: SensorDirectory = {
  exists: () => true,
  gatewayExists: () => true,
  sensorsOfType: () => [],
  typeOf: () => 'number',
  latest: () => 50,
  gatewayStatus: () => 'on',
  sensorStatus: () => null,
};

function ruleFor(i: number): RuleInput {
  const gatewayId = `gw${i % GATEWAYS}`;
  const sensorId = `s${Math.floor(i / GATEWAYS) % SENSORS}`;
  const base: RuleInput = {
    name: `bench ${i}`,
    desc: '',
    severity: 'warning',
    status: 'activated',
    gatewayId,
    sensorId,
    method: 'over',
    threshold: 95,
    deadband: 2,
  };
  switch (i % 5) {
    case 1:
      return { ...base, method: 'outOfRange', min: 5, max: 95 };
    case 2:
      return { ...base, method: 'rate', threshold: 15, windowSeconds: 10 };
    case 3:
      return { ...base, holdSeconds: 1 };
    case 4:
      return {
        ...base,
        conditions: [{ type: 'timeOfDay', from: '00:00', to: '23:59' }],
      };
    default:
      return base;
  }
}

/** a round of value events (every sensor of every gateway once), made before timing starts */
function makeRounds(rounds: number): ValueEvent[][] {
  // each sensor a random walk (a plant's values drift, they are not noise), started anywhere in 0–100 so
  // some sensors cross their rule's limits during the run: alarms are raised and cleared now and then
  const level = Float64Array.from({ length: GATEWAYS * SENSORS }, () => Math.random() * 100);
  let time = Date.now() - 3_600_000;
  const out: ValueEvent[][] = [];
  for (let r = 0; r < rounds; r++) {
    const round: ValueEvent[] = [];
    for (let g = 0; g < GATEWAYS; g++) {
      for (let s = 0; s < SENSORS; s++) {
        const i = g * SENSORS + s;
        const points = Array.from({ length: POINTS }, (_, p) => {
          level[i] = Math.min(100, Math.max(0, level[i]! + (Math.random() - 0.5) * 2));
          return { time: time + p * 100, value: Math.round(level[i]! * 100) / 100 };
        });
        round.push({
          gatewayId: `gw${g}`,
          sensorId: `s${s}`,
          sensorType: 'number',
          dataType: 'series',
          points,
        });
      }
    }
    time += POINTS * 100;
    out.push(round);
  }
  return out;
}

interface Run {
  values: number;
  engineMs: number;
  alarms: number;
  latency: number[];
}

function run(rules: number, rounds: ValueEvent[][]): Run {
  const dir = mkdtempSync(join(tmpdir(), 'edge-site-rules-bench-'));
  const db = openSiteDatabase(dir);
  const timeline = new Timeline(db);
  const alarms = new Alarms(db, timeline);
  const engine = new RulesEngine(db, timeline, directory, Date.now, { alarms });
  engine.on('changed', () => alarms.reconcileRules(engine.list()));
  engine.importMany(Array.from({ length: rules }, (_, i) => ruleFor(i)));
  engine.start(1);
  alarms.start(1);
  let raisedAt = 0;
  let raised = 0;
  alarms.on('alarm', () => {
    raisedAt = performance.now();
    raised++;
  });
  const out: Run = { values: 0, engineMs: 0, alarms: 0, latency: [] };
  for (const round of rounds) {
    for (const event of round) {
      const before = raised;
      const start = performance.now();
      engine.onValues(event);
      const took = performance.now() - start;
      out.engineMs += took;
      // from the event (ingest emits it once the commit is durable) to the alarm stored
      if (raised > before) out.latency.push(raisedAt - start);
      out.values += event.points.length;
    }
  }
  out.alarms = raised;
  engine.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

const rounds = makeRounds(ROUNDS);
run(RULES, rounds.slice(0, 5)); // warm-up: the JIT, the page cache
const none = run(0, rounds);
const withRules = run(RULES, rounds);
const usPerValue = ((withRules.engineMs - none.engineMs) * 1000) / withRules.values;
// what that costs ingest: the site's measured values/s (the main thread decodes, commits and then
// evaluates) with this much more main-thread work per value
const ingest = JSON.parse(
  readFileSync(join(import.meta.dirname, 'results', 'ingest-mqtt-20gw.json'), 'utf8'),
) as {
  valuesPerSecond: number;
};
const projected = 1 / (1 / ingest.valuesPerSecond + usPerValue / 1e6);
const figures = {
  rules: RULES,
  values: withRules.values,
  engineUsPerValue: Number(usPerValue.toFixed(3)),
  evaluationsPerSec: Math.round(withRules.values / (withRules.engineMs / 1000)),
  ingestValuesPerSec: ingest.valuesPerSecond,
  projectedIngestWithRules: Math.round(projected),
  projectedRatio: Number((projected / ingest.valuesPerSecond).toFixed(3)),
  alarmChanges: withRules.alarms,
  alarmLatencyP50Ms: Number(pct(withRules.latency, 50).toFixed(3)),
  alarmLatencyP99Ms: Number(pct(withRules.latency, 99).toFixed(3)),
  alarmLatencyMaxMs: Number(pct(withRules.latency, 100).toFixed(3)),
};
console.table(figures);
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'rules-eval.json'),
  `${JSON.stringify(
    {
      command: `node --import tsx bench/rules-eval.ts --rules ${RULES} --rounds ${ROUNDS}`,
      ...figures,
      node: process.version,
      date: new Date().toISOString(),
    },
    null,
    2,
  )}\n`,
);

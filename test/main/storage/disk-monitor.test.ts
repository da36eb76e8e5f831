import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DiskMonitor,
  DiskThinner,
  type DiskLevel,
  type ThinOutcome,
} from '../../../src/main/storage/index.js';

const MiB = 1024 * 1024;
/** the thinner's timers do not hold the process open; these tests must */
const keepAlive = <T>(p: Promise<T>): Promise<T> => {
  const timer = setInterval(() => undefined, 1000);
  return p.finally(() => clearInterval(timer));
};

function fakeDisk(start: number, failing = { value: false }) {
  const disk = { free: start };
  const monitor = new DiskMonitor(
    '/nowhere',
    { warnFreeBytes: 100 * MiB, thinFreeBytes: 50 * MiB, fullFreeBytes: 10 * MiB },
    { measure: () => ({ freeBytes: disk.free, totalBytes: 1000 * MiB }), writesFailing: () => failing.value },
  );
  return { disk, monitor };
}

test('levels: ok → low → thinning → full, with a margin before thinning ends', () => {
  const failing = { value: false };
  const { disk, monitor } = fakeDisk(500 * MiB, failing);
  const transitions: Array<[DiskLevel, DiskLevel]> = [];
  const said: string[] = [];
  monitor.on('level', (state, previous) => transitions.push([previous, state.level]));
  monitor.on('low', () => said.push('low'));
  monitor.on('recovered', () => said.push('recovered'));
  const at = (free: number): DiskLevel => {
    disk.free = free;
    return monitor.check().level;
  };
  assert.equal(at(500 * MiB), 'ok');
  assert.equal(at(99 * MiB), 'low');
  assert.equal(at(49 * MiB), 'thinning');
  assert.equal(monitor.state().thinUntilFreeBytes, 75 * MiB, 'half way to the warning threshold');
  assert.equal(at(60 * MiB), 'thinning', 'thinning goes on above the threshold');
  assert.equal(at(80 * MiB), 'low');
  assert.equal(at(60 * MiB), 'low', 'and starts again only below it');
  assert.equal(at(9 * MiB), 'full');
  assert.equal(at(30 * MiB), 'thinning');
  failing.value = true;
  assert.equal(at(300 * MiB), 'full', 'writes failing for lack of space is full whatever statfs says');
  failing.value = false;
  assert.equal(at(300 * MiB), 'ok');
  assert.deepEqual(transitions, [
    ['ok', 'low'],
    ['low', 'thinning'],
    ['thinning', 'low'],
    ['low', 'full'],
    ['full', 'thinning'],
    ['thinning', 'full'],
    ['full', 'ok'],
  ]);
  assert.deepEqual(said, ['low', 'recovered'], 'low and recovered once per episode');
});

test('the thinner calls thin() one step at a time until free space is back, and reports each step', async () => {
  const { disk, monitor } = fakeDisk(40 * MiB);
  let day = 0;
  const thin = (): ThinOutcome => {
    day += 1;
    disk.free += 10 * MiB;
    return { deletedChunks: 3, thinnedBefore: day * 86_400_000 };
  };
  const thinner = new DiskThinner(monitor, thin, { stepDelayMs: 1 });
  const steps: Array<{ freed: number; before: number | null }> = [];
  const done = new Promise<void>((resolve) =>
    thinner.on('step', (step) => {
      steps.push({ freed: step.freedBytes, before: step.thinnedBefore });
      if (step.state.level !== 'thinning') resolve();
    }),
  );
  thinner.start();
  monitor.check();
  await keepAlive(done);
  thinner.stop();
  // 40 → 50 → 60 → 70 → 80 MiB: stops past the 75 MiB margin
  assert.deepEqual(
    steps.map((s) => s.before),
    [1, 2, 3, 4].map((d) => d * 86_400_000),
  );
  assert.ok(steps.every((s) => s.freed === 10 * MiB));
  assert.equal(thinner.running, false);
});

test('nothing left to thin is said once, then retried later', async () => {
  const { monitor } = fakeDisk(40 * MiB);
  let calls = 0;
  const thinner = new DiskThinner(
    monitor,
    () => {
      calls += 1;
      return { deletedChunks: 0, thinnedBefore: null };
    },
    { stepDelayMs: 1, retryAfterMs: 50 },
  );
  let exhausted = 0;
  thinner.on('exhausted', () => (exhausted += 1));
  thinner.start();
  monitor.check();
  await keepAlive(new Promise((r) => setTimeout(r, 20)));
  monitor.check(); // too soon: no new attempt
  await keepAlive(new Promise((r) => setTimeout(r, 20)));
  assert.equal(calls, 1);
  await keepAlive(new Promise((r) => setTimeout(r, 40)));
  monitor.check();
  await keepAlive(new Promise((r) => setTimeout(r, 20)));
  thinner.stop();
  assert.equal(calls, 2);
  assert.equal(exhausted, 1);
});

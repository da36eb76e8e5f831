import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureThen } from '../../src/renderer/lib/layout-batch.js';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

test('measureThen: the reads queued in one task all run before any write, in one batch', async () => {
  const log: string[] = [];
  for (const name of ['a', 'b', 'c'])
    measureThen(
      () => {
        log.push(`read ${name}`);
        return name.toUpperCase();
      },
      (v) => log.push(`write ${v}`),
    );
  assert.deepEqual(log, [], 'nothing runs in the task that queued it');
  await tick();
  assert.deepEqual(log, ['read a', 'read b', 'read c', 'write A', 'write B', 'write C']);
});

test('measureThen: a job queued by a write runs in a batch of its own, after the first', async () => {
  const log: string[] = [];
  measureThen(
    () => log.push('read 1'),
    () => {
      log.push('write 1');
      measureThen(
        () => log.push('read 2'),
        () => log.push('write 2'),
      );
    },
  );
  measureThen(
    () => log.push('read 1b'),
    () => log.push('write 1b'),
  );
  await tick();
  assert.deepEqual(log, ['read 1', 'read 1b', 'write 1', 'write 1b', 'read 2', 'write 2']);
});

test('measureThen: a cancelled job neither reads nor writes', async () => {
  const log: string[] = [];
  const cancel = measureThen(
    () => log.push('read x'),
    () => log.push('write x'),
  );
  measureThen(
    () => log.push('read y'),
    () => log.push('write y'),
  );
  cancel();
  await tick();
  assert.deepEqual(log, ['read y', 'write y']);
});

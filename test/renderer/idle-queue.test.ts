import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneByOneWhenIdle } from '../../src/renderer/lib/idle-queue.js';

test('oneByOneWhenIdle: one item per idle moment, the next once the last is in; a failed one does not stop the rest', async () => {
  const items = ['a', 'b', 'c', 'd'];
  const idle: Array<() => void> = [];
  const started: string[] = [];
  const pending: Array<(ok: boolean) => void> = [];
  let finished = false;
  void oneByOneWhenIdle(
    items,
    (item) => {
      started.push(item);
      return new Promise((resolve, reject) =>
        pending.push((ok) => (ok ? resolve(undefined) : reject(new Error('offline')))),
      );
    },
    (fn) => idle.push(fn),
  ).then(() => (finished = true));
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

  for (let i = 0; i < items.length; i++) {
    assert.equal(idle.length, 1, `one idle callback waits before item ${i + 1}`);
    assert.equal(started.length, i, 'nothing started before the console is idle');
    idle.shift()!();
    assert.deepEqual(started, items.slice(0, i + 1), 'one item started in that idle moment');
    await flush();
    assert.equal(idle.length, 0, 'the next waits until this one is in');
    pending.shift()!(i !== 1); // the second fails
    await flush();
  }
  assert.equal(finished, false);
  idle.shift()!();
  await flush();
  assert.equal(finished, true);
  assert.equal(idle.length, 0);
});

test('oneByOneWhenIdle: nothing to do resolves at the first idle moment', async () => {
  const idle: Array<() => void> = [];
  let finished = false;
  void oneByOneWhenIdle(
    [],
    () => Promise.resolve(),
    (fn) => idle.push(fn),
  ).then(() => (finished = true));
  assert.equal(idle.length, 1);
  idle.shift()!();
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.equal(finished, true);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settleWithin } from '../../src/renderer/lib/settle-within.js';

const never = new Promise<never>(() => undefined);
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('settleWithin: as soon as the promise settles, its value or error dropped', async () => {
  const t0 = Date.now();
  assert.equal(await settleWithin(Promise.resolve(42), 10_000), undefined);
  assert.equal(await settleWithin(Promise.reject(new Error('boom')), 10_000), undefined);
  assert.equal(await settleWithin(after(20), 10_000), undefined);
  assert.ok(Date.now() - t0 < 1000, 'none waited for its limit (nor kept a timer alive)');
});

test('settleWithin: at the limit when the promise is still out', async () => {
  const t0 = Date.now();
  await settleWithin(never, 50);
  assert.ok(Date.now() - t0 >= 45, `waited up to the limit (${Date.now() - t0} ms)`);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorsLastHour, HOUR } from '../../src/renderer/lib/overview.js';

const NOW = 1_800_000_000_000;
const err = (ago: number) => ({ time: NOW - ago, kind: 'payload.malformed', message: 'x' });

test('errors count over the last hour only: an old bad payload no longer counts', () => {
  assert.deepEqual(errorsLastHour([err(HOUR + 1)], NOW), { count: 0, atLeast: false });
  assert.deepEqual(errorsLastHour([err(1000), err(HOUR - 1), err(2 * HOUR)], NOW), {
    count: 2,
    atLeast: false,
  });
  assert.deepEqual(errorsLastHour([], NOW), { count: 0, atLeast: false });
});

test('when every listed error is within the hour, there may be more', () => {
  const list = Array.from({ length: 50 }, (_, i) => err(i * 1000));
  assert.deepEqual(errorsLastHour(list, NOW, 50), { count: 50, atLeast: true });
});

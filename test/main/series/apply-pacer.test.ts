import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplyPacer } from '../../../src/main/series/apply-pacer.js';

test('the first slice is a probe; later slices are sized from the measured cost to last about targetMs', () => {
  const pacer = new ApplyPacer(8, 20_000);
  assert.equal(pacer.next(), 1000);
  pacer.record(1000, 4); // 4 µs a value
  assert.equal(pacer.next(), 2000);
  // a costlier slice shrinks the next one, smoothed rather than at once
  pacer.record(2000, 40); // 20 µs a value
  const next = pacer.next();
  assert.ok(next < 2000 && next > 400, `next slice ${next}`);
});

test('slices stay within [min, max] units whatever the measurements', () => {
  const pacer = new ApplyPacer(8, 5000, 1000, 100);
  pacer.record(1000, 0); // free: capped at the maximum
  assert.equal(pacer.next(), 5000);
  for (let i = 0; i < 20; i++) pacer.record(100, 10_000); // very slow: floored at the minimum
  assert.equal(pacer.next(), 100);
});

test('the pause after a slice is as long as the slice took, between 1 ms and 250 ms', () => {
  const pacer = new ApplyPacer(8, 20_000);
  assert.equal(pacer.record(1000, 6.5), 6.5);
  assert.equal(pacer.record(1000, 0.1), 1);
  assert.equal(pacer.record(1000, 900), 250);
  assert.equal(pacer.record(0, 3), 3, 'an empty transaction still pauses');
});

// The picker's day parts read in the console's language, in its order, whatever the browser's is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dateFieldLabel,
  dateFieldOrder,
  daysInMonth,
  isoDate,
  yearChoices,
} from '../../src/renderer/lib/date-fields.js';

test('Korean writes year, month, day as 2026년 12월 2일; English month, day, year as Dec 2 2026', () => {
  assert.deepEqual(dateFieldOrder('ko'), ['year', 'month', 'day']);
  assert.deepEqual(
    ['year', 'month', 'day'].map((f, i) => dateFieldLabel(f as 'year', [2026, 12, 2][i]!, 'ko')),
    ['2026년', '12월', '2일'],
  );
  assert.deepEqual(dateFieldOrder('en'), ['month', 'day', 'year']);
  assert.deepEqual(
    ['year', 'month', 'day'].map((f, i) => dateFieldLabel(f as 'year', [2026, 12, 2][i]!, 'en')),
    ['2026', 'Dec', '2'],
  );
});

test('days follow the month and leap years; a day past the month’s end is its last', () => {
  assert.equal(daysInMonth(2024, 2), 29);
  assert.equal(daysInMonth(2026, 2), 28);
  assert.equal(daysInMonth(2026, 4), 30);
  assert.equal(isoDate(2026, 4, 31), '2026-04-30');
  assert.equal(isoDate(2026, 1, 5), '2026-01-05');
});

test('the years offered are around now and hold the picked one', () => {
  assert.deepEqual(yearChoices(2026, 2020).slice(0, 1), [2016]);
  assert.equal(yearChoices(2026, null).at(-1), 2027);
  assert.ok(yearChoices(2026, 2001).includes(2001));
  assert.equal(yearChoices(2026, 2001)[0], 2001);
});

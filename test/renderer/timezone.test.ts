import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisTimeFormat, formatTime, setDisplayZone } from '../../src/renderer/lib/format.js';
import { shownZone } from '../../src/renderer/lib/timezone.js';

test('times read in the shown zone: the site’s when picked and known, else the browser’s', () => {
  assert.equal(shownZone('site', 'Asia/Seoul', 'Europe/Berlin'), 'Asia/Seoul');
  assert.equal(shownZone('site', null, 'Europe/Berlin'), 'Europe/Berlin', 'site zone not known yet');
  assert.equal(shownZone('browser', 'Asia/Seoul', 'Europe/Berlin'), 'Europe/Berlin');
  const t = Date.UTC(2026, 10, 30, 20, 50, 7, 42);
  try {
    setDisplayZone('Asia/Seoul');
    assert.equal(formatTime(t), '2026-12-01 05:50:07', 'one format, in Seoul (UTC+9)');
    assert.equal(formatTime(t, true), '2026-12-01 05:50:07.042');
    assert.equal(axisTimeFormat(3_600_000, 'en')(t), '05:50', 'the axis in the same zone');
    setDisplayZone('America/New_York');
    assert.equal(formatTime(t), '2026-11-30 15:50:07');
  } finally {
    setDisplayZone(undefined);
  }
});

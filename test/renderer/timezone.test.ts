import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  axisTimeFormat,
  formatClock,
  formatHour,
  formatTime,
  fromDateTimeLocal,
  setDisplayZone,
  setFormatLanguage,
  timeLocale,
  toDateTimeLocal,
  zoneLabel,
} from '../../src/renderer/lib/format.js';
import { shownZone } from '../../src/renderer/lib/timezone.js';

// Intl separates "PM" with a narrow no-break space in newer ICU versions
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
/** 2026-11-30 20:50:07.042 UTC: 05:50 next morning in Seoul, 15:50 in New York */
const T = Date.UTC(2026, 10, 30, 20, 50, 7, 42);

/** ICU's own Korean morning/afternoon marks ("오전"/"오후" in Chromium; some ICU builds say AM/PM). */
function koMark(hour: number): string {
  return new Intl.DateTimeFormat('ko-KR', { hour: 'numeric', timeZone: 'UTC' })
    .formatToParts(Date.UTC(2000, 0, 1, hour))
    .find((p) => p.type === 'dayPeriod')!.value;
}

function inZone<T>(zone: string | undefined, lang: string, locales: string[], f: () => T): T {
  setDisplayZone(zone);
  setFormatLanguage(lang, locales);
  try {
    return f();
  } finally {
    setDisplayZone(undefined);
    setFormatLanguage('en', ['en-US']);
  }
}

test('times read in the shown zone: the site’s when picked and known, else the browser’s', () => {
  assert.equal(shownZone('site', 'Asia/Seoul', 'Europe/Berlin'), 'Asia/Seoul');
  assert.equal(shownZone('site', null, 'Europe/Berlin'), 'Europe/Berlin', 'site zone not known yet');
  assert.equal(shownZone('browser', 'Asia/Seoul', 'Europe/Berlin'), 'Europe/Berlin');
});

test('English (en-US) in both zones: one Intl format for tables, clocks and axes', () => {
  inZone('Asia/Seoul', 'en', ['en-US', 'en'], () => {
    assert.equal(timeLocale(), 'en-US');
    assert.equal(plain(formatTime(T)), '12/01/2026, 5:50:07 AM');
    assert.equal(plain(formatTime(T, true)), '12/01/2026, 5:50:07.042 AM');
    assert.equal(plain(formatClock(T)), '5:50:07 AM');
    assert.equal(plain(axisTimeFormat(3_600_000)(T)), '5:50 AM', 'the axis in the same zone and clock');
    assert.equal(plain(axisTimeFormat(7 * 86_400_000)(T)), '12/1, 5:50 AM');
    assert.equal(axisTimeFormat(365 * 86_400_000)(T), 'Dec 1', 'a year: dates, no times');
  });
  inZone('America/New_York', 'en', ['en-US'], () => {
    assert.equal(plain(formatTime(T)), '11/30/2026, 3:50:07 PM');
    assert.equal(plain(formatClock(T, false)), '3:50 PM');
    assert.equal(plain(formatHour(16)), '4 PM', 'hours are named, not shifted by the zone');
  });
});

test('English from a British browser keeps its 24-hour clock', () => {
  inZone('America/New_York', 'en', ['de-DE', 'en-GB'], () => {
    assert.equal(timeLocale(), 'en-GB');
    assert.equal(formatTime(T), '30/11/2026, 15:50:07');
    assert.equal(formatHour(16), '16');
  });
});

test('Korean in both zones: Intl’s own morning/afternoon marks before the time', () => {
  inZone('Asia/Seoul', 'ko', ['en-US'], () => {
    assert.equal(timeLocale(), 'ko-KR', 'Korean whatever the browser’s languages');
    assert.equal(plain(formatTime(T)), `2026. 12. 01. ${koMark(5)} 5:50:07`);
    assert.equal(plain(formatTime(T, true)), `2026. 12. 01. ${koMark(5)} 5:50:07.042`);
    assert.equal(plain(formatClock(T)), `${koMark(5)} 5:50:07`);
    assert.equal(plain(axisTimeFormat(3_600_000)(T)), `${koMark(5)} 5:50`);
    assert.equal(axisTimeFormat(365 * 86_400_000)(T), '12월 1일');
    assert.equal(plain(formatHour(16)), `${koMark(16)} 4시`);
  });
  inZone('America/New_York', 'ko', [], () => {
    assert.equal(plain(formatTime(T)), `2026. 11. 30. ${koMark(15)} 3:50:07`);
    assert.equal(plain(axisTimeFormat(7 * 86_400_000)(T)), `11. 30. ${koMark(15)} 3:50`);
  });
  assert.notEqual(koMark(5), koMark(15));
});

test('pickers read and write the shown zone’s wall clock', () => {
  inZone('Asia/Seoul', 'ko', [], () => {
    assert.equal(toDateTimeLocal(T), '2026-12-01T05:50');
    assert.equal(fromDateTimeLocal('2026-12-01T05:50:07'), T - 42);
  });
  inZone('America/New_York', 'en', [], () => {
    assert.equal(toDateTimeLocal(T), '2026-11-30T15:50');
    assert.equal(fromDateTimeLocal('2026-11-30T15:50'), T - 7042);
    // either side of the spring-forward hour (2026-03-08 02:00 EST → 03:00 EDT)
    assert.equal(fromDateTimeLocal('2026-03-08T01:30'), Date.UTC(2026, 2, 8, 6, 30));
    assert.equal(fromDateTimeLocal('2026-03-08T03:30'), Date.UTC(2026, 2, 8, 7, 30));
    assert.equal(fromDateTimeLocal('2026-07-01T12:00'), Date.UTC(2026, 6, 1, 16, 0), 'summer time');
  });
});

test('a zone label names the city and its offset', () => {
  assert.equal(zoneLabel('Asia/Seoul', T), 'Seoul (GMT+9)');
  assert.equal(zoneLabel('America/New_York', T), 'New York (GMT-5)');
  assert.equal(zoneLabel('America/New_York', Date.UTC(2026, 6, 1)), 'New York (GMT-4)');
});

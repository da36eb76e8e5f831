import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dateTimeFormat,
  formatBytes,
  formatDuration,
  formatLatency,
  formatNumber,
  formatRate,
  formatReportInterval,
  formatTime,
  formatUnit,
  formatValue,
  formatValueWithUnit,
  fromDateTimeLocal,
  groupThousands,
  toDateTimeLocal,
} from '../../src/renderer/lib/format.js';

test('formatNumber rounds to 3 decimals without trailing zeros or grouping', () => {
  assert.equal(formatNumber(23.5), '23.5');
  assert.equal(formatNumber(12), '12');
  assert.equal(formatNumber(21.4567), '21.457');
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
  assert.equal(formatNumber(-0.0001), '0');
  assert.equal(formatNumber(1234567.5), '1234567.5');
  assert.equal(formatNumber(2.345678, 1), '2.3');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatNumber(Infinity), 'Infinity');
});

test('formatValue covers every sensor value kind', () => {
  assert.equal(formatValue(23.5), '23.5');
  assert.equal(formatValue('open'), 'open');
  assert.equal(formatValue(true), 'true');
  assert.equal(formatValue(false), 'false');
  assert.equal(formatValue(null), '—');
  assert.equal(formatValue(undefined), '—');
  assert.equal(formatValue({ lat: 37.5665, lng: 126.978 }), '37.5665, 126.978');
  assert.equal(formatValue({ cmd: 'on', result: 'ok' }), '{"cmd":"on","result":"ok"}');
  assert.equal(formatValue([1, 2]), '[1,2]');
});

test('units and value with unit', () => {
  assert.equal(formatUnit('°C'), '°C');
  assert.equal(formatUnit(' % '), '%');
  assert.equal(formatUnit(''), '');
  assert.equal(formatUnit(null), '');
  assert.equal(formatValueWithUnit(23.5, '°C'), '23.5 °C');
  assert.equal(formatValueWithUnit('on', ''), 'on');
  assert.equal(formatValueWithUnit(null, '°C'), '—');
});

test('datetime-local round trip in the browser’s zone', () => {
  const t = new Date(2025, 10, 25, 14, 30).getTime();
  assert.equal(toDateTimeLocal(t), '2025-11-25T14:30');
  assert.equal(fromDateTimeLocal('2025-11-25T14:30'), t);
  assert.equal(fromDateTimeLocal('2025-11-25T14:30:15'), t + 15_000);
  assert.equal(fromDateTimeLocal(''), null);
  assert.equal(fromDateTimeLocal('yesterday'), null);
  assert.equal(formatTime(null), '—');
  assert.equal(formatTime(NaN), '—');
});

test('formatDuration in Korean', () => {
  assert.equal(formatDuration(12 * 60_000 + 5_000, 'ko'), '12분 5초');
  assert.equal(formatDuration(3 * 3_600_000, 'ko'), '3시간');
  assert.equal(formatDuration(2 * 86_400_000 + 5 * 3_600_000, 'ko'), '2일 5시간');
});

test('formatDuration', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(-5), '0 ms');
  assert.equal(formatDuration(45_000), '45 s');
  assert.equal(formatDuration(12 * 60_000 + 5_000), '12 m 5 s');
  assert.equal(formatDuration(3 * 3_600_000 + 4 * 60_000 + 59_000), '3 h 4 m');
  assert.equal(formatDuration(2 * 86_400_000 + 5 * 3_600_000), '2 d 5 h');
  assert.equal(formatDuration(60_000), '1 m');
  assert.equal(formatDuration(3 * 3_600_000 + 30_000), '3 h');
  assert.equal(formatDuration(2 * 86_400_000), '2 d');
  assert.equal(formatDuration(NaN), '—');
});

test('formatLatency', () => {
  assert.equal(formatLatency(0.4213), '0.42 ms');
  assert.equal(formatLatency(12.34), '12.3 ms');
  assert.equal(formatLatency(250.4), '250 ms');
  assert.equal(formatLatency(1250), '1.25 s');
  assert.equal(formatLatency(null), '—');
});

test('formatRate and groupThousands', () => {
  assert.equal(formatRate(0.5), '0.5');
  assert.equal(formatRate(87.34), '87.3');
  assert.equal(formatRate(1250.4), '1,250');
  assert.equal(formatRate(0), '0');
  assert.equal(formatRate(undefined), '—');
  assert.equal(groupThousands(1234567), '1,234,567');
  assert.equal(groupThousands(-1000), '-1,000');
  assert.equal(groupThousands(999), '999');
});

test('formatReportInterval reads Thing+ millisecond strings', () => {
  assert.equal(formatReportInterval('60000'), '1 m');
  assert.equal(formatReportInterval(5000), '5 s');
  assert.equal(formatReportInterval('fast'), 'fast');
});

test('formatBytes uses binary units', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(5 * 2 ** 30), '5.0 GiB');
});

test('dateTimeFormat keeps one formatter per locale and options', () => {
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const f = dateTimeFormat('en-GB', opts);
  assert.equal(dateTimeFormat('en-GB', { ...opts }), f, 'equal options: the same formatter');
  assert.notEqual(dateTimeFormat('ko-KR', opts), f);
  assert.notEqual(dateTimeFormat('en-GB', { ...opts, second: '2-digit' }), f);
  assert.equal(
    f.format(Date.UTC(2025, 0, 1, 20, 50)),
    new Intl.DateTimeFormat('en-GB', opts).format(Date.UTC(2025, 0, 1, 20, 50)),
  );
});

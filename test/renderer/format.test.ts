import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dateTimeFormat,
  formatBytes,
  formatDuration,
  formatFixed,
  formatLatency,
  formatMeasure,
  formatNumber,
  formatRate,
  formatReportInterval,
  formatTime,
  formatUnit,
  formatValue,
  formatValueWithUnit,
  fromDateTimeLocal,
  groupThousands,
  numberFormat,
  setFormatLanguage,
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

test('formatMeasure: grouped, no trailing zeros, 2 decimals from 1 up, 3 significant digits below', () => {
  // the walkthrough's three spellings of one kind of value: "33.79 A", "18946.75 W", "19208.090 W"
  assert.equal(formatMeasure(19208.09, 'en'), '19,208.09');
  assert.equal(formatMeasure(18946.75, 'en'), '18,946.75');
  assert.equal(formatMeasure(37.54, 'en'), '37.54');
  assert.equal(formatMeasure(37.5, 'en'), '37.5', 'no trailing zero');
  assert.equal(formatMeasure(20, 'en'), '20');
  assert.equal(formatMeasure(21.4567, 'en'), '21.46');
  assert.equal(formatMeasure(1234567.891, 'en'), '1,234,567.89');
  assert.equal(formatMeasure(-19208.094, 'en'), '-19,208.09');
  assert.equal(formatMeasure(1, 'en'), '1');
  assert.equal(formatMeasure(0.5, 'en'), '0.5');
  assert.equal(formatMeasure(0.123456, 'en'), '0.123');
  assert.equal(formatMeasure(0.0123456, 'en'), '0.0123');
  assert.equal(formatMeasure(-0.000457, 'en'), '-0.000457');
  assert.equal(formatMeasure(0, 'en'), '0');
  assert.equal(formatMeasure(-0, 'en'), '0');
  assert.equal(formatMeasure(NaN, 'en'), 'NaN');
  assert.equal(formatMeasure(Infinity, 'en'), 'Infinity');
  assert.equal(formatMeasure(19208.09, 'ko'), '19,208.09', 'Korean groups by thousands too');
});

test('formatMeasure follows the console language, and its formatters are kept', () => {
  try {
    setFormatLanguage('en', ['de-DE', 'en-IN']);
    assert.equal(formatMeasure(1234567.5), '12,34,567.5', "the browser's English (en-IN groups by lakh)");
    setFormatLanguage('ko', []);
    assert.equal(formatMeasure(1234567.5), '1,234,567.5');
    assert.equal(formatValue(19208.09), '19,208.09', 'formatValue shows numbers by formatMeasure');
  } finally {
    setFormatLanguage('en', []);
  }
  assert.equal(
    numberFormat('en-US', { maximumFractionDigits: 2 }),
    numberFormat('en-US', { maximumFractionDigits: 2 }),
  );
});

test('formatFixed: the given decimals, grouped, no "-0.0"', () => {
  assert.equal(formatFixed(19208.09, 3, 'en'), '19,208.090');
  assert.equal(formatFixed(24.25, 1, 'en'), '24.3');
  assert.equal(formatFixed(20, 1, 'en'), '20.0');
  assert.equal(formatFixed(-0.04, 1, 'en'), '0.0');
  assert.equal(formatFixed(55.5, 0, 'en'), '56');
});

test('formatValue covers every sensor value kind', () => {
  assert.equal(formatValue(23.5), '23.5');
  assert.equal(formatValue(18946.75), '18,946.75');
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
  assert.equal(formatValueWithUnit(19208.09, 'W'), '19,208.09 W');
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

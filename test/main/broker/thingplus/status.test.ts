// protocol §2 status topics, §3 "Status CSV"
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectiveStatus,
  parseDuration,
  parseGatewayStatus,
  parseMqttStatus,
  parseSensorStatus,
  parseStatusWord,
  resolveExpiry,
  type GatewayStatusResult,
  type SensorStatusResult,
} from '../../../../src/main/broker/thingplus/index.js';

const NOW = 1795534604000;
const on90 = { status: 'on' as const, expireAt: NOW + 90_000, receivedAt: NOW };

describe('resolveExpiry (§3 duration conventions)', () => {
  const cases: Array<[number, number | null]> = [
    [-1, null],
    [0, NOW],
    [90, NOW + 90_000],
    [1.5, NOW + 1500],
    [99_999_999_999, NOW + 99_999_999_999_000], // just below 1e11: still seconds
    [1e11, 1e11], // absolute ms from here on (1973-03-03)
    [1795534700000, 1795534700000], // C SDK: now + timeout_ms
    [1795534500000, 1795534500000], // an absolute time in the past stays in the past
  ];
  for (const [dur, expected] of cases)
    test(`${dur} → ${expected}`, () => assert.equal(resolveExpiry(dur, NOW), expected));
});

describe('effectiveStatus', () => {
  test('on until expireAt, expired strictly after it', () => {
    assert.equal(effectiveStatus(on90, NOW), 'on');
    assert.equal(effectiveStatus(on90, NOW + 90_000), 'on');
    assert.equal(effectiveStatus(on90, NOW + 90_001), 'expired');
  });
  test('never expires with expireAt null', () => {
    assert.equal(effectiveStatus({ status: 'err', expireAt: null, receivedAt: NOW }, NOW + 1e12), 'err');
  });
  test('off and err expire too', () => {
    assert.equal(effectiveStatus({ status: 'off', expireAt: NOW, receivedAt: NOW }, NOW + 1), 'expired');
  });
});

describe('status words', () => {
  const cases: Array<[string, unknown]> = [
    ['on', { status: 'on' }],
    ['off', { status: 'off' }],
    ['err', { status: 'err' }],
    [' ON ', { status: 'on' }],
    ['err:404', { status: 'err', reason: '404' }],
    ['err: sensor unplugged ', { status: 'err', reason: 'sensor unplugged' }],
    ['err:', { status: 'err' }],
    ['err:a:b', { status: 'err', reason: 'a:b' }],
    ['on:x', null],
    ['expired', null],
    ['', null],
    ['1', null],
  ];
  for (const [text, expected] of cases)
    test(JSON.stringify(text), () => assert.deepEqual(parseStatusWord(text), expected));

  test('durations', () => {
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration(' -1 '), -1);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('1.5'), 1.5);
    assert.equal(parseDuration('1795534700000'), 1795534700000);
    assert.equal(parseDuration('-2'), null);
    assert.equal(parseDuration(''), null);
    assert.equal(parseDuration('90s'), null);
    assert.equal(parseDuration('abc'), null);
    assert.equal(parseDuration('1e3'), null);
  });

  test('mqtt/status', () => {
    assert.equal(parseMqttStatus('on'), 'on');
    assert.equal(parseMqttStatus('off'), 'off');
    assert.equal(parseMqttStatus('err'), 'err');
    assert.equal(parseMqttStatus(' on\n'), 'on');
    assert.equal(parseMqttStatus('err:x'), null);
    assert.equal(parseMqttStatus('maybe'), null);
  });
});

describe('parseSensorStatus', () => {
  const cases: Array<[string, SensorStatusResult]> = [
    ['on,90', { ok: true, status: on90 }], // §6 traffic at 3.1 s
    [' on , 90 ', { ok: true, status: on90 }],
    ['off,-1', { ok: true, status: { status: 'off', expireAt: null, receivedAt: NOW } }],
    ['on,1795534700000', { ok: true, status: { status: 'on', expireAt: 1795534700000, receivedAt: NOW } }],
    [
      'err:timeout,90',
      { ok: true, status: { status: 'err', reason: 'timeout', expireAt: NOW + 90_000, receivedAt: NOW } },
    ],
    [
      'on',
      {
        ok: false,
        error: { kind: 'payload.malformed', message: 'expected {status},{dur}, got 1 field(s)', raw: 'on' },
      },
    ],
    [
      'on,90,x',
      {
        ok: false,
        error: {
          kind: 'payload.malformed',
          message: 'expected {status},{dur}, got 3 field(s)',
          raw: 'on,90,x',
        },
      },
    ],
    ['up,90', { ok: false, error: { kind: 'status.invalid', message: 'unknown status word', raw: 'up' } }],
    ['on,abc', { ok: false, error: { kind: 'duration.invalid', message: 'invalid duration', raw: 'abc' } }],
    ['on,', { ok: false, error: { kind: 'duration.invalid', message: 'invalid duration', raw: '' } }],
  ];
  for (const [text, expected] of cases)
    test(JSON.stringify(text), () => assert.deepEqual(parseSensorStatus(text, NOW), expected));
});

describe('parseGatewayStatus', () => {
  const s = (sensorId: string, status: 'on' | 'off' | 'err', expireAt: number | null, reason?: string) => ({
    sensorId,
    status:
      reason === undefined
        ? { status, expireAt, receivedAt: NOW }
        : { status, reason, expireAt, receivedAt: NOW },
  });
  const cases: Array<[string, string, GatewayStatusResult]> = [
    [
      'gateway only (§6 at 0.0 s)',
      'on,90',
      { ok: true, gateway: on90, sensors: [], errors: [], format: 'current' },
    ],
    [
      'current format (§6 at 60.0 s)',
      'on,90,02fc00000001-0-temp0,on,90,02fc00000001-0-di0,on,90',
      {
        ok: true,
        gateway: on90,
        sensors: [s('02fc00000001-0-temp0', 'on', NOW + 90_000), s('02fc00000001-0-di0', 'on', NOW + 90_000)],
        errors: [],
        format: 'current',
      },
    ],
    [
      'spaces in the CSV (§3 example)',
      'on, 90, abc-temperature-0, on, 90',
      {
        ok: true,
        gateway: on90,
        sensors: [s('abc-temperature-0', 'on', NOW + 90_000)],
        errors: [],
        format: 'current',
      },
    ],
    [
      'upstream example with en-dash ids',
      'on,90,28–000003a82057,on,90,28–000003a7f65d,on,90',
      {
        ok: true,
        gateway: on90,
        sensors: [s('28–000003a82057', 'on', NOW + 90_000), s('28–000003a7f65d', 'on', NOW + 90_000)],
        errors: [],
        format: 'current',
      },
    ],
    [
      'C SDK: absolute ms durations, per sensor',
      'on,1795534664000,s1,off,1795534665000',
      {
        ok: true,
        gateway: { status: 'on', expireAt: 1795534664000, receivedAt: NOW },
        sensors: [s('s1', 'off', 1795534665000)],
        errors: [],
        format: 'current',
      },
    ],
    [
      'mixed conventions and -1',
      'err:no time sync,-1,s1,err:bus error,90,s2,on,-1',
      {
        ok: true,
        gateway: { status: 'err', reason: 'no time sync', expireAt: null, receivedAt: NOW },
        sensors: [s('s1', 'err', NOW + 90_000, 'bus error'), s('s2', 'on', null)],
        errors: [],
        format: 'current',
      },
    ],
    [
      'older format without sensor durations: sensors inherit the gateway duration',
      'on,90,s1,on,s2,off',
      {
        ok: true,
        gateway: on90,
        sensors: [s('s1', 'on', NOW + 90_000), s('s2', 'off', NOW + 90_000)],
        errors: [],
        format: 'legacy',
      },
    ],
    [
      'older format, six fields: not mistaken for triples (s2 is no duration)',
      'on,90,s1,on,s2,on,s3,on',
      {
        ok: true,
        gateway: on90,
        sensors: [s('s1', 'on', NOW + 90_000), s('s2', 'on', NOW + 90_000), s('s3', 'on', NOW + 90_000)],
        errors: [],
        format: 'legacy',
      },
    ],
    [
      'older format with err:reason and spaces',
      'on, 60, s1, err:unplugged',
      {
        ok: true,
        gateway: { status: 'on', expireAt: NOW + 60_000, receivedAt: NOW },
        sensors: [s('s1', 'err', NOW + 60_000, 'unplugged')],
        errors: [],
        format: 'legacy',
      },
    ],
    [
      'the real gateway before timeSync: err,-1',
      'err,-1',
      {
        ok: true,
        gateway: { status: 'err', expireAt: null, receivedAt: NOW },
        sensors: [],
        errors: [],
        format: 'current',
      },
    ],
    [
      'a broken entry among good ones: read entry by entry',
      'on,90,s1,on,90,???,s2,off,s3,on,45',
      {
        ok: true,
        gateway: on90,
        sensors: [s('s1', 'on', NOW + 90_000), s('s2', 'off', NOW + 90_000), s('s3', 'on', NOW + 45_000)],
        errors: [
          { kind: 'status.invalid', message: 'unreadable sensor status entry at field 5', raw: '???' },
        ],
        format: 'mixed',
      },
    ],
    [
      'a bad sensor id and a dangling id',
      'on,90,bad id,on,90,s1,on,90,s2',
      {
        ok: true,
        gateway: on90,
        sensors: [s('s1', 'on', NOW + 90_000)],
        errors: [
          {
            kind: 'sensorId.invalid',
            message: 'unreadable sensor status entry at field 2',
            raw: 'bad id,on,90',
          },
          { kind: 'status.invalid', message: 'unreadable sensor status entry at field 8', raw: 's2' },
        ],
        format: 'mixed',
      },
    ],
    [
      'not a status at all',
      'hello',
      {
        ok: false,
        error: { kind: 'payload.malformed', message: 'expected {gwStatus},{dur}[,…]', raw: 'hello' },
      },
    ],
    [
      'empty',
      '',
      { ok: false, error: { kind: 'payload.malformed', message: 'expected {gwStatus},{dur}[,…]', raw: '' } },
    ],
    [
      'bad gateway word',
      'fine,90,s1,on,90',
      { ok: false, error: { kind: 'status.invalid', message: 'unknown gateway status word', raw: 'fine' } },
    ],
    [
      'bad gateway duration',
      'on,soon',
      { ok: false, error: { kind: 'duration.invalid', message: 'invalid gateway duration', raw: 'soon' } },
    ],
  ];
  for (const [name, text, expected] of cases)
    test(name, () => assert.deepEqual(parseGatewayStatus(text, NOW), expected));
});

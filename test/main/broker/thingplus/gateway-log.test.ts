// protocol §2: v/a/g/{gw}/log
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGatewayLog, type GatewayLogEntry } from '../../../../src/main/broker/thingplus/index.js';

const cases: Array<[string, string, GatewayLogEntry]> = [
  [
    'the documented form',
    '{"l":"F","c":"Category","t":1795534604068,"d":"message"}',
    { level: 'fatal', rawLevel: 'F', category: 'Category', time: 1795534604068, message: 'message' },
  ],
  [
    'E',
    '{"l":"E","c":"Sensor","t":1,"d":"x"}',
    { level: 'error', rawLevel: 'E', category: 'Sensor', time: 1, message: 'x' },
  ],
  [
    'W',
    '{"l":"W","c":"","t":1,"d":""}',
    { level: 'warn', rawLevel: 'W', category: '', time: 1, message: '' },
  ],
  ['i (lower case)', '{"l":"i","d":"x"}', { level: 'info', rawLevel: 'i', category: '', message: 'x' }],
  ['D', '{"l":"D","d":"x"}', { level: 'debug', rawLevel: 'D', category: '', message: 'x' }],
  ['T', '{"l":"T","d":"x"}', { level: 'trace', rawLevel: 'T', category: '', message: 'x' }],
  [
    'spelled out',
    '{"l":"warning","d":"x"}',
    { level: 'warn', rawLevel: 'warning', category: '', message: 'x' },
  ],
  ['unknown level', '{"l":"Z","d":"x"}', { level: 'unknown', rawLevel: 'Z', category: '', message: 'x' }],
  [
    'string time',
    '{"l":"I","t":"1795534604068","d":"x"}',
    { level: 'info', rawLevel: 'I', category: '', time: 1795534604068, message: 'x' },
  ],
  [
    'bad time dropped',
    '{"l":"I","t":"yesterday","d":"x"}',
    { level: 'info', rawLevel: 'I', category: '', message: 'x' },
  ],
  [
    'negative time dropped',
    '{"l":"I","t":-5,"d":"x"}',
    { level: 'info', rawLevel: 'I', category: '', message: 'x' },
  ],
  [
    'object message',
    '{"l":"E","d":{"code":5}}',
    { level: 'error', rawLevel: 'E', category: '', message: '{"code":5}' },
  ],
  ['numeric category', '{"c":7,"d":"x"}', { level: 'unknown', category: '7', message: 'x' }],
  ['missing everything', '{}', { level: 'unknown', category: '', message: '' }],
  ['plain text', 'sensor 3 unplugged\n', { level: 'unknown', category: '', message: 'sensor 3 unplugged' }],
  ['JSON but not an object', '"hello"', { level: 'unknown', category: '', message: '"hello"' }],
  ['truncated JSON', '{"l":"F","d":"x', { level: 'unknown', category: '', message: '{"l":"F","d":"x' }],
];
for (const [name, text, expected] of cases)
  test(name, () => assert.deepEqual(parseGatewayLog(text), expected));

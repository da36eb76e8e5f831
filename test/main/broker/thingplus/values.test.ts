// protocol §2 value topics, §3 "Values"
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_VALUE_TIME_AHEAD_MS,
  MIN_VALUE_TIME,
  parseGatewayValues,
  parseSensorValues,
  type ParsedGatewayValues,
  type ParsedValues,
} from '../../../../src/main/broker/thingplus/index.js';

// receive time for every case: just after the §6 traffic
const NOW = 1795534660000;
const T1 = 1372874400865; // the upstream MQTT page's times
const T2 = 1372874401865;

describe('parseSensorValues: accepted forms', () => {
  const cases: Array<[string, string, ParsedValues]> = [
    [
      'CSV (upstream example)',
      '1372874400865,-15.687,1372874401865,-16.687',
      {
        points: [
          { time: T1, value: -15.687 },
          { time: T2, value: -16.687 },
        ],
        errors: [],
      },
    ],
    [
      'JSON array (upstream example)',
      '[1372874400865,-15.687,1372874401865,-16.687]',
      {
        points: [
          { time: T1, value: -15.687 },
          { time: T2, value: -16.687 },
        ],
        errors: [],
      },
    ],
    [
      'JSON array with an object value (location)',
      '[1372874400865, {"lat": 37.11, "lng": 117.22}]',
      { points: [{ time: T1, value: { lat: 37.11, lng: 117.22 } }], errors: [] },
    ],
    [
      'JSON array of [t,v] pairs',
      '[[1372874400865,-15.687],[1372874401865,"on"]]',
      {
        points: [
          { time: T1, value: -15.687 },
          { time: T2, value: 'on' },
        ],
        errors: [],
      },
    ],
    [
      'single CSV pair (Python gateway)',
      '1795534604930,23.5',
      { points: [{ time: 1795534604930, value: 23.5 }], errors: [] },
    ],
    [
      'C SDK %f values',
      '1795534604930,23.500000,1795534605930,-0.000100',
      {
        points: [
          { time: 1795534604930, value: 23.5 },
          { time: 1795534605930, value: -0.0001 },
        ],
        errors: [],
      },
    ],
    [
      'numeric strings are kept as strings (coerceValue converts by type)',
      '[1372874400865,"30",1372874401865,"30.5"]',
      {
        points: [
          { time: T1, value: '30' },
          { time: T2, value: '30.5' },
        ],
        errors: [],
      },
    ],
    [
      'string times',
      '["1372874400865",1,"1372874401865",0]',
      {
        points: [
          { time: T1, value: 1 },
          { time: T2, value: 0 },
        ],
        errors: [],
      },
    ],
    [
      'CSV: spaces around fields are trimmed',
      ' 1372874400865 , 1 ,\t1372874401865,  hello world ',
      {
        points: [
          { time: T1, value: 1 },
          { time: T2, value: 'hello world' },
        ],
        errors: [],
      },
    ],
    [
      'CSV: bare strings, booleans, Python str() forms',
      '1372874400865,on,1372874401865,true,1372874402865,True',
      {
        points: [
          { time: T1, value: 'on' },
          { time: T2, value: true },
          { time: 1372874402865, value: 'True' },
        ],
        errors: [],
      },
    ],
    [
      'CSV: object value with commas inside',
      '1372874400865,{"lat":37.1,"lng":127.2},1372874401865,{"x":0.1,"y":0.2,"z":9.8}',
      {
        points: [
          { time: T1, value: { lat: 37.1, lng: 127.2 } },
          { time: T2, value: { x: 0.1, y: 0.2, z: 9.8 } },
        ],
        errors: [],
      },
    ],
    [
      'CSV: a JSON-quoted string may hold commas and escapes',
      '1372874400865,"a, \\"b\\"",1372874401865,"]"',
      {
        points: [
          { time: T1, value: 'a, "b"' },
          { time: T2, value: ']' },
        ],
        errors: [],
      },
    ],
    [
      'JSON: C SDK raw (unquoted) string values',
      '[1372874400865,on,1372874401865,off]',
      {
        points: [
          { time: T1, value: 'on' },
          { time: T2, value: 'off' },
        ],
        errors: [],
      },
    ],
    [
      'JSON: array value',
      '[1372874400865,["a","b","c"]]',
      { points: [{ time: T1, value: ['a', 'b', 'c'] }], errors: [] },
    ],
    [
      'JSON: empty string value is a value',
      '[1372874400865,""]',
      { points: [{ time: T1, value: '' }], errors: [] },
    ],
    ['JSON: empty array → no points, no errors', '[]', { points: [], errors: [] }],
    [
      'JSON: whitespace everywhere',
      ' [ 1372874400865 ,\n 1 ] \n',
      { points: [{ time: T1, value: 1 }], errors: [] },
    ],
    ['fractional ms are floored', '1372874400865.9,1', { points: [{ time: T1, value: 1 }], errors: [] }],
    ['exponent times', '1.372874400865e12,1', { points: [{ time: T1, value: 1 }], errors: [] }],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(parseSensorValues(text, { now: NOW }), expected));
  }

  test('a batch of hundreds of buffered points keeps them all, in the order given', () => {
    const pairs: string[] = [];
    const expected = [];
    for (let i = 0; i < 500; i++) {
      const t = NOW - 3 * 3600_000 + (i % 2 === 0 ? i : -i) * 1000; // out of order on purpose
      pairs.push(`${t},${i}`);
      expected.push({ time: t, value: i });
    }
    assert.deepEqual(parseSensorValues(pairs.join(','), { now: NOW }), { points: expected, errors: [] });
  });

  test('the sensor id is attached to errors when given', () => {
    assert.deepEqual(parseSensorValues('abc,1', { now: NOW }, 's1').errors, [
      { kind: 'time.invalid', message: 'pair 0: time is not a number', sensorId: 's1', index: 0, raw: 'abc' },
    ]);
  });
});

describe('parseSensorValues: rejected pairs keep the valid ones', () => {
  const cases: Array<[string, string, ParsedValues]> = [
    [
      'odd-length CSV: the dangling time',
      '1372874400865,1,1372874401865',
      {
        points: [{ time: T1, value: 1 }],
        errors: [
          {
            kind: 'pair.incomplete',
            message: 'time without a value at pair 1',
            index: 1,
            raw: '1372874401865',
          },
        ],
      },
    ],
    [
      'odd-length JSON array',
      '[1372874400865]',
      {
        points: [],
        errors: [
          {
            kind: 'pair.incomplete',
            message: 'time without a value at pair 0',
            index: 0,
            raw: '1372874400865',
          },
        ],
      },
    ],
    [
      'CSV trailing comma',
      '1372874400865,1,',
      {
        points: [{ time: T1, value: 1 }],
        errors: [{ kind: 'pair.incomplete', message: 'time without a value at pair 1', index: 1, raw: '' }],
      },
    ],
    [
      'NaN / nan / -nan / inf values (C printf, Python str)',
      '1372874400865,NaN,1372874401865,nan,1372874402865,-nan,1372874403865,inf,1372874404865,5',
      {
        points: [{ time: 1372874404865, value: 5 }],
        errors: [
          { kind: 'value.invalid', message: 'pair 0: value not a finite number', index: 0, raw: 'NaN' },
          { kind: 'value.invalid', message: 'pair 1: value not a finite number', index: 1, raw: 'nan' },
          { kind: 'value.invalid', message: 'pair 2: value not a finite number', index: 2, raw: '-nan' },
          { kind: 'value.invalid', message: 'pair 3: value not a finite number', index: 3, raw: 'inf' },
        ],
      },
    ],
    [
      'JSON: NaN / Infinity tokens, null, overflowing numbers',
      '[1372874400865,NaN,1372874401865,Infinity,1372874402865,null,1372874403865,1e999,1372874404865,7]',
      {
        points: [{ time: 1372874404865, value: 7 }],
        errors: [
          { kind: 'value.invalid', message: 'pair 0: value not a finite number', index: 0, raw: 'NaN' },
          { kind: 'value.invalid', message: 'pair 1: value not a finite number', index: 1, raw: 'Infinity' },
          { kind: 'value.invalid', message: 'pair 2: value is null', index: 2, raw: 'null' },
          { kind: 'value.invalid', message: 'pair 3: value number out of range', index: 3, raw: '1e999' },
        ],
      },
    ],
    [
      'non-numeric, negative, seconds, pre-2000 and far-future times',
      'abc,1,-1372874400865,2,1372874400,3,946684799999,4,1900000000000,5,true,6,946684800000,7',
      {
        points: [{ time: MIN_VALUE_TIME, value: 7 }],
        errors: [
          { kind: 'time.invalid', message: 'pair 0: time is not a number', index: 0, raw: 'abc' },
          { kind: 'time.invalid', message: 'pair 1: time is before 2000', index: 1, raw: '-1372874400865' },
          {
            kind: 'time.invalid',
            message: 'pair 2: time is before 2000 (seconds instead of ms?)',
            index: 2,
            raw: '1372874400',
          },
          { kind: 'time.invalid', message: 'pair 3: time is before 2000', index: 3, raw: '946684799999' },
          {
            kind: 'time.invalid',
            message: 'pair 4: time is more than a year ahead',
            index: 4,
            raw: '1900000000000',
          },
          { kind: 'time.invalid', message: 'pair 5: time is not a number', index: 5, raw: 'true' },
        ],
      },
    ],
    [
      'object / NaN time, empty time',
      '[{"t":1},1,"NaN",2,"",3,1372874400865,4]',
      {
        points: [{ time: T1, value: 4 }],
        errors: [
          { kind: 'time.invalid', message: 'pair 0: time is not a number', index: 0, raw: '{"t":1}' },
          { kind: 'time.invalid', message: 'pair 1: time is not a number', index: 1, raw: '"NaN"' },
          { kind: 'time.invalid', message: 'pair 2: time is not a number', index: 2, raw: '""' },
        ],
      },
    ],
    [
      'CSV: an invalid JSON object value',
      '1372874400865,{"lat":37.1,},1372874401865,2',
      {
        points: [{ time: T2, value: 2 }],
        errors: [
          { kind: 'value.invalid', message: 'pair 0: value invalid JSON', index: 0, raw: '{"lat":37.1,}' },
        ],
      },
    ],
    [
      'CSV: junk glued to a JSON value',
      '1372874400865,{"a":1}xyz,1372874401865,2',
      {
        points: [{ time: T2, value: 2 }],
        errors: [
          { kind: 'value.invalid', message: 'pair 0: value unexpected text', index: 0, raw: '{"a":1}xyz' },
        ],
      },
    ],
    [
      'CSV: empty value',
      '1372874400865,,1372874401865,2',
      {
        points: [{ time: T2, value: 2 }],
        errors: [{ kind: 'value.invalid', message: 'pair 0: value empty element', index: 0, raw: '' }],
      },
    ],
    [
      'pairs form: a bad pair is rejected alone',
      '[[1372874400865,1],[1372874401865],"x",[1372874402865,2,3],[1372874403865,4]]',
      {
        points: [
          { time: T1, value: 1 },
          { time: 1372874403865, value: 4 },
        ],
        errors: [
          { kind: 'pair.incomplete', message: 'pair 1 is not [t,v]', index: 1, raw: '[1372874401865]' },
          { kind: 'pair.incomplete', message: 'pair 2 is not [t,v]', index: 2, raw: '"x"' },
          { kind: 'pair.incomplete', message: 'pair 3 is not [t,v]', index: 3, raw: '[1372874402865,2,3]' },
        ],
      },
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(parseSensorValues(text, { now: NOW }), expected));
  }

  test('the upper bound is now + 1 year, inclusive', () => {
    const edge = NOW + MAX_VALUE_TIME_AHEAD_MS;
    assert.deepEqual(parseSensorValues(`${edge},1,${edge + 1},2`, { now: NOW }), {
      points: [{ time: edge, value: 1 }],
      errors: [
        {
          kind: 'time.invalid',
          message: 'pair 1: time is more than a year ahead',
          index: 1,
          raw: `${edge + 1}`,
        },
      ],
    });
  });
});

describe('parseSensorValues: malformed payloads', () => {
  const cases: Array<[string, string, ParsedValues]> = [
    ['empty', '', { points: [], errors: [{ kind: 'payload.malformed', message: 'empty payload' }] }],
    ['blank', ' \n ', { points: [], errors: [{ kind: 'payload.malformed', message: 'empty payload' }] }],
    [
      'unterminated JSON array keeps the complete pairs',
      '[1372874400865,1,1372874401865',
      {
        points: [{ time: T1, value: 1 }],
        errors: [
          {
            kind: 'payload.malformed',
            message: 'JSON array: missing ]',
            raw: '[1372874400865,1,1372874401865',
          },
          {
            kind: 'pair.incomplete',
            message: 'time without a value at pair 1',
            index: 1,
            raw: '1372874401865',
          },
        ],
      },
    ],
    [
      'unterminated object inside the array',
      '[1372874400865,1,1372874401865,{"a":1',
      {
        points: [{ time: T1, value: 1 }],
        errors: [
          {
            kind: 'payload.malformed',
            message: 'JSON array: unterminated { at offset 31',
            raw: '[1372874400865,1,1372874401865,{"a":1',
          },
          {
            kind: 'pair.incomplete',
            message: 'time without a value at pair 1',
            index: 1,
            raw: '1372874401865',
          },
        ],
      },
    ],
    [
      'text after the JSON array',
      '[1372874400865,1] [1372874401865,2]',
      {
        points: [{ time: T1, value: 1 }],
        errors: [
          {
            kind: 'payload.malformed',
            message: 'unexpected text after the JSON array',
            raw: '[1372874400865,1] [1372874401865,2]',
          },
        ],
      },
    ],
    [
      'a gateway object on a sensor topic',
      '{"s1":[1372874400865,1]}',
      {
        points: [],
        errors: [
          {
            kind: 'payload.malformed',
            message: 'a JSON object is not a sensor value payload',
            raw: '{"s1":[1372874400865,1]}',
          },
        ],
      },
    ],
    [
      'free text',
      'hello',
      {
        points: [],
        errors: [
          { kind: 'pair.incomplete', message: 'time without a value at pair 0', index: 0, raw: 'hello' },
        ],
      },
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(parseSensorValues(text, { now: NOW }), expected));
  }

  test('long raw text is shortened in errors', () => {
    const text = `{${'x'.repeat(500)}}`;
    const raw = parseSensorValues(text, { now: NOW }).errors[0].raw;
    assert.equal(raw, `${text.slice(0, 79)}…`);
  });
});

describe('parseGatewayValues', () => {
  const cases: Array<[string, string, ParsedGatewayValues]> = [
    [
      '§6 traffic at 60.0 s',
      '{"02fc00000001-0-di0":[1795534604930,1,1795534621947,0,1795534638970,1]}',
      {
        sensors: [
          {
            sensorId: '02fc00000001-0-di0',
            points: [
              { time: 1795534604930, value: 1 },
              { time: 1795534621947, value: 0 },
              { time: 1795534638970, value: 1 },
            ],
          },
        ],
        errors: [],
      },
    ],
    [
      'upstream example: spaces, a repeated key (merged, in order)',
      '{"28–000003a82057": [1372874400865,-15.687,1372874401865,-16.687], "28–000003a82057": [1372874402865,-17.5]}',
      {
        sensors: [
          {
            sensorId: '28–000003a82057',
            points: [
              { time: T1, value: -15.687 },
              { time: T2, value: -16.687 },
              { time: 1372874402865, value: -17.5 },
            ],
          },
        ],
        errors: [],
      },
    ],
    [
      'C SDK output: ", " separators and raw unquoted values',
      '{"s1": [1372874400865,23.500000,1372874401865,24.000000], "s2": [1372874400865,on]}',
      {
        sensors: [
          {
            sensorId: 's1',
            points: [
              { time: T1, value: 23.5 },
              { time: T2, value: 24 },
            ],
          },
          { sensorId: 's2', points: [{ time: T1, value: 'on' }] },
        ],
        errors: [],
      },
    ],
    [
      'object, string and numeric-string values; pairs form per sensor',
      '{"loc":[1372874400865,{"lat":37.1,"lng":127.2}],"str":[1372874400865,"30"],"p":[[1372874400865,1]]}',
      {
        sensors: [
          { sensorId: 'loc', points: [{ time: T1, value: { lat: 37.1, lng: 127.2 } }] },
          { sensorId: 'str', points: [{ time: T1, value: '30' }] },
          { sensorId: 'p', points: [{ time: T1, value: 1 }] },
        ],
        errors: [],
      },
    ],
    ['empty object', '{}', { sensors: [], errors: [] }],
    [
      'a sensor with an empty array is listed without points',
      '{"s1":[]}',
      { sensors: [{ sensorId: 's1', points: [] }], errors: [] },
    ],
    [
      'bad pairs and bad sensors are rejected alone',
      '{"s1":[1372874400865,NaN,1372874401865,2],"bad/id":[1372874400865,1],"s2":5,"s3":[1372874400865],"s4":{"a":1},"s5":[1372874400865,3]}',
      {
        sensors: [
          { sensorId: 's1', points: [{ time: T2, value: 2 }] },
          { sensorId: 's3', points: [] },
          { sensorId: 's5', points: [{ time: T1, value: 3 }] },
        ],
        errors: [
          {
            kind: 'value.invalid',
            message: 'pair 0: value not a finite number',
            sensorId: 's1',
            index: 0,
            raw: 'NaN',
          },
          { kind: 'sensorId.invalid', message: 'invalid sensor id "bad/id"', raw: 'bad/id' },
          { kind: 'payload.malformed', message: 'expected an array [t,v,…], got 5', sensorId: 's2' },
          {
            kind: 'pair.incomplete',
            message: 'time without a value at pair 0',
            sensorId: 's3',
            index: 0,
            raw: '1372874400865',
          },
          { kind: 'payload.malformed', message: 'expected an array [t,v,…], got {"a":1}', sensorId: 's4' },
        ],
      },
    ],
    [
      'truncated message: the complete sensors are kept',
      '{"s1":[1372874400865,1],"s2":[1372874400865,2,137287',
      {
        sensors: [
          { sensorId: 's1', points: [{ time: T1, value: 1 }] },
          { sensorId: 's2', points: [{ time: T1, value: 2 }] },
        ],
        errors: [
          {
            kind: 'pair.incomplete',
            message: 'time without a value at pair 1',
            sensorId: 's2',
            index: 1,
            raw: '137287',
          },
          {
            kind: 'payload.malformed',
            message: 'gateway values: missing ]',
            raw: '{"s1":[1372874400865,1],"s2":[1372874400865,2,137287',
          },
        ],
      },
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(parseGatewayValues(text, { now: NOW }), expected));
  }

  const malformed: Array<[string, string]> = [
    ['', 'empty payload'],
    ['[1372874400865,1]', 'gateway values: expected a JSON object'],
    ['1372874400865,1', 'gateway values: expected a JSON object'],
    ['{s1:[1,2]}', 'gateway values: expected a quoted key at offset 1'],
    ['{"s1" [1,2]}', "gateway values: expected ':' at offset 6"],
    ['{"s1":[1372874400865,1] "s2":[]}', "gateway values: expected ',' or '}' at offset 24"],
    ['{"s1":[1372874400865,1]} x', 'gateway values: unexpected text after the object at offset 25'],
    ['{"s1', 'gateway values: unterminated key at offset 1'],
    ['null', 'gateway values: expected a JSON object'],
  ];
  for (const [text, message] of malformed) {
    test(`malformed ${JSON.stringify(text)}`, () => {
      const parsed = parseGatewayValues(text, { now: NOW });
      const last = parsed.errors[parsed.errors.length - 1];
      assert.equal(last.kind, 'payload.malformed');
      assert.equal(last.message, message);
    });
  }

  test('a valid sensor before a syntax error is still kept', () => {
    assert.deepEqual(parseGatewayValues('{"s1":[1372874400865,1] "s2":[]}', { now: NOW }).sensors, [
      { sensorId: 's1', points: [{ time: T1, value: 1 }] },
    ]);
  });

  test('defaults now to Date.now()', () => {
    const t = Date.now() - 1000;
    assert.deepEqual(parseGatewayValues(`{"s":[${t},1]}`).sensors, [
      { sensorId: 's', points: [{ time: t, value: 1 }] },
    ]);
    assert.deepEqual(parseSensorValues(`${t},1`).points, [{ time: t, value: 1 }]);
  });
});

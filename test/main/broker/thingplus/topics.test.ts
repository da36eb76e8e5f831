// protocol §2 topics, §7 ids, §2 ACL
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatTopic,
  gatewayMayPublish,
  gatewayMaySubscribe,
  isValidGatewayId,
  isValidSensorId,
  parseTopic,
  topics,
  type ThingplusTopic,
} from '../../../../src/main/broker/thingplus/index.js';

const GW = '02fc00000001';

describe('parseTopic', () => {
  const cases: Array<[string, ThingplusTopic | null]> = [
    // every topic of protocol §2, with ids from the §6 traffic
    [`v/a/g/${GW}`, { kind: 'gatewayValues', gatewayId: GW }],
    [`v/a/g/${GW}/mqtt/status`, { kind: 'mqttStatus', gatewayId: GW }],
    [`v/a/g/${GW}/status`, { kind: 'gatewayStatus', gatewayId: GW }],
    [
      `v/a/g/${GW}/s/02fc00000001-0-temp0/status`,
      { kind: 'sensorStatus', gatewayId: GW, sensorId: '02fc00000001-0-temp0' },
    ],
    [
      `v/a/g/${GW}/s/02fc00000001-0-di0`,
      { kind: 'sensorValues', gatewayId: GW, sensorId: '02fc00000001-0-di0' },
    ],
    [`v/a/g/${GW}/req`, { kind: 'rpcRequest', gatewayId: GW }],
    [`v/a/g/${GW}/res`, { kind: 'rpcResponse', gatewayId: GW }],
    [`v/a/g/${GW}/log`, { kind: 'log', gatewayId: GW }],
    [`v/a/g/${GW}/log/filter`, { kind: 'logFilter', gatewayId: GW }],
    // the upstream MQTT page's examples (Raspberry Pi MAC, 1-wire id with an en dash)
    [
      'v/a/g/b827eb1dcccc/s/28–000003a82057',
      { kind: 'sensorValues', gatewayId: 'b827eb1dcccc', sensorId: '28–000003a82057' },
    ],
    // a non-MAC gateway id of URL-unreserved characters
    ['v/a/g/Site_A.gw-1~x/status', { kind: 'gatewayStatus', gatewayId: 'Site_A.gw-1~x' }],
    // a sensor literally named "status" is a value topic
    [`v/a/g/${GW}/s/status`, { kind: 'sensorValues', gatewayId: GW, sensorId: 'status' }],
    // not Thing+ topics
    ['v/a/g', null],
    ['v/a/g/', null],
    [`v/a/g/${GW}/`, null],
    [`/v/a/g/${GW}`, null],
    [`v/b/g/${GW}`, null],
    [`V/a/g/${GW}`, null],
    [`v/a/g/${GW}/foo`, null],
    [`v/a/g/${GW}/mqtt`, null],
    [`v/a/g/${GW}/mqtt/state`, null],
    [`v/a/g/${GW}/log/other`, null],
    [`v/a/g/${GW}/s`, null],
    [`v/a/g/${GW}/s/`, null],
    [`v/a/g/${GW}/s/x/y`, null],
    [`v/a/g/${GW}/s/x/status/more`, null],
    [`v/a/g/${GW}/req/x`, null],
    // wildcards and bad ids
    ['v/a/g/+/status', null],
    ['v/a/g/#', null],
    [`v/a/g/${GW}/s/+`, null],
    [`v/a/g/${GW}/s/#`, null],
    [`v/a/g/${GW}/s/a,b`, null],
    [`v/a/g/${GW}/s/a b`, null],
    ['v/a/g/gw with space/status', null],
    ['v/a/g/gw:1/status', null],
    [`v/a/g/${'a'.repeat(129)}`, null],
  ];
  for (const [topic, expected] of cases) {
    test(JSON.stringify(topic), () => assert.deepEqual(parseTopic(topic), expected));
  }
});

describe('topic builders', () => {
  test('build every topic of §2', () => {
    assert.equal(topics.gatewayValues(GW), 'v/a/g/02fc00000001');
    assert.equal(topics.gatewayStatus(GW), 'v/a/g/02fc00000001/status');
    assert.equal(topics.mqttStatus(GW), 'v/a/g/02fc00000001/mqtt/status');
    assert.equal(topics.sensorValues(GW, 's1'), 'v/a/g/02fc00000001/s/s1');
    assert.equal(topics.sensorStatus(GW, 's1'), 'v/a/g/02fc00000001/s/s1/status');
    assert.equal(topics.req(GW), 'v/a/g/02fc00000001/req');
    assert.equal(topics.res(GW), 'v/a/g/02fc00000001/res');
    assert.equal(topics.log(GW), 'v/a/g/02fc00000001/log');
    assert.equal(topics.logFilter(GW), 'v/a/g/02fc00000001/log/filter');
  });
  test('formatTopic inverts parseTopic', () => {
    for (const t of [
      topics.gatewayValues(GW),
      topics.gatewayStatus(GW),
      topics.mqttStatus(GW),
      topics.sensorValues(GW, 's1'),
      topics.sensorStatus(GW, 's1'),
      topics.req(GW),
      topics.res(GW),
      topics.log(GW),
      topics.logFilter(GW),
    ]) {
      const parsed = parseTopic(t);
      assert.ok(parsed, t);
      assert.equal(formatTopic(parsed), t);
    }
  });
});

describe('ids (§7)', () => {
  const gateways: Array<[string, boolean]> = [
    ['02fc00000001', true],
    ['b827eb1dcccc', true],
    ['B827EB1DCCCC', true],
    ['a-b_c.d~e', true],
    ['x', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['a/b', false],
    ['a+b', false],
    ['a#b', false],
    ['a b', false],
    ['a:b', false],
    ['a,b', false],
    ['é', false],
    ['a\u0000', false],
  ];
  for (const [id, ok] of gateways)
    test(`gateway ${JSON.stringify(id)} → ${ok}`, () => assert.equal(isValidGatewayId(id), ok));

  const sensors: Array<[string, boolean]> = [
    ['02fc00000001-0-temp0', true],
    ['02fc00000001-0-do0-0', true],
    ['temperature-b827eb1dcccc-0', true],
    ['28-000003a82057', true],
    ['28–000003a82057', true], // en dash, as on the upstream MQTT page
    ['ble-d0:b5:c2:90:7e:11', true],
    ['s'.repeat(128), true],
    ['s'.repeat(129), false],
    ['', false],
    ['a/b', false],
    ['a+b', false],
    ['a#b', false],
    ['a,b', false],
    ['a b', false],
    ['a\tb', false],
    ['a\nb', false],
    ['a\u007f', false],
  ];
  for (const [id, ok] of sensors)
    test(`sensor ${JSON.stringify(id)} → ${ok}`, () => assert.equal(isValidSensorId(id), ok));
});

describe('ACL (§2)', () => {
  const publish: Array<[string, boolean]> = [
    [`v/a/g/${GW}`, true],
    [`v/a/g/${GW}/mqtt/status`, true],
    [`v/a/g/${GW}/status`, true],
    [`v/a/g/${GW}/s/s1`, true],
    [`v/a/g/${GW}/s/s1/status`, true],
    [`v/a/g/${GW}/res`, true],
    [`v/a/g/${GW}/log`, true],
    // server → gateway directions
    [`v/a/g/${GW}/req`, false],
    [`v/a/g/${GW}/log/filter`, false],
    // another gateway, other trees, unknown sub-topics, wildcards
    ['v/a/g/02fc00000002/status', false],
    ['v/a/g/02fc000000012/status', false],
    [`v/a/g/${GW}/foo`, false],
    ['$SYS/broker/uptime', false],
    ['other/topic', false],
    [`v/a/g/${GW}/s/+`, false],
    [`v/a/g/${GW}/#`, false],
  ];
  for (const [topic, ok] of publish) {
    test(`publish ${topic} → ${ok}`, () => assert.equal(gatewayMayPublish(GW, topic), ok));
  }
  const subscribe: Array<[string, boolean]> = [
    [`v/a/g/${GW}/req`, true],
    [`v/a/g/${GW}/log/filter`, true],
    [`v/a/g/${GW}/res`, false],
    [`v/a/g/${GW}/status`, false],
    [`v/a/g/${GW}`, false],
    ['v/a/g/02fc00000002/req', false],
    [`v/a/g/${GW}/#`, false],
    [`v/a/g/${GW}/+`, false],
    ['v/a/g/+/req', false],
    ['#', false],
    [`$share/g/v/a/g/${GW}/req`, false],
  ];
  for (const [filter, ok] of subscribe) {
    test(`subscribe ${filter} → ${ok}`, () => assert.equal(gatewayMaySubscribe(GW, filter), ok));
  }
});

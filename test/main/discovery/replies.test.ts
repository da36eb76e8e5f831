// How a reply's fields are read, without sockets: the forms gateways send them in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplyCollector, planScan } from '../../../src/main/discovery/index.js';

function read(reply: Record<string, unknown>) {
  const plan = planScan(
    { targets: ['127.0.0.1:40001'] },
    { port: 28282, maxProbes: 10, probesPerSecond: 10, broadcast: false },
  );
  const collector = new ReplyCollector(plan, 10);
  collector.accept(Buffer.from(JSON.stringify({ id: '02fc00000001', ...reply })), '127.0.0.1', 40001);
  assert.deepEqual(collector.problems, []);
  return collector.replies[0]!;
}

test('connection states are read from booleans, numbers and words; anything else is not connected', () => {
  for (const yes of [true, 1, 'true', 'ON', 'connected', 'yes', '1'])
    assert.equal(read({ mqttConn: yes }).mqttConn, true, JSON.stringify(yes));
  for (const no of [false, 0, 'false', 'off', 'disconnected', '', null, {}, undefined])
    assert.equal(read({ serviceConn: no }).serviceConn, false, JSON.stringify(no));
});

test('uptime is a non-negative number or its text; service and mqtt keep what was sent, capped', () => {
  assert.equal(read({ uptime: 12.5 }).uptime, 12.5);
  assert.equal(read({ uptime: '300' }).uptime, 300);
  for (const bad of [-1, 'soon', '', null, [1]]) assert.equal(read({ uptime: bad }).uptime, null);
  const reply = read({ service: { host: 'api.example.test', port: 443 }, mqtt: 'm'.repeat(2000) });
  assert.equal(reply.service, '{"host":"api.example.test","port":443}');
  assert.equal(reply.mqtt!.length, 512);
  assert.equal(read({}).service, null);
});

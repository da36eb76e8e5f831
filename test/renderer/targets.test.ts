import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTarget, checkTargets, splitTargets } from '../../src/renderer/lib/targets.js';

test('typed targets are split on spaces, commas, semicolons and lines', () => {
  assert.deepEqual(splitTargets(' 192.0.2.1,192.0.2.0/28\n10.1.2.3:28282 ; '), [
    '192.0.2.1',
    '192.0.2.0/28',
    '10.1.2.3:28282',
  ]);
});

test('targets the site accepts pass; each bad one is named with why', () => {
  for (const ok of ['192.0.2.10', '192.0.2.0/22', '127.0.0.1:28282', '192.0.2.0/28:1', '10.0.0.1/32'])
    assert.equal(checkTarget(ok, 22), null, ok);
  assert.deepEqual(checkTarget('10.0.0.0/21', 22), {
    kind: 'wide',
    target: '10.0.0.0/21',
    count: 2048,
    prefix: 22,
  });
  assert.deepEqual(checkTarget('gateway.local', 22), { kind: 'syntax', target: 'gateway.local' });
  assert.deepEqual(checkTarget('10.0.0.0/33', 22), { kind: 'syntax', target: '10.0.0.0/33' });
  assert.deepEqual(checkTarget('10.0.0.256', 22), { kind: 'octet', target: '10.0.0.256' });
  assert.deepEqual(checkTarget('10.0.0.1:0', 22), { kind: 'port', target: '10.0.0.1:0' });
  assert.deepEqual(checkTarget('10.0.0.1:70000', 22), { kind: 'port', target: '10.0.0.1:70000' });
  assert.deepEqual(checkTarget('255.255.255.255', 22), { kind: 'special', target: '255.255.255.255' });
  assert.deepEqual(checkTarget('0.1.2.3', 22), { kind: 'special', target: '0.1.2.3' });
  assert.deepEqual(
    checkTargets(['192.0.2.1', 'x', '224.0.0.1'], 22).map((p) => p.kind),
    ['syntax', 'special'],
  );
});

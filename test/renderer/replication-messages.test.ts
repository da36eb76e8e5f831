import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Translate } from '../../src/renderer/lib/names.js';
import { refusalText } from '../../src/renderer/lib/replication-messages.js';

const t: Translate = (key, o = {}) =>
  `${key}${Object.entries(o)
    .map(([k, v]) => ` ${k}=${String(v)}`)
    .join('')}`;

test("a node's gateway refusal (src/main/replication gatewayRefusal) is translated; an unknown one is shown as it is", () => {
  assert.equal(
    refusalText(
      'this node is a standby of a cluster: gateways connect to the site address, which the master holds',
      t,
    ),
    'replication.refusalReason.standby',
  );
  assert.equal(
    refusalText('the replicated values log is not reachable from this node', t),
    'replication.refusalReason.unreachable',
  );
  assert.equal(
    refusalText('this node is the new master and still applies the values log (42 records to go)', t),
    'replication.refusalReason.catchingUp count=42',
  );
  assert.equal(
    refusalText('the replicated values log has no quorum: values could not be acknowledged', t),
    'replication.refusalReason.noQuorum',
  );
  assert.equal(refusalText('something new', t), 'something new');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Translate } from '../../src/renderer/lib/names.js';
import { refusalText, replicationText } from '../../src/renderer/lib/replication-messages.js';

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

test('the power-cut lines of the timeline (re-published values, control snapshots) are translated', () => {
  assert.equal(
    replicationText('Cluster node pc-a:8080 re-published 42 values after the values log lost its tail', t),
    'replication.msg.republished node=pc-a:8080 count=42',
  );
  assert.equal(
    replicationText('Cluster node pc-a seeded the empty control log with a snapshot of its site state', t),
    'replication.msg.snapshotSeeded node=pc-a',
  );
  assert.equal(
    replicationText(
      'Cluster node pc-b wrote a snapshot of its control state after the control log lost its tail',
      t,
    ),
    'replication.msg.snapshotWritten node=pc-b',
  );
  assert.equal(
    replicationText(
      'Cluster node pc-c replaced its site.db state with the control snapshot of pc-a; the old file is kept as /var/lib/edge/site.db.before-snapshot-2026-12-02T13-05-00Z',
      t,
    ),
    'replication.msg.snapshotApplied node=pc-c from=pc-a backup=/var/lib/edge/site.db.before-snapshot-2026-12-02T13-05-00Z',
  );
});

// Who the master believes when a request says it was passed by a standby (issue #18): only a cluster peer,
// from its published address. The sign-in limits through a real standby are in forwarded-client.cases.ts.
import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, test } from 'node:test';
import { isPeerAddress } from '../../../src/main/replication/forwarded-client.js';

describe('who is a cluster peer', () => {
  const peers = [
    { node: 'site-a', host: os.hostname() },
    { node: 'site-b', host: '10.0.0.2' },
    { node: 'site-c', host: 'localhost' },
  ];

  test('the node named, from its published address (loopback for this machine), never this node', async () => {
    assert.equal(await isPeerAddress(peers, 'site-x', 'site-a', '127.0.0.1'), true);
    assert.equal(await isPeerAddress(peers, 'site-x', 'site-a', '::ffff:127.0.0.1'), true);
    assert.equal(await isPeerAddress(peers, 'site-a', 'site-a', '127.0.0.1'), false, 'not itself');
    assert.equal(await isPeerAddress(peers, 'site-x', 'site-b', '10.0.0.2'), true);
    assert.equal(await isPeerAddress(peers, 'site-x', 'site-b', '::ffff:10.0.0.2'), true);
    assert.equal(await isPeerAddress(peers, 'site-x', 'site-b', '10.0.0.3'), false, 'another address');
    assert.equal(
      await isPeerAddress(peers, 'site-x', 'site-b', '127.0.0.1'),
      false,
      'b is not on this machine',
    );
    assert.equal(await isPeerAddress(peers, 'site-x', 'site-nobody', '127.0.0.1'), false, 'not a member');
    // a name is resolved
    assert.equal(await isPeerAddress(peers, 'site-x', 'site-c', '127.0.0.1'), true);
  });
});

// The console on a LAN address (issue 16): served over TLS with the site certificate, plain HTTP only
// redirects. The LAN is a veth inside a network namespace of the test's own (10.200.78.0/24, never the
// host's interfaces); the site and its "browser" run in a child process inside it. Needs root and iproute2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { TlsInfo } from '../../../src/shared/api.js';
import { ip, netnsSkip } from '../../support/netns.js';

const NS = `es-console-${process.pid}`;
const HOST = '10.200.78.1';

describe('the console on a LAN address', { skip: netnsSkip() }, () => {
  before(() => {
    ip('netns', 'add', NS);
    ip('-n', NS, 'link', 'add', 'vc0', 'type', 'veth', 'peer', 'name', 'vc1');
    ip('-n', NS, 'addr', 'add', `${HOST}/24`, 'dev', 'vc0');
    for (const dev of ['lo', 'vc0', 'vc1']) ip('-n', NS, 'link', 'set', dev, 'up');
  });
  after(() => spawnSync('ip', ['netns', 'del', NS]));

  test('is served over TLS with the site certificate, plain HTTP only redirects to it, and a viewer signed in from the LAN reads but cannot change anything', () => {
    const script = fileURLToPath(new URL('./netns-console.ts', import.meta.url));
    const run = spawnSync('ip', ['netns', 'exec', NS, process.execPath, '--import', 'tsx', script, HOST], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout) as {
      ports: { http: number; httpTls: boolean; httpRedirect: number };
      consoleUrl: string;
      tlsFingerprint: string | null;
      trusted: number;
      tls: TlsInfo;
      plainOnTlsPort: number | string;
      redirect: { status: number; location: string; body: string };
      forgedHost: string;
      untrusted: number | string;
      viewerReads: number;
      viewerWrites: number;
      anonymous: number;
    };
    assert.equal(r.ports.httpTls, true);
    assert.equal(r.consoleUrl, `https://${HOST}:${r.ports.http}/`);
    assert.equal(r.trusted, 200, 'a client trusting the site certificate gets the console');
    assert.ok(r.tls.names.includes(HOST), 'the certificate names the LAN address');
    assert.equal(r.tlsFingerprint, r.tls.fingerprint, 'what the desktop window trusts');
    assert.notEqual(r.plainOnTlsPort, 200, 'nothing is served in the clear on the console port');
    assert.equal(r.redirect.status, 308);
    assert.equal(r.redirect.location, `https://${HOST}:${r.ports.http}/api/v1/overview?x=1`);
    assert.equal(r.redirect.body, '', 'the redirect carries no data');
    assert.equal(
      r.forgedHost,
      `https://${HOST}:${r.ports.http}/`,
      'a forged Host does not redirect elsewhere',
    );
    assert.equal(r.untrusted, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'a client that does not trust it refuses it');
    // issue 16's "done": a supervisor signs in from another PC over TLS as a viewer and cannot change anything
    assert.equal(r.viewerReads, 200);
    assert.equal(r.viewerWrites, 403);
    assert.equal(r.anonymous, 401);
  });
});

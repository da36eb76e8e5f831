// cluster.siteAddress in the site config: absent by default, validated with clear messages, and only
// with gateway listeners that accept on every address.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, validateConfig } from '../../../src/main/config/config.js';

const base = { dataDir: '/tmp/x' };
const withAddress = (siteAddress: unknown, extra: Record<string, unknown> = {}) =>
  validateConfig({ ...base, ...extra, cluster: { siteAddress } });

describe('cluster.siteAddress config', () => {
  test('absent by default', () => {
    assert.equal(validateConfig(base).cluster.siteAddress, undefined);
  });

  test('an IPv4 address with its prefix on a named interface is accepted', () => {
    const config = withAddress({ address: '10.77.0.100/24', interface: 'eth0' });
    assert.deepEqual(config.cluster.siteAddress, { address: '10.77.0.100/24', interface: 'eth0' });
  });

  test('a bad address, a bad interface name and a missing field are named', () => {
    assert.throws(
      () => withAddress({ address: '10.77.0.100', interface: 'eth0' }),
      (err: Error) =>
        err instanceof ConfigError &&
        /\/cluster\/siteAddress\/address: must be an IPv4 address with its prefix length/.test(err.message),
    );
    assert.throws(
      () => withAddress({ address: '10.77.0.100/24', interface: 'eth"0' }),
      /\/cluster\/siteAddress\/interface: must not contain control characters or quotes/,
    );
    assert.throws(() => withAddress({ address: '10.77.0.100/24' }), /\/cluster\/siteAddress\/interface/);
    assert.throws(
      () => withAddress({ address: '10.77.0.100/24', interface: 'eth0', extra: 1 }),
      /\/cluster\/siteAddress/,
    );
  });

  test('gateway listeners bound to one address would not accept on the site address', () => {
    assert.throws(
      () => withAddress({ address: '10.77.0.100/24', interface: 'eth0' }, { mqtt: { host: '10.77.0.11' } }),
      /\/mqtt\/host: must be 0\.0\.0\.0 or :: with cluster\.siteAddress/,
    );
    assert.throws(
      () =>
        withAddress({ address: '10.77.0.100/24', interface: 'eth0' }, { gatewayHttp: { host: '127.0.0.1' } }),
      /\/gatewayHttp\/host/,
    );
    // a listener that is off does not matter, and :: accepts IPv4 too
    const config = withAddress(
      { address: '10.77.0.100/24', interface: 'eth0' },
      { mqtt: { host: '::' }, gatewayHttp: { host: '127.0.0.1', port: null } },
    );
    assert.equal(config.mqtt.host, '::');
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveTheme, nextTheme, parseTheme } from '../../src/renderer/lib/theme.js';
import { hashRouteToPath } from '../../src/renderer/lib/url.js';

test('theme: the OS decides until the user picks; the toggle cycles system → light → dark', () => {
  assert.equal(parseTheme(null), 'system');
  assert.equal(parseTheme('dark'), 'dark');
  assert.equal(parseTheme('purple'), 'system');
  assert.equal(effectiveTheme('system', true), 'dark');
  assert.equal(effectiveTheme('system', false), 'light');
  assert.equal(effectiveTheme('light', true), 'light');
  assert.deepEqual([nextTheme('system'), nextTheme('light'), nextTheme('dark')], ['light', 'dark', 'system']);
});

test('old /#/ links map to their path; anchors and empty hashes do not', () => {
  assert.equal(hashRouteToPath('#/gateways/a%20b?x=1'), '/gateways/a%20b?x=1');
  assert.equal(hashRouteToPath('#/'), '/');
  assert.equal(hashRouteToPath(''), null);
  assert.equal(hashRouteToPath('#top'), null);
});

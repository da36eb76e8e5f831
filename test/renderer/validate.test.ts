import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isMacId,
  normalizeGatewayId,
  parseThreshold,
  validateGatewayId,
} from '../../src/renderer/lib/validate.js';

test('gateway ids: MAC or URL-unreserved', () => {
  assert.equal(validateGatewayId('b827eb0a1c2d'), null);
  assert.equal(validateGatewayId('B827EB0A1C2D'), null);
  assert.equal(validateGatewayId('line-3_press.01~a'), null);
  assert.equal(validateGatewayId('  b827eb0a1c2d '), null);
  assert.equal(validateGatewayId(''), 'empty');
  assert.equal(validateGatewayId('   '), 'empty');
  assert.equal(validateGatewayId('b8:27:eb:0a:1c:2d'), 'chars');
  assert.equal(validateGatewayId('a/b'), 'chars');
  assert.equal(validateGatewayId('gw+1'), 'chars');
  assert.equal(validateGatewayId('gw#'), 'chars');
  assert.equal(validateGatewayId('한글'), 'chars');
  assert.equal(validateGatewayId('x'.repeat(64)), null);
  assert.equal(validateGatewayId('x'.repeat(65)), 'tooLong');
});

test('isMacId and normalizeGatewayId', () => {
  assert.equal(isMacId('b827eb0a1c2d'), true);
  assert.equal(isMacId('b827eb0a1c2'), false);
  assert.equal(normalizeGatewayId('B8:27:EB:0A:1C:2D'), 'b827eb0a1c2d');
  assert.equal(normalizeGatewayId('b8-27-eb-0a-1c-2d'), 'b827eb0a1c2d');
  assert.equal(normalizeGatewayId('b8:27-eb:0a:1c:2d'), 'b8:27-eb:0a:1c:2d');
  assert.equal(normalizeGatewayId(' press-01 '), 'press-01');
});

test('parseThreshold', () => {
  assert.equal(parseThreshold('30'), 30);
  assert.equal(parseThreshold('-5.5'), -5.5);
  assert.equal(parseThreshold('.5'), 0.5);
  assert.equal(parseThreshold('1e3'), 1000);
  assert.equal(parseThreshold(''), null);
  assert.equal(parseThreshold('30C'), null);
  assert.equal(parseThreshold('0x10'), null);
});

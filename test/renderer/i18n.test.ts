import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../../src/renderer/i18n/en.js';
import { ko } from '../../src/renderer/i18n/ko.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf key ("overview.pending"), plural forms folded into their base key. */
function keys(obj: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = `${prefix}${k.replace(PLURAL, '')}`;
    if (v && typeof v === 'object') for (const sub of keys(v as object, `${key}.`)) out.add(sub);
    else out.add(key);
  }
  return out;
}

function leaves(obj: object, prefix = ''): Array<[string, string]> {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leaves(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]],
  );
}

const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

test('every key exists in English and in Korean', () => {
  const e = keys(en);
  const k = keys(ko);
  assert.deepEqual(
    [...e].filter((x) => !k.has(x)),
    [],
    'keys only in English (add them to ko.ts)',
  );
  assert.deepEqual(
    [...k].filter((x) => !e.has(x)),
    [],
    'keys only in Korean (add them to en.ts)',
  );
});

test('translations use the same {{variables}} as English', () => {
  const enLeaves = new Map(leaves(en).map(([key, v]) => [key.replace(PLURAL, ''), v]));
  for (const [key, v] of leaves(ko)) {
    const base = enLeaves.get(key.replace(PLURAL, ''));
    if (base === undefined) continue;
    assert.deepEqual(vars(v), vars(base), `${key}: ${v}`);
  }
});

test('Korean strings are translated (no Latin-only sentence copied from English)', () => {
  const enLeaves = new Map(leaves(en));
  // identical in both languages on purpose: names, units, protocol words
  const SAME = new Set(['app.title']);
  const copied = leaves(ko).filter(
    ([key, v]) => enLeaves.get(key) === v && /[a-z]{3,} [a-z]{3,}/.test(v) && !SAME.has(key),
  );
  assert.deepEqual(copied, []);
});

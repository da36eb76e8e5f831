// The console's chunks from a real build (vite.config.ts): the entry (boot.ts) imports no other chunk, so
// its early requests leave before the console's scripts are fetched, and uPlot comes only with the pages
// that draw charts (issue 15, the performance targets; bench/README.md rounds 22 and 26).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'vite';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

let dir: string;
let manifest: Manifest;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edge-site-chunks-'));
  await build({
    configFile: join(import.meta.dirname, '../../vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: dir, emptyOutDir: true, manifest: true, sourcemap: false },
  });
  manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Manifest;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** the chunk's file and every file its static imports bring, recursively */
function closure(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  assert.ok(chunk, `${key} is in the manifest`);
  if (seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const k of chunk.imports ?? []) closure(k, seen);
  return seen;
}

test("the entry imports no other chunk: boot.ts's requests do not wait for the console's scripts", () => {
  const entry = manifest['index.html'];
  assert.ok(entry?.isEntry);
  assert.deepEqual(entry.imports ?? [], []);
  assert.ok(entry.dynamicImports?.includes('main.tsx'), 'main is imported dynamically');
});

test('the console and its overview open without uPlot', () => {
  const files = [...closure('main.tsx'), ...closure('pages/OverviewPage.tsx')];
  assert.ok(!files.some((f) => /uPlot/i.test(f)), files.join(', '));
});

test('a chart page brings uPlot, in a chunk of its own', () => {
  const files = [...closure('pages/SensorPage.tsx')];
  assert.ok(
    files.some((f) => /uPlot/i.test(f)),
    files.join(', '),
  );
});

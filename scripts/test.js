#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration tests (node's runner, real broker/SQLite/ZooKeeper),
// build, then end-to-end tests in Chromium (Nightwatch). Stages: `npm test -- unit|e2e` runs one part.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function testFiles(dir, skip) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skip.includes(relative(root, path))) out.push(...testFiles(path, skip));
    } else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out.sort();
}

// The leaf `not ok` entries of a TAP report with their YAML blocks (error, location, stack), so the end
// of a long CI log says which assertion failed.
function tapFailures(tap) {
  const lines = tap.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!head) continue;
    const block = [];
    for (let j = i + 1; j < lines.length && lines[j].startsWith(`${head[1]}  `); j++) block.push(lines[j]);
    if (block.some((line) => line.includes("failureType: 'subtestsFailed'"))) continue;
    out.push(`✖ ${head[2]}`, ...block.slice(0, 25));
  }
  return out;
}

/** what marks a test file that must run alone: ensembles, site processes, kills, full disks, namespaces */
const SOLO = /support\/(zookeeper|nats|netns|site-process|small-disk|repl-cluster)\.js|kill\(|SIGKILL/;

const failures = [];
const failureDetails = [];
let passed = 0;
let failed = 0;

if (!only || only === 'unit' || only === 'integration') {
  if (!only) {
    if (!run('lint', npx, ['eslint', '.', '--max-warnings=0'])) failures.push('lint');
    if (!run('format', npx, ['prettier', '--check', '.'])) failures.push('format');
    if (!run('typecheck', npx, ['tsc', '-b', 'tsconfig.main.json', 'tsconfig.renderer.json']))
      failures.push('typecheck');
    if (!run('typecheck tests', npx, ['tsc', '--noEmit', '-p', 'tsconfig.test.json']))
      failures.push('typecheck tests');
  }
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const files = testFiles(join(root, 'test'), ['test/e2e']);
  // Files that start server ensembles or site processes, kill them, fill disks or build network
  // namespaces run one at a time (their timing and their ports are their own); the rest run two at once,
  // which halves the part of the run spent starting test files.
  const alone = files.filter((file) => SOLO.test(readFileSync(join(root, file), 'utf8')));
  const together = files.filter((file) => !alone.includes(file));
  let ok = true;
  for (const [group, list, concurrency] of [
    ['parallel', together, 2],
    ['serial', alone, 1],
  ]) {
    const tapFile = `test-results/node-${group}.tap`;
    ok =
      run(`unit and integration tests (${list.length} files, ${concurrency} at a time)`, process.execPath, [
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${concurrency}`,
        '--test-timeout=300000',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tapFile}`,
        ...list,
      ]) && ok;
    const tap = readFileSync(join(root, tapFile), 'utf8');
    passed += Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
    failed += Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
    failureDetails.push(...tapFailures(tap));
  }
  if (!ok) failures.push('unit/integration tests');
}

if (!only || only === 'e2e') {
  if (!run('build', 'npm', ['run', 'build'])) failures.push('build');
  else {
    const before = Date.now();
    const ok = run('end-to-end tests (Chromium)', npx, ['nightwatch', '--config', 'nightwatch.conf.cjs'], {
      CI: process.env.CI ?? '',
    });
    const e2eCount = testFiles(join(root, 'test/e2e'), []).length;
    if (ok) passed += e2eCount;
    else {
      failed += e2eCount;
      failures.push('e2e tests');
    }
    console.log(`e2e took ${Math.round((Date.now() - before) / 1000)} s`);
  }
}

if (failureDetails.length) console.log(`\nfailed tests:\n${failureDetails.join('\n')}`);
console.log(failures.length ? `\nFAILED stages: ${failures.join(', ')}` : '\nall stages passed');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);

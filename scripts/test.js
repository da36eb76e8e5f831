#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration tests (node's runner, real broker/SQLite/ZooKeeper),
// build, then end-to-end tests in Chromium (Nightwatch). Stages: `npm test -- unit|e2e` runs one part.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/**
 * Runs one stage; resolves to whether it passed. With `log`, its output goes to that file instead of
 * the terminal (a stage running beside another), and is printed whole when it ends.
 */
function run(title, command, args, { env = {}, log } = {}) {
  const header = `\n=== ${title}: ${command} ${args.join(' ')}`;
  if (!log) console.log(header);
  const started = Date.now();
  return new Promise((resolve) => {
    const out = log ? createWriteStream(log) : null;
    const child = spawn(command, args, {
      cwd: root,
      stdio: out ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    child.on('error', (err) => {
      console.error(`${title}: ${err.message}`);
      resolve(false);
    });
    child.on('close', (code) => {
      const took = `(${title}: ${Math.round((Date.now() - started) / 1000)} s)`;
      if (!out) {
        console.log(took);
        resolve(code === 0);
        return;
      }
      out.end(() => {
        console.log(`${header}\n${readFileSync(log, 'utf8')}${took}`);
        resolve(code === 0);
      });
    });
  });
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
/**
 * The namespace labs with ZooKeeper and nats-servers on their bridge run right after the parallel files,
 * before the browser tests start: in 4 of 4 full runs today that ran them during or after the browser
 * tests, their bridge's servers could not be reached (once the bridge showed no addresses at all), while
 * alone, and before the browser tests in earlier stops, they pass. The cause is not found yet.
 */
const LAST = /netns-lab\.js'/;

const failures = [];
const failureDetails = [];
let passed = 0;
let failed = 0;

/** one group of node test files, `concurrency` at a time; counts its results from its TAP report */
async function nodeTests(group, list, concurrency) {
  const tapFile = `test-results/node-${group}.tap`;
  const ok = await run(
    `${group} unit and integration tests (${list.length} files, ${concurrency} at a time)`,
    process.execPath,
    [
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
    ],
  );
  const tap = readFileSync(join(root, tapFile), 'utf8');
  passed += Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
  failed += Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
  failureDetails.push(...tapFailures(tap));
  if (!ok) failures.push(`${group} unit/integration tests`);
}

/** the console built, then Nightwatch in Chromium; `log` when it runs beside the serial tests */
async function endToEnd(log) {
  if (!(await run('build', 'npm', ['run', 'build'], { log: log && `${log}-build.log` }))) {
    failures.push('build');
    return;
  }
  const ok = await run(
    'end-to-end tests (Chromium)',
    npx,
    ['nightwatch', '--config', 'nightwatch.conf.cjs'],
    {
      env: { CI: process.env.CI ?? '' },
      log: log && `${log}.log`,
    },
  );
  const e2eCount = testFiles(join(root, 'test/e2e'), []).length;
  if (ok) passed += e2eCount;
  else {
    failed += e2eCount;
    failures.push('e2e tests');
  }
}

const started = Date.now();
const unit = !only || only === 'unit' || only === 'integration';
const e2e = !only || only === 'e2e';
mkdirSync(join(root, 'test-results'), { recursive: true });
if (!only) {
  const check = async (title, args, log) => {
    if (!(await run(title, npx, args, { log }))) failures.push(title);
  };
  // Each check is one single-threaded process: the type-aware lint (the longest) runs on one core while
  // the formatter and the two typechecks run one after another on the other.
  await Promise.all([
    check('lint', ['eslint', '.', '--max-warnings=0'], 'test-results/lint.log'),
    (async () => {
      await check('format', ['prettier', '--check', '.']);
      await check('typecheck', ['tsc', '-b', 'tsconfig.main.json', 'tsconfig.renderer.json']);
      await check('typecheck tests', ['tsc', '--noEmit', '-p', 'tsconfig.test.json']);
    })(),
  ]);
}
if (unit) {
  const files = testFiles(join(root, 'test'), ['test/e2e']);
  // Files that start server ensembles or site processes, kill them, fill disks or build network
  // namespaces run one at a time (their timing and their ports are their own); the rest run two at once,
  // which halves the part of the run spent starting test files.
  const text = (file) => readFileSync(join(root, file), 'utf8');
  const last = files.filter((file) => LAST.test(text(file)));
  const alone = files.filter((file) => SOLO.test(text(file)) && !last.includes(file));
  const together = files.filter((file) => !alone.includes(file) && !last.includes(file));
  await nodeTests('parallel', together, 2);
  await nodeTests('namespace-lab', last, 1);
  // The other serial files mostly wait (sessions to expire, servers to start, nodes to catch up): the
  // browser tests use the other core meanwhile; their output is printed whole when they end.
  await Promise.all([nodeTests('serial', alone, 1), e2e ? endToEnd('test-results/e2e') : null]);
} else if (e2e) await endToEnd();

if (failureDetails.length) console.log(`\nfailed tests:\n${failureDetails.join('\n')}`);
console.log(failures.length ? `\nFAILED stages: ${failures.join(', ')}` : '\nall stages passed');
console.log(`${passed} passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failures.length ? 1 : 0);

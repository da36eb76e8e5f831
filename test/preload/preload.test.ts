// The Electron preload without Electron (its binary is optional): src/preload/preload.cts compiled as the main
// build compiles it, then run the way a sandboxed window runs a preload, with a fake `electron` module.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import vm from 'node:vm';
import ts from 'typescript';
import { BRIDGE_KEY, SIGN_IN_TOKEN_CHANNEL, type EdgeSiteBridge } from '../../src/shared/preload.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PRELOAD_SOURCE = `${root}src/preload/preload.cts`;
const ELECTRON_MAIN_SOURCE = `${root}src/main/electron/main.ts`;

/** Every key of the shared interface, required or not (the compiler checks this list is complete). */
const BRIDGE_KEYS = { desktop: 'required', apiBase: 'optional', signInToken: 'optional' } satisfies Record<
  keyof EdgeSiteBridge,
  'required' | 'optional'
>;

function mainBuild(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.main.json`, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) =>
      assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(parsed, 'tsconfig.main.json parses');
  return parsed;
}

/** The preload as the main build emits it. */
function compiledPreload(): string {
  const { outputText, diagnostics } = ts.transpileModule(readFileSync(PRELOAD_SOURCE, 'utf8'), {
    compilerOptions: mainBuild().options,
    fileName: PRELOAD_SOURCE,
    reportDiagnostics: true,
  });
  assert.deepEqual(diagnostics, []);
  return outputText;
}

interface Exposure {
  key: string;
  api: unknown;
}

/**
 * Runs a preload as a sandboxed Electron window does: a function of (require, process, exports, module)
 * in a fresh global, whose `require` knows electron and nothing from the disk.
 */
const invoked: string[] = [];

function runSandboxed(code: string): Exposure[] {
  const exposed: Exposure[] = [];
  const fakeElectron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }),
    },
    ipcRenderer: {
      on: () => assert.fail('the preload listens to no IPC channel'),
      send: () => assert.fail('the preload sends on no IPC channel'),
      invoke: (channel: string) => {
        invoked.push(channel);
        return Promise.resolve(channel === SIGN_IN_TOKEN_CHANNEL ? 'eso_from-main' : undefined);
      },
    },
  };
  const sandboxRequire = (id: string): unknown => {
    if (id === 'electron') return fakeElectron;
    throw new Error(`module not found: ${id}`);
  };
  const exports = {};
  const wrapper = vm.runInNewContext(
    `(function (require, process, exports, module) {\n${code}\n})`,
    {},
    {
      filename: 'preload.cjs',
    },
  ) as (...args: unknown[]) => void;
  wrapper(sandboxRequire, { env: {} }, exports, { exports });
  return exposed;
}

test('the preload exposes exactly the shared EdgeSiteBridge under BRIDGE_KEY, requiring only electron', async () => {
  const exposed = runSandboxed(compiledPreload());
  assert.equal(exposed.length, 1, 'one exposeInMainWorld call');
  const [{ key, api }] = exposed as [Exposure];
  assert.equal(key, BRIDGE_KEY);
  assert.ok(api !== null && typeof api === 'object');
  for (const name of Object.keys(api)) {
    assert.ok(Object.hasOwn(BRIDGE_KEYS, name), `"${name}" is not declared in EdgeSiteBridge`);
  }
  for (const [name, presence] of Object.entries(BRIDGE_KEYS)) {
    if (presence === 'required') assert.ok(Object.hasOwn(api, name), `"${name}" is not exposed`);
  }
  // what the console sees: the desktop marker and the one-time sign-in token, asked of the main process
  // on the one channel it answers (no API override: the console is loaded from the site)
  const bridge = api as EdgeSiteBridge;
  assert.deepEqual(Object.keys(bridge).sort(), ['desktop', 'signInToken']);
  assert.equal(bridge.desktop, true);
  assert.equal(await bridge.signInToken?.(), 'eso_from-main');
  assert.deepEqual(invoked, [SIGN_IN_TOKEN_CHANNEL]);
});

test('the main build compiles the preload to CommonJS at the path the desktop window loads', () => {
  const build = mainBuild();
  assert.ok(build.fileNames.includes(PRELOAD_SOURCE), 'tsconfig.main.json includes the preload');
  const [preloadOut] = ts.getOutputFileNames(build, PRELOAD_SOURCE, false);
  assert.equal(preloadOut, `${root}dist/preload/preload.cjs`);
  assert.match(
    compiledPreload(),
    /require\('electron'\)/,
    'CommonJS: a sandboxed preload cannot be a module',
  );
  const [mainOut] = ts.getOutputFileNames(build, ELECTRON_MAIN_SOURCE, false);
  const preloadUrl = /preload: fileURLToPath\(new URL\('([^']+)', import\.meta\.url\)\)/.exec(
    readFileSync(ELECTRON_MAIN_SOURCE, 'utf8'),
  )?.[1];
  assert.ok(preloadUrl, "electron/main.ts names its preload as new URL('…', import.meta.url)");
  assert.equal(fileURLToPath(new URL(preloadUrl, pathToFileURL(mainOut))), preloadOut);
});

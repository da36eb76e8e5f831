// Preload of the desktop window. The console talks to the site over HTTP like any browser, so it needs
// nothing from Node: the bridge only tells it that it runs inside the desktop shell.
// The window is sandboxed, so this script must be CommonJS (hence .cts, compiled to dist/preload/
// preload.cjs) and its `require` knows only a few modules such as electron: it imports nothing else at
// run time, only types.
import type { BRIDGE_KEY, EdgeSiteBridge } from '../shared/preload.js';

/** The slice of Electron's renderer API this script uses (typed here: Electron is an optional dependency). */
interface PreloadElectronApi {
  contextBridge: { exposeInMainWorld(apiKey: string, api: unknown): void };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS by necessity, see above
const { contextBridge } = require('electron') as PreloadElectronApi;

const key: typeof BRIDGE_KEY = 'edgeSite';
const bridge: EdgeSiteBridge = { desktop: true };
contextBridge.exposeInMainWorld(key, bridge);

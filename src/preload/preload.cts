// Preload of the desktop window. The console talks to the site over HTTP like any browser, so it needs
// nothing from Node: the bridge tells it that it runs inside the desktop shell and fetches the one-time
// sign-in token from the main process (nothing is stored in the page).
// The window is sandboxed, so this script must be CommonJS (hence .cts, compiled to dist/preload/
// preload.cjs) and its `require` knows only a few modules such as electron: it imports nothing else at
// run time, only types.
import type { BRIDGE_KEY, EdgeSiteBridge, SIGN_IN_TOKEN_CHANNEL } from '../shared/preload.js';

/** The slice of Electron's renderer API this script uses (typed here: Electron is an optional dependency). */
interface PreloadElectronApi {
  contextBridge: { exposeInMainWorld(apiKey: string, api: unknown): void };
  ipcRenderer: { invoke(channel: string): Promise<unknown> };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS by necessity, see above
const { contextBridge, ipcRenderer } = require('electron') as PreloadElectronApi;

const key: typeof BRIDGE_KEY = 'edgeSite';
// the channel name is repeated here: the sandboxed preload may not import src/shared at run time
const channel: typeof SIGN_IN_TOKEN_CHANNEL = 'edge-site:sign-in-token';
const bridge: EdgeSiteBridge = {
  desktop: true,
  signInToken: async () => {
    const token = await ipcRenderer.invoke(channel);
    return typeof token === 'string' ? token : null;
  },
};
contextBridge.exposeInMainWorld(key, bridge);

// The Electron shell, kept thin on purpose: it starts the same site the headless entry starts, in-process,
// and shows its console in a window. Everything else lives in services that run under plain Node.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../logger/logger.js';
import { SIGN_IN_TOKEN_CHANNEL } from '../../shared/preload.js';
import { startSite, type Site } from '../site.js';

/** The slice of Electron's API this shell uses (typed here: Electron is an optional dependency). */
interface ElectronApi {
  app: {
    whenReady(): Promise<void>;
    on(
      event: 'window-all-closed' | 'before-quit',
      listener: (event: { preventDefault(): void }) => void,
    ): void;
    quit(): void;
    exit(code: number): void;
  };
  BrowserWindow: new (options: Record<string, unknown>) => ElectronWindow;
  shell: { openExternal(url: string): Promise<void> };
  ipcMain: {
    handle(channel: string, listener: (event: { senderFrame: { url: string } | null }) => unknown): void;
  };
  dialog: { showErrorBox(title: string, content: string): void };
}

interface ElectronWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): void;
    on(
      event: 'certificate-error',
      listener: (
        event: { preventDefault(): void },
        url: string,
        error: string,
        certificate: { fingerprint: string },
        callback: (trusted: boolean) => void,
      ) => void,
    ): void;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  };
}

const require = createRequire(import.meta.url);
const { app, BrowserWindow, dialog, ipcMain, shell } = require('electron') as ElectronApi;

/**
 * The window shows the site's own console and nothing else: navigation to another origin is stopped,
 * and links that would open a window go to the system browser instead (no remote content in a window
 * that has the preload bridge).
 */
function lockToConsole(window: ElectronWindow, consoleUrl: string): void {
  const origin = new URL(consoleUrl).origin;
  const own = (url: string): boolean => URL.parse(url)?.origin === origin;
  window.webContents.on('will-navigate', (event, url) => {
    if (!own(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url) && !own(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * With a LAN http.host the console is HTTPS with the site's self-signed certificate: the window trusts
 * exactly that certificate (Electron's fingerprint is "sha256/" + base64) on the console's origin.
 */
function trustSiteCertificate(window: ElectronWindow, site: Site): void {
  const origin = new URL(site.consoleUrl).origin;
  const expected =
    site.tlsFingerprint &&
    `sha256/${Buffer.from(site.tlsFingerprint.replace(/:/g, ''), 'hex').toString('base64')}`;
  window.webContents.on('certificate-error', (event, url, _error, certificate, callback) => {
    const trusted = !!expected && URL.parse(url)?.origin === origin && certificate.fingerprint === expected;
    if (trusted) event.preventDefault();
    callback(trusted);
  });
}

async function run(): Promise<void> {
  // Electron passes its own arguments first; ours follow the script path.
  const args = process.argv.slice(process.argv.findIndex((a) => a.endsWith('main.js')) + 1);
  let site: Site;
  try {
    const config = loadConfig(args);
    site = await startSite(config, createLogger({ level: config.logLevel }));
  } catch (err) {
    dialog.showErrorBox('Edge Site could not start', err instanceof ConfigError ? err.message : String(err));
    app.exit(1);
    return;
  }
  await app.whenReady();
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Edge Site',
    webPreferences: {
      preload: fileURLToPath(new URL('../../preload/preload.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  lockToConsole(window, site.consoleUrl);
  trustSiteCertificate(window, site);
  // The window signs in by itself: a token that works once, within 60 s, asked for by the preload on
  // each load and exchanged by the console for its session cookie; only the console's own pages get one.
  const origin = new URL(site.consoleUrl).origin;
  ipcMain.handle(SIGN_IN_TOKEN_CHANNEL, (event) =>
    event.senderFrame && URL.parse(event.senderFrame.url)?.origin === origin
      ? site.desktopSignInToken()
      : null,
  );
  await window.loadURL(site.consoleUrl);

  let quitting = false;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void site.stop().finally(() => app.exit(0));
  });
}

void run();

#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed and a display is there; otherwise the
// same site headless under Node (e.g. where Electron's binary cannot be downloaded), printing the URL.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { siteNodeFlags } from './site-flags.js';

const args = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));
const headlessEntry = `${root}dist/main/index.js`;
if (!existsSync(headlessEntry)) {
  console.error('edge-site: not built yet; run `npm run build` (npm start does it for you).');
  process.exit(1);
}

function electronBinary() {
  if (process.env.EDGE_SITE_HEADLESS === '1' || args.includes('--headless')) return null;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null;
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // not installed (it is an optional dependency) or its binary was never downloaded
  }
}

const binary = electronBinary();
const forwarded = args.filter((a) => a !== '--headless');
// EDGE_SITE_NODE_FLAGS replaces the site's V8 flags (e.g. "" for V8's defaults: faster bursts, more memory)
const nodeFlags = siteNodeFlags();
const child = binary
  ? spawn(
      binary,
      [
        ...(nodeFlags.length ? [`--js-flags=${nodeFlags.join(' ')}`] : []),
        `${root}dist/main/electron/main.js`,
        ...forwarded,
      ],
      {
        stdio: 'inherit',
      },
    )
  : spawn(process.execPath, [...nodeFlags, headlessEntry, ...forwarded], { stdio: 'inherit' });
if (!binary && !args.includes('--headless')) {
  console.log('Electron is not available here: running Edge Site headless.');
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

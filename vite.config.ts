import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./src/renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));
const backend = 'http://127.0.0.1:8080';

// The console: served by the site's HTTP server (history routing; the server answers deep paths with
// index.html and a <base href="/">) and loadable from file:// (hash routing), hence the relative base.
// react-router's package exports only its development build (extra checks and warnings, more to
// compile at every start); the console as built and shipped gets the production one beside it.
const routerProduction = fileURLToPath(
  new URL('./node_modules/react-router/dist/production/index.mjs', import.meta.url),
);

export default defineConfig(({ command }) => ({
  root,
  base: './',
  plugins: [react()],
  resolve: {
    alias: command === 'build' ? [{ find: /^react-router$/, replacement: routerProduction }] : [],
  },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // Note: every path under /api goes to the site, so no renderer source folder may be called `api/`.
    proxy: {
      '/api': { target: backend, changeOrigin: true, ws: true },
      '/healthz': { target: backend, changeOrigin: true },
    },
  },
  preview: { host: '127.0.0.1', port: 4173 },
}));

import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one of the series store's worker scripts (compact-worker, commit-thread). Source runs (tsx)
 * load the .ts script: on Node 20 a worker inherits `--import tsx` through execArgv, but tsx's loader
 * hooks do not reach the worker (ERR_UNKNOWN_FILE_EXTENSION), so the worker registers tsx itself. tsx
 * is a dev dependency; the build loads dist/main/series/<name>.js next to this file and never takes
 * that path.
 */
export function startSeriesWorker(url: URL, options: WorkerOptions): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** URL of a sibling worker script, .ts when running from source and .js in the build */
export function siblingScript(name: string): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, import.meta.url);
}

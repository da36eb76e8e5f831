import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createSeriesStore,
  type DurableSeriesStore,
  type SeriesStoreOptions,
} from '../../../src/main/series/index.js';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-series-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Compaction off by default: tests run it explicitly so results never depend on timers. */
export function open(file: string, extra: Partial<SeriesStoreOptions> = {}): DurableSeriesStore {
  return createSeriesStore({ file, compactEveryMs: 0, synchronous: 'NORMAL', ...extra });
}

export const ALL = { from: -(2 ** 49), to: 2 ** 49 };

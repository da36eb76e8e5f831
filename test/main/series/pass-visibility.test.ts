// A worker pass is applied in slices with the event loop free in between (compaction-scheduler.ts).
// Until a series' slice is applied its values of the pass are only in the log: readers must still see
// them there. Issue 20's paged export (cursor = last time + 1) missed rows that a full query returned
// later: a page read between two slices found nothing of a not-yet-applied series in the log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planPassStep, type PassCursor } from '../../../src/main/series/compact-plan.js';
import type { CompactWorker } from '../../../src/main/series/compact-client.js';
import { CompactionScheduler } from '../../../src/main/series/compaction-scheduler.js';
import type { StoreCore } from '../../../src/main/series/store-core.js';
import type { ValuePoint } from '../../../src/shared/model.js';
import { ALL, open, tempFiles } from './helpers.js';

const file = tempFiles('pass-vis');

const points = (from: number, n: number): ValuePoint[] =>
  Array.from({ length: n }, (_, i) => ({ time: from + i * 1000, value: i }));

test('values of a series whose slice of the pass is not applied yet stay readable', async () => {
  const store = open(file(), { compactAfterMs: 0, compactWindowMs: 0, compactApplySliceValues: 1 });
  try {
    const t0 = Date.UTC(2026, 10, 30);
    await store.append(
      'gw',
      [
        { sensorId: 'a', points: points(t0, 300) },
        { sensorId: 'b', points: points(t0, 300) },
      ],
      Date.now() - 1000,
    );
    const core = (store as unknown as { core: StoreCore }).core;
    // a worker that plans at once on the store's own connection: the step's first slice (series a)
    // is applied in the same microtask run, the next one (series b) only after a timer
    const worker = {
      usable: true,
      busy: false,
      plan: (req: { pass: PassCursor }) =>
        Promise.resolve({
          plan: planPassStep(core, () => true, req.pass, core.settings.workerOpts),
          ms: 0,
          heapBytes: 0,
        }),
    };
    const scheduler = new CompactionScheduler(core, worker as unknown as CompactWorker);
    scheduler.tick();
    for (let i = 0; i < 50 && core.counters.compactionSteps === 0; i++) await Promise.resolve();
    assert.equal(core.counters.compactionSteps, 1, "a's slice is applied, b's is not yet");
    const q = (sensorId: string) => store.query({ gatewayId: 'gw', sensorId, ...ALL }).length;
    assert.equal(q('a'), 300, 'a: from its chunks');
    assert.equal(q('b'), 300, 'b: still from the log');
    // a paged read across the pass (the export) gets every value once
    let cursor = t0;
    let paged = 0;
    for (;;) {
      const page = store.query({ gatewayId: 'gw', sensorId: 'b', from: cursor, to: ALL.to, limit: 70 });
      paged += page.length;
      if (page.length < 70) break;
      cursor = page[page.length - 1].time + 1;
      // the pass goes on between pages
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(paged, 300);
    for (let i = 0; i < 100 && core.counters.compactionPasses === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    assert.equal(core.counters.compactionPasses, 1, 'the pass finished');
    assert.equal(q('a') + q('b'), 600);
    assert.equal(store.stats().chunks > 0, true);
  } finally {
    await store.close();
  }
});

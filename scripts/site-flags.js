// The Node/V8 flags the site's process starts with: `npm start` (headless and Electron), the end-to-end
// tests, the benchmarks and the tests that spawn the site all take them from here. V8 reads them only
// when the process starts (v8.setFlagsFromString cannot resize the young generation later), so they go
// on the command line; EDGE_SITE_NODE_FLAGS replaces them (scripts/start.js).
//
// --max-semi-space-size=8: V8's young generation otherwise grows to 2 × 16 MB and stays there under
// steady ingest. It was 2 until issue 19: a message's parsed values, log row and promise live until the
// group commit (15–60 ms), and with 2 MB semi-spaces a scavenge came every few tens of ms at 100
// values per message, so most of them were copied and promoted: the main thread spent ~25 % of its
// time collecting. 8 MB lets them die young: GC share 0.25 → 0.13 and main-thread CPU per value
// 2.6 → 1.9 µs in alternating runs (bench/README.md round 19), for ~5 MB more RSS.
// Measured with 2 against V8's default (bench/README.md): 100 gateways at 200 000 values/s,
// main heap 93 → 64 MB and RSS 310 → 278 MB during compaction; queries (bench/series-query.ts) unchanged.
export const SITE_NODE_FLAGS = ['--max-semi-space-size=8'];

/** SITE_NODE_FLAGS, or EDGE_SITE_NODE_FLAGS when set (space-separated; "" for V8's defaults). */
export function siteNodeFlags() {
  const fromEnv = process.env.EDGE_SITE_NODE_FLAGS;
  return fromEnv === undefined ? SITE_NODE_FLAGS : fromEnv.split(/\s+/).filter(Boolean);
}

// The Node/V8 flags the site's process starts with: `npm start` (headless and Electron), the end-to-end
// tests, the benchmarks and the tests that spawn the site all take them from here. V8 reads them only
// when the process starts (v8.setFlagsFromString cannot resize the young generation later), so they go
// on the command line; EDGE_SITE_NODE_FLAGS replaces them (scripts/start.js).
//
// --max-semi-space-size=2: V8's young generation otherwise grows to 2 × 16 MB and stays there under
// steady ingest. The site's short-lived garbage (MQTT packets, decoded payloads) dies young at any size.
// Measured with bench/ingest-mqtt.ts on 2 cores (bench/README.md): 100 gateways at 200 000 values/s,
// main heap 93 → 64 MB and RSS 310 → 278 MB during compaction; queries (bench/series-query.ts) unchanged.
// Not --optimize-for-size: 30 MB less at 1 000 gateways, but it halved query speed (a 24 h chart of 50
// sensors 32 → 66 ms through HTTP) and the saturated burst (608 000 → 441 000 values/s).
export const SITE_NODE_FLAGS = ['--max-semi-space-size=2'];

/** SITE_NODE_FLAGS, or EDGE_SITE_NODE_FLAGS when set (space-separated; "" for V8's defaults). */
export function siteNodeFlags() {
  const fromEnv = process.env.EDGE_SITE_NODE_FLAGS;
  return fromEnv === undefined ? SITE_NODE_FLAGS : fromEnv.split(/\s+/).filter(Boolean);
}

// What the console benchmark puts into every page before the console's own scripts run (through the
// DevTools Protocol): it notes every canvas stroke (uPlot draws charts with them) and DOM change, every
// fetch with its start and end, every animation frame, and every long task Chromium reports, so that
// "drawn" can be told from the page itself without touching the console's code.
import type { WebDriver } from 'selenium-webdriver';
import type { Driver as ChromeDriver } from 'selenium-webdriver/chrome.js';

export const PROBE = `(() => {
  const b = (window.__bench = { activity: 0, stroke: 0, frames: [], requests: [], inflight: 0, longtasks: [] });
  const draw = () => { b.stroke = b.activity = performance.now(); };
  const stroke = CanvasRenderingContext2D.prototype.stroke;
  CanvasRenderingContext2D.prototype.stroke = function (...a) { draw(); return stroke.apply(this, a); };
  const fill = CanvasRenderingContext2D.prototype.fill;
  CanvasRenderingContext2D.prototype.fill = function (...a) { draw(); return fill.apply(this, a); };
  // changes in the page itself, not the header (its live status and clock change on their own)
  const touch = (records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest('main')) {
        b.activity = performance.now();
        // what changed last (printed with CONSOLE_BENCH_DEBUG's waterfall)
        b.lastChange = [Math.round(b.activity), r.type, el.tagName, String(el.className).slice(0, 40), r.attributeName, el.dataset && el.dataset.testid];
        return;
      }
    }
  };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const r = { url: String(input instanceof Request ? input.url : input), start: performance.now(), end: 0 };
    b.requests.push(r);
    b.inflight++;
    const done = () => { r.end = performance.now(); b.inflight--; };
    const p = fetch0.call(this, input, init);
    // the end is when the body has been read, as the console reads it
    p.then((res) => res.clone().arrayBuffer().then(done, done), done);
    return p;
  };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // frames over 50 ms with where their time went (scripts, then style and layout, then paint): CONSOLE_BENCH_DEBUG
  b.loafs = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries())
        b.loafs.push([e.startTime, e.duration, e.renderStart, e.styleAndLayoutStart, e.scripts.map((s) => [s.invoker, s.startTime, s.duration, s.forcedStyleAndLayoutDuration]).map((x) => x.map((v) => typeof v === 'number' ? Math.round(v) : String(v).slice(0, 50)))].map((v) => typeof v === 'number' ? Math.round(v) : v));
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  const observe = () =>
    new MutationObserver(touch).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe); else observe();
  // what the page is opened for (watchFor): the first frame in which it shows, told from inside the page
  // (the driver only looks once its get() has returned, after the load event and a round trip)
  let watch = null;
  try { watch = JSON.parse(sessionStorage.getItem('__bench.watch') || 'null'); } catch {}
  const check = watch && new Function('return (' + watch.condition + ')');
  const frame = () => {
    const now = performance.now();
    b.frames.push(now);
    if (check && b.shownAt === undefined) {
      const mine = b.requests.filter((r) => r.url.includes(watch.pattern));
      try {
        if (mine.length > 0 && mine.every((r) => r.end > 0) && check()) b.shownAt = now;
      } catch {}
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

export interface Settled {
  /** the last stroke or DOM change before the page went quiet (ms since navigation start) */
  done: number;
  /** the first animation frame after it: the frame that shows it (or `done` when no frame came) */
  frame: number;
  frameSeen: boolean;
  /** the first request matching the pattern that started after `since` */
  firstRequest: number | null;
  requests: number;
  /** when the last matching response had been read */
  lastResponse: number;
  urls: Array<[string, number, number]>;
}

/**
 * Waits until no request is in flight, at least one matching `pattern` started after `since`, and the
 * page has neither drawn nor changed for `quietMs`; gives the last change and the frame after it.
 */
export async function settle(
  driver: WebDriver,
  o: { since: number; pattern: string; quietMs?: number; timeoutMs?: number; strokesOnly?: boolean },
): Promise<Settled> {
  const result = (await driver.executeAsyncScript(
    `const [since, pattern, quiet, timeout, strokesOnly, cb] = arguments;
     const b = window.__bench;
     const last = () => (strokesOnly ? b.stroke : b.activity);
     const t0 = performance.now();
     const poll = () => {
       const now = performance.now();
       const reqs = b.requests.filter((r) => r.start >= since && r.url.includes(pattern));
       const ended = Math.max(0, ...reqs.map((r) => r.end));
       const done = Math.max(last(), ended);
       // the frame that shows it: the first after it (a quiet page still gets frames)
       // (headless Chromium sometimes sends none for a while on a page that does not change: then the
       // change itself, after a second more of waiting for a frame)
       const late = now - done > quiet + 1000;
       const frame = b.frames.find((f) => f > done) ?? (late ? done : undefined);
       if (reqs.length > 0 && b.inflight === 0 && now - done >= quiet && frame !== undefined) {
         cb({ done, frame, frameSeen: b.frames.some((f) => f > done), firstRequest: Math.min(...reqs.map((r) => r.start)), requests: reqs.length, lastResponse: ended, urls: reqs.map((r) => [r.url.slice(0, 90), Math.round(r.start), Math.round(r.end)]) });
       } else if (now - t0 > timeout) cb({ error: 'timeout', inflight: b.inflight, reqs: reqs.length, quietFor: now - last(), urls: b.requests.slice(-5).map((r) => [r.url, r.start, r.end]) });
       else setTimeout(poll, 20);
     };
     poll();`,
    o.since,
    o.pattern,
    o.quietMs ?? 400,
    o.timeoutMs ?? 30_000,
    o.strokesOnly ?? false,
  )) as Settled & { error?: string };
  if (result.error) throw new Error(`page did not settle: ${JSON.stringify(result)}`);
  return result;
}

/**
 * Before a page load: the pages this tab opens next note the first frame (ms since navigation start) in
 * which `condition` (a JS expression) holds and every request matching `pattern` has been read (at least
 * one): when the page shows what it was opened for. Call on a page of the site's origin (the watch is
 * kept in its session storage); `shown` then reads it.
 */
export async function watchFor(driver: WebDriver, condition: string, pattern: string): Promise<void> {
  await driver.executeScript(
    `sessionStorage.setItem('__bench.watch', JSON.stringify({ condition: arguments[0], pattern: arguments[1] }))`,
    condition,
    pattern,
  );
}

/**
 * The frame `watchFor`'s condition was first seen to hold in (waits up to 30 s), and when the driver
 * first looked (what this bench reported up to round 21), and ends the watch.
 */
export async function shown(driver: WebDriver): Promise<{ at: number; looked: number }> {
  const at = (await driver.executeAsyncScript(
    `const cb = arguments[0];
     const t0 = performance.now();
     const poll = () => {
       const at = window.__bench.shownAt;
       if (at !== undefined || performance.now() - t0 > 30000) {
         sessionStorage.removeItem('__bench.watch');
         cb(at === undefined ? null : { at, looked: t0 });
       } else setTimeout(poll, 20);
     };
     poll();`,
  )) as { at: number; looked: number } | null;
  if (at === null) throw new Error('never shown');
  return at;
}

/** A CPU profile of the page (DevTools Protocol Profiler) around `run`, for finding a missed target. */
export async function profiled<T>(
  driver: WebDriver,
  run: () => Promise<T>,
): Promise<{ result: T; profile: unknown }> {
  const cdp = driver as ChromeDriver;
  await cdp.sendAndGetDevToolsCommand('Profiler.enable', {});
  await cdp.sendAndGetDevToolsCommand('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.sendAndGetDevToolsCommand('Profiler.start', {});
  const result = await run();
  const { profile } = (await cdp.sendAndGetDevToolsCommand('Profiler.stop', {})) as unknown as {
    profile: unknown;
  };
  return { result, profile };
}

/** top functions by self time in a CPU profile (what a profile viewer's bottom-up view shows first) */
export function selfTimes(profile: unknown, top = 15): Array<{ fn: string; ms: number }> {
  const p = profile as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn, ms: Math.round(ms * 10) / 10 }));
}

/**
 * The console in Debian's headless Chromium against a real site (issue 15, "Performance"):
 * - first paint of a dashboard of 12 widgets over 24 h (navigation start → the frame that shows the
 *   last widget drawn with its data), target < 1 s;
 * - a chart over a year of one sensor (the sensor page, a custom one-year range applied) and over 24 h
 *   of 50 sensors (a dashboard of that one chart): the series request's start → the frame that shows the
 *   chart drawn, target < 100 ms; the same 50 sensors on seven charts of up to 8, without a target;
 * - live updates at 10/s on 50 widgets (a gateway publishing its 50 sensors ten times a second over
 *   MQTT for 20 s): the longest long task, target < 50 ms;
 * - the overview of a site with 1 000 gateways (and the gateway list), target < 500 ms: a full page load in a
 *   new renderer process (lib/page-load.ts); beside it the same in the console's tab, what a new renderer
 *   process costs a one-line page, and the overview opened from the console's menu.
 * Run after `npm run build` (the site serves dist/renderer): node --import tsx bench/console-render.ts
 * [--runs 5] [--only chartYear,live]. CONSOLE_BENCH_PROFILE=dir saves a CPU profile of each scenario's first run there
 * (CONSOLE_BENCH_PROFILE_RUN=n: of its n-th);
 * CONSOLE_BENCH_DEBUG=1 prints the pages' requests (start, request sent, first byte, end, bytes). The browser is
 * signed in as the site's admin (its session cookie), as every console page needs a session.
 * The chart figures are split (`… of which`) into where the time went: the request queued in the browser, the
 * site's time from receiving it to the answer's last byte (the site runs in this process: measured here), the
 * answer on its way, parsed, and drawn.
 */
import dc from 'node:diagnostics_channel';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { WebDriver } from 'selenium-webdriver';
import type { Driver as ChromeDriver } from 'selenium-webdriver/chrome.js';
import { headlessChromium } from '../test/support/browser.js';
import { TEST_ADMIN_PASSWORD } from '../test/support/site.js';
import { SESSION_COOKIE } from '../src/shared/auth.js';
import {
  FLEET,
  GATEWAYS,
  YEAR_SENSOR,
  fleetSensor,
  gatewayId,
  startConsoleSite,
  type ConsoleSite,
} from './lib/console-site.js';
import { freshFloor, loadFresh, loadInTab, startFloorPage } from './lib/page-load.js';
import { PROBE, profiled, selfTimes, settle, shown, watchFor } from './lib/console-probe.js';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, only: { type: 'string' } },
});
const RUNS = Number(args.runs);
const PROFILE_DIR = process.env.CONSOLE_BENCH_PROFILE;
/** which run is profiled (CONSOLE_BENCH_PROFILE_RUN, from 1; the first is the coldest) */
const PROFILE_RUN = Number(process.env.CONSOLE_BENCH_PROFILE_RUN ?? 1) - 1;

/** a full page load of `hash` in a new renderer process (lib/page-load.ts), measured from navigation start */
async function load(driver: WebDriver, cs: ConsoleSite, hash: string): Promise<void> {
  await loadFresh(driver, `${cs.base}/#${hash}`);
}

async function count(driver: WebDriver, css: string): Promise<number> {
  return (await driver.executeScript(
    `return document.querySelectorAll(${JSON.stringify(css)}).length`,
  )) as number;
}

async function expectCount(driver: WebDriver, css: string, n: number, what: string): Promise<void> {
  const found = await count(driver, css);
  if (found < n) throw new Error(`${what}: ${found} of ${n} ${css}`);
}

/** every resource the page loaded, with its start and end (ms since navigation start): CONSOLE_BENCH_DEBUG */
async function waterfall(driver: WebDriver, what: string): Promise<void> {
  if (!process.env.CONSOLE_BENCH_DEBUG) return;
  const rows = (await driver.executeScript(
    `return performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, '').slice(0, 70), Math.round(e.startTime), Math.round(e.requestStart), Math.round(e.responseStart), Math.round(e.responseEnd), e.encodedBodySize, e.transferSize])`,
  )) as Array<[string, number, number, number]>;
  console.log(what, rows.map((r) => r.join(' ')).join('\n  '));
  console.log(
    '  the page (fetch start, request sent, first byte, end, DOM interactive, DOM content loaded end):',
    JSON.stringify(
      await driver.executeScript(
        `const n = performance.getEntriesByType('navigation')[0]; return [n.fetchStart, n.requestStart, n.responseStart, n.responseEnd, n.domInteractive, n.domContentLoadedEventEnd].map(Math.round)`,
      ),
    ),
  );
  console.log(
    '  long tasks (start, duration); marks:',
    JSON.stringify(
      await driver.executeScript(
        `return [window.__bench.longtasks.map((l) => [Math.round(l.start), Math.round(l.duration)]), performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]), 'last stroke', Math.round(window.__bench.stroke), 'last change', window.__bench.lastChange, 'long frames (start, duration, render start, style and layout start, scripts)', window.__bench.loafs]`,
      ),
    ),
  );
}

/** what the site did with each request whose URL holds `/series` (it runs in this process): received → answer sent */
const siteSeries: Array<{ url: string; received: number; finished: number }> = [];
dc.subscribe('http.server.request.start', (m) => {
  const req = (m as { request: { url?: string } }).request;
  if (req.url?.includes('/series'))
    siteSeries.push({ url: req.url, received: performance.now(), finished: 0 });
});
dc.subscribe('http.server.response.finish', (m) => {
  const url = (m as { request: { url?: string } }).request.url;
  const r = siteSeries.findLast((x) => x.url === url && x.finished === 0);
  if (r) r.finished = performance.now();
});

/**
 * Where a chart's request → drawn time went, for the requests matching `pattern` started at or after `since`
 * (page ms): queued in the browser (start → request sent), the site (received → answer sent, its longest
 * request), the answer read (first byte → body read), parsed (→ the console's `series-batch:parsed` mark when
 * there is one) and drawn (→ `frame`).
 */
async function split(
  driver: WebDriver,
  since: number,
  pattern: string,
  frame: number,
  siteFrom: number,
  what: string,
): Promise<Record<string, number>> {
  const r = (await driver.executeScript(
    `const [since, pattern] = arguments;
     const res = performance.getEntriesByType('resource').filter((e) => e.startTime >= since && e.name.includes(pattern));
     const parsed = performance.getEntriesByName('series-batch:parsed').filter((e) => e.startTime >= since);
     return {
       start: Math.min(...res.map((e) => e.startTime)),
       sent: Math.max(...res.map((e) => e.requestStart - e.startTime)),
       read: Math.max(...res.map((e) => e.responseEnd)),
       firstByte: Math.max(...res.map((e) => e.responseStart)),
       parsed: parsed.length ? Math.max(...parsed.map((e) => e.startTime)) : null,
     };`,
    since,
    pattern,
  )) as { start: number; sent: number; read: number; firstByte: number; parsed: number | null };
  const site = siteSeries.filter((x) => x.received >= siteFrom && x.finished > 0);
  const out: Record<string, number> = {
    [`${what} … queued in the browser (ms)`]: r.sent,
    [`${what} … site: received → answer sent (ms)`]: Math.max(0, ...site.map((x) => x.finished - x.received)),
    [`${what} … first byte → answer read (ms)`]: r.read - r.firstByte,
  };
  if (r.parsed !== null) out[`${what} … answer read → parsed (ms)`] = r.parsed - r.read;
  out[`${what} … parsed/read → drawn frame (ms)`] = frame - (r.parsed ?? r.read);
  return out;
}

type Scenario = (driver: WebDriver, cs: ConsoleSite) => Promise<Record<string, number>>;

/**
 * CPU time (ms) of the browser (every Chromium process below this one: renderer, GPU, network, browser)
 * and of this process (the site), from /proc: on a shared, loaded machine the wall figures spread 2–4×,
 * the CPU a scenario costs much less (10 ms ticks).
 */
function cpuNow(): { browser: Map<number, number>; site: number } {
  const tick = 10; // USER_HZ 100
  const children = new Map<number, number[]>();
  const stats = new Map<number, { comm: string; cpu: number }>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let st: string;
    try {
      st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = st.lastIndexOf(')');
    const comm = st.slice(st.indexOf('(') + 1, close);
    const f = st.slice(close + 2).split(' ');
    const ppid = Number(f[1]);
    stats.set(Number(d), { comm, cpu: (Number(f[11]) + Number(f[12])) * tick });
    children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
  }
  const browser = new Map<number, number>();
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      if (/chrom/i.test(stats.get(c)?.comm ?? '')) browser.set(c, stats.get(c)!.cpu);
      walk(c);
    }
  };
  walk(process.pid);
  const u = process.cpuUsage();
  return { browser, site: (u.user + u.system) / 1000 };
}

/** CPU the browser's processes spent between two readings (a process started since counts whole; one gone, not) */
function browserCpu(a: Map<number, number>, b: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of b) sum += cpu - (a.get(pid) ?? 0);
  return sum;
}

/** a scenario's figures with the CPU it cost the browser and the site */
async function withCpu(name: string, run: () => Promise<Record<string, number>>) {
  const a = cpuNow();
  const figures = await run();
  const b = cpuNow();
  return {
    ...figures,
    [`${name}: browser CPU (ms)`]: browserCpu(a.browser, b.browser),
    [`${name}: site CPU (ms)`]: Math.round(b.site - a.site),
  };
}

const dashboardTwelve: Scenario = async (driver, cs) => {
  await load(driver, cs, `/dashboards/${cs.dashboards.twelve}`);
  const s = await settle(driver, { since: 0, pattern: '/api/v1/series' });
  await expectCount(driver, '.w-chart .uplot', 6, '12-widget dashboard');
  await expectCount(driver, '[data-testid^="widget-value-"]:not([data-value="—"])', 3, 'value tiles');
  const fcp = (await driver.executeScript(
    `return performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null`,
  )) as number | null;
  await waterfall(driver, `dashboard 12 widgets drawn at ${Math.round(s.frame)}`);
  return {
    'dashboard 12 widgets, 24 h: first paint (ms)': s.frame,
    'first contentful paint (ms)': fcp ?? NaN,
  };
};

const chartFifty: Scenario = async (driver, cs) => {
  const siteFrom = performance.now();
  await load(driver, cs, `/dashboards/${cs.dashboards.fifty}`);
  const s = await settle(driver, { since: 0, pattern: '/api/v1/series' });
  await expectCount(driver, '.w-chart .uplot', 1, '50-sensor chart');
  await waterfall(driver, `50 sensors drawn at ${Math.round(s.frame)}`);
  return {
    'chart 24 h × 50 sensors: request → drawn (ms)': s.frame - s.firstRequest!,
    'of which requests → responses read (ms)': s.lastResponse - s.firstRequest!,
    ...(await split(driver, 0, '/api/v1/series', s.frame, siteFrom, '50 sensors')),
  };
};

/** the same 50 sensors on seven charts of up to 8: what each more chart on a page costs (no target) */
const chartsFifty: Scenario = async (driver, cs) => {
  await load(driver, cs, `/dashboards/${cs.dashboards.fiftyCharts}`);
  const s = await settle(driver, { since: 0, pattern: '/api/v1/series' });
  await expectCount(driver, '.w-chart .uplot', Math.ceil(FLEET / 8), '50 sensors on seven charts');
  await waterfall(driver, `50 sensors on seven charts drawn at ${Math.round(s.frame)}`);
  return { '7 charts, 24 h × 50 sensors: request → drawn (ms)': s.frame - s.firstRequest! };
};

const chartYear: Scenario = async (driver, cs) => {
  await load(driver, cs, `/gateways/${gatewayId(1)}/sensors/${encodeURIComponent(YEAR_SENSOR)}`);
  await settle(driver, { since: 0, pattern: '/series' });
  // the year preset, clicked as a user does (the range picker's fields are selects and a date now)
  const siteFrom = performance.now();
  const at = (await driver.executeScript(
    `document.querySelector('[data-testid="range-1y"]').click(); return performance.now();`,
  )) as number;
  const s = await settle(driver, { since: at - 1, pattern: '/series', strokesOnly: true });
  const urls = (await driver.executeScript(
    `return window.__bench.requests.filter((r) => r.start >= ${at - 1} && r.url.includes('/series')).map((r) => r.url)`,
  )) as string[];
  // a year at about one point per pixel: daily or coarser buckets, never raw
  if (!urls.some((u) => /interval=(1d|\d+h)/.test(u))) throw new Error(`year chart asked ${urls.join(' ')}`);
  if (process.env.CONSOLE_BENCH_DEBUG)
    console.log(
      `year: drawn at ${Math.round(s.frame - at)} after the click; requests (start, request sent, first byte, end):\n  `,
      (
        (await driver.executeScript(
          `return performance.getEntriesByType('resource').filter((e) => e.startTime >= ${at - 1}).map((e) => [e.name.replace(location.origin, '').slice(0, 90), ...[e.startTime, e.requestStart, e.responseStart, e.responseEnd].map((x) => Math.round(x - ${at}))])`,
        )) as unknown[][]
      )
        .map((r) => r.join(' '))
        .join('\n  '),
      '\n  long tasks (start, duration):',
      await driver.executeScript(
        `return window.__bench.longtasks.filter((l) => l.start >= ${at - 1}).map((l) => [Math.round(l.start - ${at}), Math.round(l.duration)])`,
      ),
    );
  return {
    'chart 1 year × 1 sensor: request → drawn (ms)': s.frame - s.firstRequest!,
    'of which request → response read (ms)': s.lastResponse - s.firstRequest!,
    ...(await split(driver, at - 1, '/series', s.frame, siteFrom, '1 year')),
  };
};

const overview: Scenario = async (driver, cs) => {
  // the overview page no longer asks /gateways: its down gateways come in /overview's answer
  const overviewShown = `document.querySelector('.floor-grid')`;
  const floor = await startFloorPage();
  const floorAt = await freshFloor(driver, floor).finally(() => floor.close());
  // back on the site's origin, whose session storage holds the watch
  await driver.get(`${cs.base}/healthz`);
  await watchFor(driver, overviewShown, '/api/v1/overview');
  await load(driver, cs, '/overview');
  const fresh = await shown(driver);
  await waterfall(driver, `overview (a new renderer process) shown at ${Math.round(fresh.at)}`);
  await watchFor(driver, overviewShown, '/api/v1/overview');
  await loadInTab(driver, cs.base, '/overview');
  const inTab = await shown(driver);
  await waterfall(driver, `overview (in the console's tab) shown at ${Math.round(inTab.at)}`);
  // the list draws only the rows in view (it is windowed): shown when it holds every gateway and a row is drawn
  const rows = `document.querySelector('[data-testid="gateway-list"]')?.dataset.count === '${GATEWAYS}' && !!document.querySelector('[data-testid^="gateway-row-"]')`;
  await watchFor(driver, rows, '/gateways');
  await load(driver, cs, '/gateways');
  const g = await shown(driver);
  return {
    'overview, 1 000 gateways: render (ms)': fresh.at,
    'overview: the driver first looked (ms)': fresh.looked,
    "overview in the console's tab: page load (ms)": inTab.at,
    'a one-line page in a new renderer process: first paint (ms)': floorAt,
    'gateway list, 1 000 rows: render (ms)': g.at,
    'overview from the menu: click → rendered (ms)': await fromMenu(driver, '/overview', '.floor-grid'),
  };
};

/**
 * A page opened from the console's menu, as an operator moves between pages (no page load: the console is
 * running): the menu link's click → the first frame showing `css` with every request the page made since
 * the click answered.
 */
async function fromMenu(driver: WebDriver, to: string, css: string): Promise<number> {
  const ms = (await driver.executeAsyncScript(
    `const [to, css, cb] = arguments;
     const link = document.querySelector('nav a[href$="' + to + '"]');
     if (!link) return cb(null);
     const t0 = performance.now();
     link.click();
     const frame = () => {
       const mine = window.__bench.requests.filter((r) => r.start >= t0);
       if (document.querySelector(css) && mine.length > 0 && mine.every((r) => r.end > 0)) cb(performance.now() - t0);
       else if (performance.now() - t0 > 30000) cb(null);
       else requestAnimationFrame(frame);
     };
     requestAnimationFrame(frame);`,
    to,
    css,
  )) as number | null;
  if (ms === null) throw new Error(`${to} from the menu: never shown`);
  return ms;
}

const live: Scenario = async (driver, cs) => {
  await load(driver, cs, `/dashboards/${cs.dashboards.live}`);
  await settle(driver, { since: 0, pattern: '/api/v1/series' });
  await expectCount(driver, '.w-chart .uplot', 10, 'live dashboard');
  const gw = gatewayId(0);
  const client = await cs.t.connect(gw, { username: gw, password: cs.fleetKey });
  await driver.executeScript(
    `window.__bench.longtasks = []; window.__bench.frames = []; window.__bench.loafs = [];`,
  );
  const started = Date.now();
  let sent = 0;
  let last = 0;
  // ten messages a second, each with a new value of every sensor, paced on the clock
  while (Date.now() - started < 20_000) {
    const t = Date.now();
    last = Math.round((20 + (sent % 100) / 10) * 10) / 10;
    const msg: Record<string, number[]> = {};
    for (let i = 0; i < FLEET; i++) msg[fleetSensor(i)] = [t, last];
    await client.publishAsync(`v/a/g/${gw}`, JSON.stringify(msg), { qos: 1 });
    sent++;
    await new Promise((r) => setTimeout(r, Math.max(0, started + sent * 100 - Date.now())));
  }
  await driver.sleep(1000);
  await client.endAsync();
  const r = (await driver.executeScript(`
    const b = window.__bench;
    const gaps = b.frames.slice(1).map((f, i) => f - b.frames[i]).sort((x, y) => x - y);
    return { longest: Math.max(0, ...b.longtasks.map((l) => l.duration)), count: b.longtasks.length,
      p99gap: gaps[Math.floor(gaps.length * 0.99)] ?? NaN,
      shown: document.querySelector('[data-testid="widget-value-w0"]')?.dataset.value ?? null };`)) as {
    longest: number;
    count: number;
    p99gap: number;
    shown: string | null;
  };
  if (!r.shown?.startsWith(String(last))) throw new Error(`live value shown ${r.shown}, last sent ${last}`);
  if (process.env.CONSOLE_BENCH_DEBUG)
    console.log(
      '  live: long frames (start, duration, render start, style and layout start, scripts)',
      JSON.stringify(await driver.executeScript(`return window.__bench.loafs`)),
    );
  return {
    'live 10/s × 50 widgets: longest long task (ms)': r.longest,
    'long tasks (> 50 ms) in 20 s': r.count,
    'frame gap p99 (ms)': r.p99gap,
  };
};

const SCENARIOS: Record<string, Scenario> = {
  dashboardTwelve,
  chartFifty,
  chartsFifty,
  chartYear,
  overview,
  live,
};
const TARGETS: Record<string, number> = {
  'dashboard 12 widgets, 24 h: first paint (ms)': 1000,
  'chart 1 year × 1 sensor: request → drawn (ms)': 100,
  'chart 24 h × 50 sensors: request → drawn (ms)': 100,
  'live 10/s × 50 widgets: longest long task (ms)': 50,
  'overview, 1 000 gateways: render (ms)': 500,
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const t0 = performance.now();
  const cs = await startConsoleSite();
  console.log(
    `site ready: ${cs.historyPoints} points written, 1 000 gateways, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  const driver = await headlessChromium();
  const runs: Record<string, number[]> = {};
  const profiles: Record<string, unknown> = {};
  try {
    await driver.manage().window().setRect({ width: 1440, height: 1000 });
    await driver.manage().setTimeouts({ script: 60_000 });
    await (driver as ChromeDriver).sendAndGetDevToolsCommand('Page.addScriptToEvaluateOnNewDocument', {
      source: PROBE,
    });
    // sign-in is always on: the browser carries the admin's session cookie, as the sign-in page sets it
    // (a cookie can only be set on a page of its origin)
    await driver.get(`${cs.base}/healthz`);
    await driver.manage().addCookie({
      name: SESSION_COOKIE,
      value: await cs.t.login('admin', TEST_ADMIN_PASSWORD),
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
    });
    // a first load warms the HTTP cache and the site's page cache, as a console opened before has
    await load(driver, cs, '/overview');
    await settle(driver, { since: 0, pattern: '/api/v1/' });
    for (const [name, scenario] of Object.entries(SCENARIOS).filter(
      ([n]) => !args.only || args.only.split(',').includes(n),
    ))
      for (let i = 0; i < RUNS; i++) {
        let figures: Record<string, number>;
        if (PROFILE_DIR && i === PROFILE_RUN) {
          const p = await profiled(driver, () => withCpu(name, () => scenario(driver, cs)));
          figures = p.result;
          fs.mkdirSync(PROFILE_DIR, { recursive: true });
          fs.writeFileSync(path.join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(p.profile));
          profiles[name] = selfTimes(p.profile);
        } else figures = await withCpu(name, () => scenario(driver, cs));
        for (const [k, v] of Object.entries(figures)) (runs[k] ??= []).push(v);
        console.log(name, i + 1, JSON.stringify(figures));
      }
  } finally {
    await driver.quit();
    await cs.t.destroy();
  }
  const rows = Object.entries(runs).map(([figure, xs]) => ({
    figure,
    median: Math.round(median(xs) * 10) / 10,
    runs: xs.map((x) => Math.round(x)).join(' '),
    target: TARGETS[figure] === undefined ? '' : `< ${TARGETS[figure]}`,
    met: TARGETS[figure] === undefined ? '' : median(xs) < TARGETS[figure] ? 'yes' : 'NO',
  }));
  console.table(rows);
  if (PROFILE_DIR) for (const [name, top] of Object.entries(profiles)) console.log(name, top);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(import.meta.dirname, 'results', 'console-render.json'),
    `${JSON.stringify({ runs: RUNS, rows, raw: runs, chromium: '/usr/bin/chromium', date: new Date().toISOString() }, null, 2)}\n`,
  );
}

await main();

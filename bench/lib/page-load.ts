/**
 * The two ways the console's pages are loaded in bench/console-render.ts, and what the browser alone costs
 * in the colder one.
 * - In a new renderer process (`loadFresh`): the tab goes to about:blank first, so Chromium starts a new
 *   process for the site. The page pays the process's start and ICU's set-up (its first `Intl`
 *   formatter: the process's locale data and caches), as an operator opening the console in a new tab does.
 * - In the console's tab (`loadInTab`): a new document at a new address (every script evaluated, every
 *   request made again, the assets from the HTTP cache) in the renderer process the site already has, as
 *   a reload or a link to the console from the console.
 * `freshFloor` measures the first: a one-line page whose line is written with `Intl`, served by a server
 * this bench starts, loaded as `loadFresh` loads: navigation start → its first contentful paint.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebDriver } from 'selenium-webdriver';

export async function loadFresh(driver: WebDriver, url: string): Promise<void> {
  await driver.get('about:blank');
  await driver.get(url);
}

let loads = 0;
/** `path` (an address of the console without '#') as a new document in the tab's own process */
export async function loadInTab(driver: WebDriver, base: string, path: string): Promise<void> {
  // a new query each time: the same address would be a reload, which Chromium treats apart (it revalidates)
  await driver.get(`${base}${path}${path.includes('?') ? '&' : '?'}load=${++loads}`);
}

const FLOOR_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>
<body><p id="t"></p><script>document.getElementById('t').textContent =
new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.now());</script></body></html>`;

export interface FloorPage {
  url: string;
  close(): Promise<void>;
}

export async function startFloorPage(): Promise<FloorPage> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FLOOR_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // the browser keeps its connection open, which close() would wait out
        server.closeAllConnections();
      }),
  };
}

/** the floor page loaded in a new renderer process: navigation start → first contentful paint (ms) */
export async function freshFloor(driver: WebDriver, floor: FloorPage): Promise<number> {
  await loadFresh(driver, floor.url);
  const fcp = (await driver.executeAsyncScript(
    `const cb = arguments[0];
     const t0 = performance.now();
     const poll = () => {
       const p = performance.getEntriesByName('first-contentful-paint')[0];
       if (p) cb(p.startTime);
       else if (performance.now() - t0 > 10000) cb(null);
       else setTimeout(poll, 20);
     };
     poll();`,
  )) as number | null;
  if (fcp === null) throw new Error('the floor page was never painted');
  return fcp;
}

/**
 * Whether a request is a browser opening a console page by its address (history routing: `/overview`,
 * `/gateways/abc`): then the server answers with the console's index.html and the console routes it.
 * Only a GET/HEAD that accepts HTML qualifies, so API clients and real gateways (JSON) reach the same
 * paths' API and gateway-facing routes unchanged. The built files (root files with a dot, assets/), the
 * API, the docs and /healthz are never the console.
 */
export function isConsoleNavigation(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (!accept || !accept.includes('text/html')) return false;
  const path = url.split(/[?#]/, 1)[0] ?? '';
  // `/` too, for its <base>: the console moves on to /gateways/… by history routing, and the browser
  // resolves the page's relative links (its favicon) against the address it then shows
  if (/^\/(api|healthz)(\/|$)/.test(path)) return false;
  // the built files are index.html, favicon.svg … at the root and assets/*; ids may hold dots (/gateways/a.b)
  if (path.startsWith('/assets/')) return false;
  const segments = path.split('/').filter(Boolean);
  return !(segments.length === 1 && segments[0]!.includes('.'));
}

/**
 * The console is built with relative asset paths (`./assets/…`, Electron may load it from file://); served
 * for a deep path such as /gateways/abc/sensors/t, they must still resolve from the root.
 */
export function withRootBase(indexHtml: string): string {
  return indexHtml.includes('<base ') ? indexHtml : indexHtml.replace(/<head>/i, '<head><base href="/" />');
}

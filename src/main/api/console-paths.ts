/**
 * Whether a request is a browser opening a console page by its address (history routing: `/overview`,
 * `/gateways/abc`): then the server answers with the console's index.html and the console routes it.
 * Only a GET/HEAD that accepts HTML qualifies, so API clients and real gateways (JSON) reach the same
 * paths' API and gateway-facing routes unchanged. Files (a dot in the last segment), the API, the docs
 * and /healthz are never the console.
 */
export function isConsoleNavigation(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (!accept || !accept.includes('text/html')) return false;
  const path = url.split(/[?#]/, 1)[0] ?? '';
  if (path === '/' || path === '') return false; // fastify-static's index answers it
  if (/^\/(api|healthz)(\/|$)/.test(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * The console is built with relative asset paths (`./assets/…`, Electron may load it from file://); served
 * for a deep path such as /gateways/abc/sensors/t, they must still resolve from the root.
 */
export function withRootBase(indexHtml: string): string {
  return indexHtml.includes('<base ') ? indexHtml : indexHtml.replace(/<head>/i, '<head><base href="/" />');
}

// Pure URL derivation for the API and the live WebSocket.
import { API_PREFIX, LIVE_PATH } from '../../shared/api.js';

export const DEFAULT_FILE_BASE = 'http://127.0.0.1:8080';

interface LocationLike {
  protocol: string;
  host: string;
}

/**
 * The API origin: '' (same origin) when served over http(s); in Electron's file:// mode the preload's
 * `edgeSite.apiBase` when given, else the local site on 127.0.0.1:8080. Never ends with '/'.
 */
export function resolveApiBase(loc: LocationLike, configured?: string | null): string {
  if (loc.protocol === 'http:' || loc.protocol === 'https:') return '';
  return (configured && configured.trim() ? configured.trim() : DEFAULT_FILE_BASE).replace(/\/+$/, '');
}

/** Full URL of an API path such as '/gateways' (prefix added) or '/healthz' (absolute, kept). */
export function apiUrl(base: string, path: string): string {
  const p = path.startsWith('/api/') || path === '/healthz' ? path : `${API_PREFIX}${path}`;
  return `${base}${p}`;
}

/** ws:// or wss:// URL of the live stream, from the API base or (same origin) from the page location. */
export function liveUrl(base: string, loc: LocationLike): string {
  if (base) return base.replace(/^http/, 'ws') + LIVE_PATH;
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${LIVE_PATH}`;
}

/** Path segment encoding for ids in URLs. */
export const seg = (s: string): string => encodeURIComponent(s);

/**
 * The address an old hash-routed link (`/#/gateways/a?x=1`) now has (`/gateways/a?x=1`); null when the
 * hash is not a route (empty, or an in-page anchor).
 */
export function hashRouteToPath(hash: string): string | null {
  if (!hash.startsWith('#/')) return null;
  return hash.slice(1);
}

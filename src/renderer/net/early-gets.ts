// The GETs a console page is known to ask first, sent by boot.ts before the console's script is fetched
// and evaluated (like the session: early-session.ts). Without them a page's requests leave only after
// main's evaluation, the shell's first render and the page's effects (~200 ms on the site PC, bench round
// 22). `request` hands an early answer to every GET of the same path until SHARED_FOR_MS after it came
// (a page's parts mount over a few renders: the shell, then the lazy page), unless a write or a live
// change came meanwhile; nothing else reads them, so a page that asks otherwise only costs the site one
// unused answer. `peekEarly` gives an answer already read to a page's first render, which can then show
// it at once instead of a loading state (bench round 27).
import { apiUrl, resolveApiBase } from '../lib/url.js';

/** how long after it came an early answer is handed out; later asks go to the site */
export const SHARED_FOR_MS = 1000;
/** an early request not answered by then is not waited for either */
const WAIT_FOR_MS = 10_000;

interface Early {
  sent: number;
  /** when the answer came (null: not yet) */
  came: number | null;
  res: Promise<Response>;
  /** the answer's JSON once read (a 2xx answer only; errors go the takers' way, through `request`) */
  read?: { value: unknown };
  /** settles once the answer has been read, or has failed */
  settled: Promise<void>;
}

const early = new Map<string, Early>();

/** GETs `paths` now, with the headers `request` sends */
export function sendEarly(paths: readonly string[]): void {
  // (window.edgeSite: the desktop window's preload; typed in global.d.ts, which the tests do not load)
  const desktop = (window as { edgeSite?: { apiBase?: string } }).edgeSite;
  const base = resolveApiBase(window.location, desktop?.apiBase);
  for (const path of paths) {
    if (early.has(path)) continue;
    const res = fetch(apiUrl(base, path), { headers: { accept: 'application/json' } });
    const e: Early = { sent: performance.now(), came: null, res, settled: Promise.resolve() };
    // a failure is reported to the page's request that takes it, not as an unhandled rejection here
    e.settled = res.then(
      async (r) => {
        e.came = performance.now();
        // read at once, while the console's script is fetched and evaluated (a copy: takers read theirs)
        if (r.ok)
          await r
            .clone()
            .json()
            .then(
              (value: unknown) => void (e.read = { value }),
              () => undefined,
            );
      },
      () => void (e.came = performance.now()),
    );
    early.set(path, e);
  }
}

/** the early GET of `path` (a copy of its answer each time) while it may be handed out, else null */
export function takeEarly(path: string): Promise<Response> | null {
  const e = early.get(path);
  if (!e) return null;
  const now = performance.now();
  if (e.came === null ? now - e.sent > WAIT_FOR_MS : now - e.came > SHARED_FOR_MS) {
    early.delete(path);
    return null;
  }
  // the original body is never read: each taker reads its own copy
  return e.res.then((r) => r.clone());
}

/**
 * The early answer of `path` as `request` would give it (its JSON, shared: not to be changed), when it has
 * come and been read and may still be handed out; else undefined (the page then asks through `request`).
 */
export function peekEarly<T>(path: string): T | undefined {
  const e = early.get(path);
  if (!e?.read || e.came === null || performance.now() - e.came > SHARED_FOR_MS) return undefined;
  return e.read.value as T;
}

/** settles when the early GET of `path` has been read or has failed (at once when it was never sent) */
export function earlyRead(path: string): Promise<void> {
  return early.get(path)?.settled ?? Promise.resolve();
}

/** forgets every early answer: after a write, or a live event that changes lists, they may be out of date */
export function dropEarly(): void {
  early.clear();
}

// The session is asked for before the console's scripts are evaluated (boot.ts), and the user last seen
// signed in is remembered, so a console opened again starts its page (and that page's requests) at once
// instead of after script evaluation → GET /session → first render (issue 15, overview < 500 ms). The
// remembered user is only a guess: the session's answer, or any 401, corrects it (AuthGate).
import type { Role } from '../../shared/auth';
import { apiUrl, resolveApiBase } from '../lib/url';

const HINT_KEY = 'edge-site.signed-in';

let early: Promise<Response> | null = null;

/** GET /session now, with the headers `request` sends (imports nothing heavy: runs first) */
export function startSession(): void {
  const base = resolveApiBase(window.location, window.edgeSite?.apiBase);
  early = fetch(apiUrl(base, '/session'), { headers: { accept: 'application/json' } });
  // read by AuthGate; a failure is handled there, not an unhandled rejection here
  early.catch(() => undefined);
}

/** the request startSession sent, once (a later check asks anew) */
export function takeEarlySession(): Promise<Response> | null {
  const p = early;
  early = null;
  return p;
}

export interface SignedInHint {
  username: string;
  role: Role;
}

export function signedInHint(): SignedInHint | null {
  // the desktop window signs in by itself at each start (AuthGate: desktopSignIn): a guess there would race
  // the 401s of the pages it started with that sign-in
  if (window.edgeSite?.signInToken) return null;
  try {
    const v = JSON.parse(localStorage.getItem(HINT_KEY) ?? 'null') as SignedInHint | null;
    return v && typeof v.username === 'string' && typeof v.role === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function rememberSignedIn(hint: SignedInHint | null): void {
  try {
    if (hint) localStorage.setItem(HINT_KEY, JSON.stringify(hint));
    else localStorage.removeItem(HINT_KEY);
  } catch {
    // storage refused (private mode): the console only starts a little later
  }
}

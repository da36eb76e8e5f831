// Sign-in for the console: the session lives in an HttpOnly cookie the page never sees.
import type { LoginResponse, SessionResponse } from '../../shared/auth';
import { answer, request } from './client';

/** GET /session, or the answer of one already sent (net/early-session.ts) */
export const getSession = (sent?: Promise<Response> | null): Promise<SessionResponse> =>
  sent ? answer<SessionResponse>('/session', sent) : request<SessionResponse>('GET', '/session');
export const login = (username: string, password: string): Promise<LoginResponse> =>
  request<LoginResponse>('POST', '/login', { username, password });
export const setup = (username: string, password: string): Promise<LoginResponse> =>
  request<LoginResponse>('POST', '/setup', { username, password });
export const logout = (): Promise<void> => request<void>('POST', '/logout');

/**
 * The desktop window signs in by itself: the main process hands the preload a one-time token, which
 * the site exchanges for the session cookie. Nothing is stored in the page. false outside the desktop.
 */
export async function desktopSignIn(): Promise<boolean> {
  const token = await window.edgeSite?.signInToken?.();
  if (!token) return false;
  await request<LoginResponse>('POST', '/login/desktop', { token });
  return true;
}

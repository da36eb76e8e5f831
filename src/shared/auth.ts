// Sign-in, roles, API tokens and the audit trail: the contract of /api/v1/login, /session, /users,
// /tokens and /audit (README "Sign-in and roles").

export const ROLES = ['viewer', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** the session cookie the console signs in with (HttpOnly, SameSite=Strict) */
export const SESSION_COOKIE = 'edge_session';

/** does `role` include everything `needed` may do (admin ⊃ technician ⊃ viewer) */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface LoginResponse {
  token: string;
  /** ms since the epoch */
  expiresAt: number;
  role: Role;
  username: string;
}

/** GET /api/v1/session: who is signed in, or that the site has no user yet (first run) */
export type SessionResponse =
  | { setupRequired: true }
  | { setupRequired: false; signedIn: false }
  | {
      setupRequired: false;
      signedIn: true;
      username: string;
      role: Role;
      /** `session` (console, password) or `token` (API token) */
      via: 'session' | 'token';
      expiresAt: number | null;
    };

export interface UserView {
  username: string;
  role: Role;
  createdAt: number;
  updatedAt: number;
}

export interface ApiTokenView {
  id: number;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

export interface AuditEntry {
  id: number;
  ts: number;
  /** a username, `token:<name>`, or null (an unknown caller: failed sign-ins) */
  actor: string | null;
  role: Role | null;
  address: string | null;
  /** login, login.failed, login.limited, logout, setup, user.create, token.create… or `api` */
  action: string;
  method: string | null;
  route: string | null;
  resource: string | null;
  status: number | null;
  detail: string | null;
}

// Users, API tokens and the audit trail (admin only): the console side of /users, /tokens, /audit.
import type { ApiTokenView, AuditEntry, Role, UserView } from '../../shared/auth';
import { seg } from '../lib/url';
import { request } from './client';

interface List<T> {
  data: T[];
  _meta: { count: number; before?: number };
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: number;
  to?: number;
  before?: number;
  limit?: number;
}

export interface IssuedToken extends ApiTokenView {
  token: string;
}

function auditQuery(f: AuditFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const accessApi = {
  users: (signal?: AbortSignal) => request<List<UserView>>('GET', '/users', undefined, signal),
  createUser: (username: string, password: string, role: Role) =>
    request<UserView>('POST', '/users', { username, password, role }),
  updateUser: (name: string, change: { role?: Role; password?: string }) =>
    request<UserView>('PUT', `/users/${seg(name)}`, change),
  deleteUser: (name: string) => request<void>('DELETE', `/users/${seg(name)}`),
  tokens: (signal?: AbortSignal) => request<List<ApiTokenView>>('GET', '/tokens', undefined, signal),
  createToken: (name: string, role: Role) => request<IssuedToken>('POST', '/tokens', { name, role }),
  revokeToken: (id: number) => request<void>('DELETE', `/tokens/${id}`),
  audit: (f: AuditFilter, signal?: AbortSignal) =>
    request<List<AuditEntry>>('GET', `/audit${auditQuery(f)}`, undefined, signal),
};

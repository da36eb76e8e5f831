import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../shared/api.js';
import { SESSION_COOKIE, roleAtLeast, type Role } from '../../shared/auth.js';
import type { Auth, Principal } from '../auth/index.js';
import { ServiceError } from '../errors.js';
import { SiteHosts, hostOnly } from './hosts.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the least role that may call the route (default: viewer for GET/HEAD, technician otherwise) */
    minRole?: Role;
    /** callable without signing in (sign-in, first-run setup, the session probe) */
    public?: boolean;
    /** the gateway-facing Thing+ REST: APIKEY-checked by its own routes, no Host check */
    gatewayRest?: boolean;
    /** the route writes its own audit entries (sign-in, users, tokens) */
    selfAudited?: boolean;
  }
  interface FastifyRequest {
    /** who the request acts as (set by the guard for /api/v1 routes), null when nobody signed in */
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The web side of sign-in, as hooks on the console/API server: the Host check (DNS rebinding), the
 * cross-site checks (Origin; CSRF for cookie sessions), the sign-in and role check of every /api/v1
 * route and the live WebSocket, and the audit entry of every successful write.
 */
export async function installGuard(
  app: FastifyInstance,
  auth: Auth,
  allowedHosts: readonly string[],
): Promise<void> {
  const hosts = new SiteHosts(allowedHosts);
  await app.register(fastifyCookie);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    if (config.gatewayRest || req.url === '/healthz') return;
    if (!hosts.allows(req.headers.host))
      throw new ServiceError(
        'ES_BAD_HOST',
        `Host "${req.headers.host ?? ''}" is not a name of this site; open it by its address or add the name to http.allowedHosts`,
      );
    if (!req.url.startsWith(`${API_PREFIX}/`)) return;
    checkCrossSite(req);
    if (config.public) {
      req.principal = principalOf(req, auth).principal;
      return;
    }
    const { principal, viaCookie } = principalOf(req, auth);
    if (!principal)
      throw new ServiceError('ES_UNAUTHORIZED', 'sign in (or send Authorization: Bearer <token>)');
    if (viaCookie && !SAFE_METHODS.has(req.method) && !sameOriginProof(req))
      throw new ServiceError(
        'ES_CROSS_SITE',
        'a write with the session cookie needs the Origin header of this site',
      );
    const needed = config.minRole ?? (SAFE_METHODS.has(req.method) ? 'viewer' : 'technician');
    if (!roleAtLeast(principal.role, needed))
      throw new ServiceError(
        'ES_FORBIDDEN',
        `this needs the ${needed} role; ${principal.name} is ${principal.role}`,
      );
    req.principal = principal;
  });
  app.addHook('onResponse', async (req, reply) => auditWrite(req, reply, auth));
}

function principalOf(req: FastifyRequest, auth: Auth): { principal: Principal | null; viaCookie: boolean } {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return { principal: match ? auth.authenticate(match[1]!) : null, viaCookie: false };
  }
  const cookie = req.cookies[SESSION_COOKIE];
  return { principal: cookie ? auth.authenticate(cookie) : null, viaCookie: true };
}

/**
 * A browser names the page a write (or a WebSocket) comes from in Origin, and a page of another site
 * cannot forge it: a foreign Origin is refused whatever the credentials (login CSRF, cross-site
 * WebSocket hijacking). Requests without Origin (curl, scripts) pass here; cookie writes need one.
 */
function checkCrossSite(req: FastifyRequest): void {
  const isUpgrade = req.headers.upgrade?.toLowerCase() === 'websocket';
  if (SAFE_METHODS.has(req.method) && !isUpgrade) return;
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host))
    throw new ServiceError('ES_CROSS_SITE', `a request from ${origin} (another site) is refused`);
  if (req.headers['sec-fetch-site'] === 'cross-site')
    throw new ServiceError('ES_CROSS_SITE', 'a request from another site is refused');
}

function sameOriginProof(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && sameOrigin(origin, req.headers.host);
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host || origin === 'null') return false;
  try {
    const url = new URL(origin);
    return (
      hostOnly(url.host) === hostOnly(host) && portOf(url) === portOf(new URL(`${url.protocol}//${host}`))
    );
  } catch {
    return false;
  }
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function auditWrite(req: FastifyRequest, reply: FastifyReply, auth: Auth): void {
  const principal = req.principal;
  if (!principal || SAFE_METHODS.has(req.method) || reply.statusCode >= 400) return;
  if (req.routeOptions.config.selfAudited || !req.url.startsWith(`${API_PREFIX}/`)) return;
  const params = req.params as Record<string, unknown> | undefined;
  const resource = params && Object.keys(params).length > 0 ? Object.values(params).join('/') : null;
  auth.audit.record({
    actor: principal.name,
    role: principal.role,
    address: req.ip,
    action: 'api',
    method: req.method,
    route: req.routeOptions.url ?? req.url.split('?')[0]!,
    resource,
    status: reply.statusCode,
    detail: null,
  });
}

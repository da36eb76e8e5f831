import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type LoginResponse, type SessionResponse } from '../../../shared/auth.js';
import { RateLimitedError } from '../../auth/index.js';
import { ServiceError } from '../../errors.js';
import type { RoutePlugin } from './schemas.js';

const Credentials = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const OneTime = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** the console's session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it) */
function setSessionCookie(req: FastifyRequest, reply: FastifyReply, login: LoginResponse): void {
  void reply.setCookie(SESSION_COOKIE, login.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    path: '/',
    expires: new Date(login.expiresAt),
  });
}

/** Sign-in (tag `auth`): login/logout, the session probe, first-run setup, the desktop window's exchange. */
export const authRoutes: RoutePlugin = async (app, { ctx }) => {
  const { auth } = ctx;
  const publicRoute = { public: true, selfAudited: true } as const;

  app.post(
    '/login',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'Sign in: {token, expiresAt, role, username} and the session cookie; 429 after 5 failures',
        body: Credentials,
      },
    },
    async (req, reply) => {
      try {
        const login = await auth.login(req.body.username, req.body.password, req.ip);
        setSessionCookie(req, reply, login);
        return login;
      } catch (err) {
        if (err instanceof RateLimitedError) void reply.header('retry-after', String(err.retryAfterSeconds));
        throw err;
      }
    },
  );
  app.post(
    '/logout',
    { config: publicRoute, schema: { tags: ['auth'], summary: 'End this session (cookie or bearer)' } },
    async (req, reply) => {
      const bearer = /^Bearer\s+(ess_\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const secret = bearer ?? req.cookies[SESSION_COOKIE];
      if (secret) auth.logout(secret);
      if (req.principal)
        auth.audit.record({
          actor: req.principal.name,
          role: req.principal.role,
          address: req.ip,
          action: 'logout',
          method: null,
          route: null,
          resource: req.principal.name,
          status: null,
          detail: null,
        });
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
  app.get(
    '/session',
    {
      config: publicRoute,
      schema: { tags: ['auth'], summary: 'Who is signed in; {setupRequired:true} before the first user' },
    },
    async (req): Promise<SessionResponse> => {
      if (auth.setupRequired()) return { setupRequired: true };
      const p = req.principal;
      if (!p) return { setupRequired: false, signedIn: false };
      return {
        setupRequired: false,
        signedIn: true,
        username: p.name,
        role: p.role,
        via: p.via,
        expiresAt: p.expiresAt,
      };
    },
  );
  app.post(
    '/setup',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'First run: create the admin (only while no user exists; 409 after) and sign in',
        body: Credentials,
      },
    },
    async (req, reply) => {
      await auth.setup(req.body.username, req.body.password, req.ip);
      const login = await auth.login(req.body.username, req.body.password, req.ip);
      setSessionCookie(req, reply, login);
      return reply.status(201).send(login);
    },
  );
  app.post(
    '/login/desktop',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'The desktop window: a one-time token from the main process → a session cookie',
        body: OneTime,
      },
    },
    async (req, reply) => {
      const login = auth.exchangeOneTime(req.body.token, req.ip);
      if (!login) throw new ServiceError('ES_UNAUTHORIZED', 'unknown, used or expired one-time token');
      setSessionCookie(req, reply, login);
      return login;
    },
  );
};

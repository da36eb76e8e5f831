import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../shared/auth.js';
import { MIN_PASSWORD, USERNAME_PATTERN, type Principal } from '../../auth/index.js';
import { IdParams, type RoutePlugin } from './schemas.js';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Password = Type.String({ minLength: MIN_PASSWORD, maxLength: 1024 });
const NewUser = Type.Object(
  { username: Type.String({ pattern: USERNAME_PATTERN }), password: Password, role: RoleSchema },
  { additionalProperties: false },
);
const UserChange = Type.Object(
  { password: Type.Optional(Password), role: Type.Optional(RoleSchema) },
  { additionalProperties: false, minProperties: 1 },
);
const NameParams = Type.Object({ name: Type.String({ minLength: 1 }) });
const NewToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: RoleSchema,
    /** ms since the epoch; absent = until revoked */
    expiresAt: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ minLength: 1 })),
  action: Type.Optional(Type.String({ minLength: 1 })),
  from: Type.Optional(Type.Integer({ minimum: 0 })),
  to: Type.Optional(Type.Integer({ minimum: 0 })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

const admin = { minRole: 'admin', selfAudited: true } as const;

/** Users, API tokens and the audit trail (tag `access`): admins only. */
export const userRoutes: RoutePlugin = async (app, { ctx }) => {
  const { auth } = ctx;
  // the guard set it: every route here needs a signed-in admin
  const who = (p: Principal | null): Principal => p!;

  app.get('/users', { config: admin, schema: { tags: ['access'], summary: 'Users and roles' } }, async () => {
    const data = auth.listUsers();
    return { data, _meta: { count: data.length } };
  });
  app.post(
    '/users',
    {
      config: admin,
      schema: { tags: ['access'], summary: 'Add a user {username, password, role}', body: NewUser },
    },
    async (req, reply) => {
      const { username, password, role } = req.body;
      return reply
        .status(201)
        .send(await auth.createUser(username, password, role, who(req.principal), req.ip));
    },
  );
  app.get(
    '/users/:name',
    { config: admin, schema: { tags: ['access'], summary: 'One user', params: NameParams } },
    async (req) => auth.getUser(req.params.name),
  );
  app.put(
    '/users/:name',
    {
      config: admin,
      schema: {
        tags: ['access'],
        summary: 'Change role and/or password (ends the user’s sessions); the last admin stays admin',
        params: NameParams,
        body: UserChange,
      },
    },
    async (req) => auth.updateUser(req.params.name, req.body, who(req.principal), req.ip),
  );
  app.delete(
    '/users/:name',
    {
      config: admin,
      schema: { tags: ['access'], summary: 'Delete a user (not the last admin)', params: NameParams },
    },
    async (req, reply) => {
      auth.deleteUser(req.params.name, who(req.principal), req.ip);
      return reply.status(204).send();
    },
  );

  app.get(
    '/tokens',
    { config: admin, schema: { tags: ['access'], summary: 'API tokens (never the secret)' } },
    async () => {
      const data = auth.listTokens();
      return { data, _meta: { count: data.length } };
    },
  );
  app.post(
    '/tokens',
    {
      config: admin,
      schema: {
        tags: ['access'],
        summary: 'Issue an API token {name, role, expiresAt?}: the secret is shown once',
        body: NewToken,
      },
    },
    async (req, reply) => reply.status(201).send(auth.createToken(req.body, who(req.principal), req.ip)),
  );
  app.delete(
    '/tokens/:id',
    { config: admin, schema: { tags: ['access'], summary: 'Revoke an API token', params: IdParams } },
    async (req, reply) => {
      auth.revokeToken(req.params.id, who(req.principal), req.ip);
      return reply.status(204).send();
    },
  );

  app.get(
    '/audit',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['access'],
        summary:
          'Audit trail, newest first: actor, action (or prefix ending in "."), from/to (ms), before (id), limit',
        querystring: AuditQuery,
      },
    },
    async (req) => {
      const data = auth.audit.list(req.query);
      const last = data.at(-1);
      return { data, _meta: { count: data.length, ...(last ? { before: last.id } : {}) } };
    },
  );
};

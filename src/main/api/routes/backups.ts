import { createReadStream } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { checked } from './rules.js';
import type { RoutePlugin } from './schemas.js';

const CreateBody = Type.Object(
  {
    /** encrypts the backup (AES-256-GCM, key from scrypt); it is needed again to restore */
    passphrase: Type.Optional(Type.String({ minLength: 8, maxLength: 1024 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/**
 * Backups (tag `backups`): make one now, list them, download one. Restoring is done with the site
 * stopped (`edge-site restore`), never through a running site's API.
 */
export const backupRoutes: RoutePlugin = async (app, { ctx }) => {
  const { backups } = ctx;
  app.post(
    '/backups',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['backups'],
        summary: 'Make a backup now (both databases, config, TLS material); answers when it is written',
      },
    },
    async (req, reply) => {
      // the body is optional (`curl -X POST …/backups` makes a plain backup), so it is checked here
      const body = req.body === undefined || req.body === null ? {} : checked(CreateBody, req.body);
      return reply.status(201).send(await backups.create({ passphrase: body.passphrase }));
    },
  );
  app.get(
    '/backups',
    { config: { minRole: 'admin' }, schema: { tags: ['backups'], summary: 'The backups, newest first' } },
    async () => ({
      data: await backups.list(),
      _meta: { dir: backups.dir, busy: backups.busy, lastError: backups.lastError },
    }),
  );
  app.get(
    '/backups/:id/download',
    // a backup holds everything, password hashes included: admins only
    {
      config: { minRole: 'admin' },
      schema: { tags: ['backups'], summary: 'One backup file', params: IdParams },
    },
    async (req, reply) => {
      const file = await backups.file(req.params.id);
      void reply.header('Content-Type', 'application/octet-stream');
      void reply.header('Content-Disposition', `attachment; filename="${req.params.id}"`);
      return reply.send(createReadStream(file));
    },
  );
};

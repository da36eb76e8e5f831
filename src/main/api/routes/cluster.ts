import { Type } from '@sinclair/typebox';
import { ConfigConflictError } from '../../cluster/index.js';
import { ConfigError, validateSharedConfig } from '../../config/config.js';
import { ServiceError, badRequest } from '../../errors.js';
import { clusterView } from '../../site-address/view.js';
import type { RoutePlugin } from './schemas.js';

/** The cluster: election state and the shared site config (tag `cluster`). */
export const clusterRoutes: RoutePlugin = async (app, { ctx }) => {
  const { coordinator } = ctx;

  app.get(
    '/cluster',
    { schema: { tags: ['cluster'], summary: 'Election state, nodes, votes, history, shared config' } },
    async () => clusterView(ctx),
  );
  app.put(
    '/cluster/config',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['cluster'],
        summary: 'Replace the shared site config (applies live on every node)',
        body: Type.Record(Type.String(), Type.Unknown()),
      },
    },
    async (req) => {
      try {
        validateSharedConfig(req.body);
        await coordinator.setConfig(req.body);
      } catch (err) {
        if (err instanceof ConfigError) throw badRequest(err.message);
        if (err instanceof ConfigConflictError) throw new ServiceError('ES_CONFLICT', err.message);
        throw err;
      }
      return coordinator.getConfig();
    },
  );
};

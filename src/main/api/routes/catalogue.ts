import type { RoutePlugin } from './schemas.js';

/** The Thing+ catalogue the console picks from (tag `catalogue`); gateways read theirs at the root. */
export const catalogueRoutes: RoutePlugin = async (app, { ctx }) => {
  const { registry } = ctx;
  app.get(
    '/gatewayModels',
    { schema: { tags: ['catalogue'] } },
    async () => registry.catalogue.gatewayModels,
  );
  app.get('/sensorTypes', { schema: { tags: ['catalogue'] } }, async () => registry.catalogue.sensorTypes);
};

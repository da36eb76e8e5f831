import type { RoutePlugin } from './schemas.js';

/** The site as a whole (tag `site`); /healthz lives in server.ts (both listeners answer it). */
export const siteRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/overview',
    { schema: { tags: ['site'], summary: 'Site overview: gateways, ingest rates, errors' } },
    async () => ctx.overview(),
  );
};

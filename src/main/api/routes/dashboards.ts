import { Type } from '@sinclair/typebox';
import type { DashboardList } from '../../../shared/dashboards.js';
import { IdParams, type RoutePlugin } from './schemas.js';

// Bodies are checked field by field by the dashboards service (dashboards/validate.ts), so a 400 names
// the field (`widgets[2].w …`) rather than a JSON-schema path.
const DashboardBody = Type.Unknown({
  description: '{name, widgets: [{id, kind, x, y, w, h, title?, sensors, options}]}',
});
const ImportBody = Type.Unknown({
  description:
    'A file from GET /dashboards/{id}/export ({format, version, dashboard}) or a bare {name, widgets}',
});

/** Dashboards (tag `dashboards`): the console's widget grids, stored in the site. */
export const dashboardRoutes: RoutePlugin = async (app, { ctx }) => {
  const { dashboards } = ctx;
  const tags = ['dashboards'];

  app.get(
    '/dashboards',
    { schema: { tags, summary: 'Every stored dashboard, oldest first' } },
    async (): Promise<DashboardList> => {
      const data = dashboards.list();
      return { data, _meta: { count: data.length } };
    },
  );
  app.get(
    '/dashboards/default',
    {
      schema: {
        tags,
        summary: 'A dashboard made from the registered sensors (not stored): what a new site shows',
      },
    },
    async () => dashboards.generated(),
  );
  app.post(
    '/dashboards',
    { schema: { tags, summary: 'Create a dashboard', body: DashboardBody } },
    async (req, reply) => reply.status(201).send(dashboards.create(req.body)),
  );
  app.post(
    '/dashboards/import',
    { schema: { tags, summary: 'Create a dashboard from an exported file', body: ImportBody } },
    async (req, reply) => reply.status(201).send(dashboards.import(req.body)),
  );
  app.get('/dashboards/:id', { schema: { tags, params: IdParams } }, async (req) =>
    dashboards.get(req.params.id),
  );
  app.get(
    '/dashboards/:id/export',
    { schema: { tags, summary: 'The dashboard as a JSON file to import elsewhere', params: IdParams } },
    async (req, reply) => {
      const file = dashboards.export(req.params.id);
      const name =
        file.dashboard.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'dashboard';
      return reply.header('content-disposition', `attachment; filename="dashboard-${name}.json"`).send(file);
    },
  );
  app.put(
    '/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'Replace a dashboard (name and widgets)',
        params: IdParams,
        body: DashboardBody,
      },
    },
    async (req) => dashboards.update(req.params.id, req.body),
  );
  app.delete('/dashboards/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    dashboards.delete(req.params.id);
    return reply.status(204).send();
  });
};

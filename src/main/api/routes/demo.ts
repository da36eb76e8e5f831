import { Type } from '@sinclair/typebox';
import type { DemoRemoved, DemoStatus } from '../../../shared/demo.js';
import type { RoutePlugin } from './schemas.js';

const DemoStart = Type.Object(
  {
    speed: Type.Optional(Type.Number({ minimum: 1, maximum: 100 })),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

/**
 * The demo site (tag `demo`, README "Demo"): whether it runs, start it, remove everything it made.
 * Starting answers once the simulated gateways are connected, their past week is stored and the
 * preset rules are saved (a few seconds).
 */
export const demoRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/demo',
    { schema: { tags: ['demo'], summary: '{running, gateways, sensors, startedAt}' } },
    async (): Promise<DemoStatus> => ctx.demo.status(),
  );
  app.post(
    '/demo',
    {
      schema: {
        tags: ['demo'],
        summary: 'Start the demo factory (409 ES_DEMO_RUNNING while it runs)',
        body: Type.Optional(DemoStart),
      },
    },
    async (req, reply) => reply.status(201).send(await ctx.demo.start(req.body ?? {})),
  );
  app.delete(
    '/demo',
    {
      schema: {
        tags: ['demo'],
        summary: 'Remove every demo gateway, sensor, value, rule, alarm and timeline entry (nothing else)',
      },
    },
    async (): Promise<DemoRemoved> => ctx.demo.remove(),
  );
};

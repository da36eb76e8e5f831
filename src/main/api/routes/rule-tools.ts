import { Type } from '@sinclair/typebox';
import type { RuleInput } from '../../../shared/api.js';
import { badRequest } from '../../errors.js';
import { toThingPlus, type HistorySource } from '../../rules/index.js';
import type { SeriesStore } from '../../series/types.js';
import { ruleInput } from './rules.js';
import { IdParams, type RoutePlugin } from './schemas.js';

/** rules one import may hold */
export const MAX_IMPORT_RULES = 2000;

const Time = Type.Union([Type.Integer(), Type.String({ format: 'date-time' })], {
  description: 'ms since the epoch or an ISO 8601 time',
});
const TestBody = Type.Object(
  {
    rule: Type.Unknown({ description: 'a rule in either shape (not saved)' }),
    from: Time,
    to: Time,
  },
  { additionalProperties: false },
);
const ImportBody = Type.Object(
  { rules: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_IMPORT_RULES }) },
  { additionalProperties: false },
);

/**
 * The rule tools (tag `rules`): test against history before activating, the evaluation history
 * ("why did it (not) fire"), and import / export of many rules as one Thing+ JSON file.
 */
export const ruleToolRoutes: RoutePlugin = async (app, { ctx }) => {
  const { rules, registry } = ctx;
  const history = historyOf(ctx.series);

  app.post(
    '/rules/test',
    {
      schema: {
        tags: ['rules'],
        summary: 'When a rule would have fired and cleared over stored values (nothing is saved)',
        body: TestBody,
      },
    },
    async (req) => {
      const from = toMs(req.body.from);
      const to = toMs(req.body.to);
      return rules.test(ruleInput(req.body.rule), from, to, history);
    },
  );
  app.get(
    '/rules/:id/evaluations',
    { schema: { tags: ['rules'], summary: "The rule's last evaluations, newest first", params: IdParams } },
    async (req) => ({ data: rules.evaluations(req.params.id) }),
  );
  app.get(
    '/rules/export',
    { schema: { tags: ['rules'], summary: 'Every rule in the Thing+ shape, as one JSON file' } },
    async (_req, reply) => {
      const all = rules.list().map((r) => toThingPlus(r, registry.findSensor(r.gatewayId, r.sensorId)?.type));
      void reply.header('Content-Disposition', 'attachment; filename="edge-site-rules.json"');
      return { rules: all };
    },
  );
  app.post(
    '/rules/import',
    {
      schema: {
        tags: ['rules'],
        summary: 'Create many rules (either shape) at once: all or none',
        body: ImportBody,
      },
    },
    async (req, reply) => {
      const inputs: RuleInput[] = req.body.rules.map((body, i) => {
        try {
          const { id: _id, ctime: _c, mtime: _m, ...rest } = body as Record<string, unknown>;
          return ruleInput(rest);
        } catch (err) {
          throw badRequest(`rules[${i}]: ${(err as Error).message}`, [`rules[${i}]`]);
        }
      });
      return reply.status(201).send({ data: rules.importMany(inputs) });
    },
  );
};

function toMs(t: number | string): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

function historyOf(series: SeriesStore): HistorySource {
  return {
    points: (gatewayId, sensorId, from, to, limit) => series.query({ gatewayId, sensorId, from, to, limit }),
    thinnedBefore: (gatewayId, sensorId) => series.thinnedRange(gatewayId, sensorId)?.before ?? null,
  };
}

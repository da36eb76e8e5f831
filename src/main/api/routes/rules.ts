import { Type } from '@sinclair/typebox';
import { SEVERITIES } from '../../../shared/api.js';
import { IdParams, type RoutePlugin } from './schemas.js';

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const RuleAction = Type.Object({
  agent: Type.Union(['timeline', 'dataPush', 'mqtt', 'actuator'].map((a) => Type.Literal(a))),
  method: Type.Object({
    id: Type.Union(['add', 'push', 'publish', 'controlActuator'].map((m) => Type.Literal(m))),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    desc: Type.Optional(Type.String({ maxLength: 2000 })),
    severity: Severity,
    status: Type.Optional(Type.Union([Type.Literal('activated'), Type.Literal('deactivated')])),
    gatewayId: Type.String({ minLength: 1 }),
    sensorId: Type.String({ minLength: 1 }),
    method: Type.Union([Type.Literal('over'), Type.Literal('under')]),
    threshold: Type.Number(),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    deadband: Type.Optional(Type.Number({ minimum: 0 })),
    latched: Type.Optional(Type.Boolean()),
    // checked field by field by the rules service (actions/validate.ts), so messages name the field
    actions: Type.Optional(Type.Array(RuleAction, { maxItems: 5 })),
  },
  { additionalProperties: false },
);

/** Threshold rules (tag `rules`). */
export const ruleRoutes: RoutePlugin = async (app, { ctx }) => {
  const { rules } = ctx;

  app.get('/rules', { schema: { tags: ['rules'] } }, async () => rules.list());
  app.get('/rules/:id', { schema: { tags: ['rules'], params: IdParams } }, async (req) =>
    rules.get(req.params.id),
  );
  app.post(
    '/rules',
    { schema: { tags: ['rules'], summary: 'Create a threshold rule', body: RuleBody } },
    async (req, reply) => {
      const rule = rules.create({ desc: '', status: 'activated', ...req.body });
      return reply.status(201).send(rule);
    },
  );
  app.put(
    '/rules/:id',
    { schema: { tags: ['rules'], params: IdParams, body: Type.Partial(RuleBody) } },
    async (req) => rules.update(req.params.id, req.body),
  );
  app.get(
    '/rules/:id/actionResults',
    { schema: { tags: ['rules'], summary: "The rule's last action runs, newest first", params: IdParams } },
    async (req) => {
      rules.get(req.params.id);
      return { data: ctx.actions.results(req.params.id) };
    },
  );
  app.delete('/rules/:id', { schema: { tags: ['rules'], params: IdParams } }, async (req, reply) => {
    rules.delete(req.params.id);
    return reply.status(204).send();
  });
};

import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SEVERITIES, type RuleInput } from '../../../shared/api.js';
import type { Rule } from '../../../shared/model.js';
import { badRequest } from '../../errors.js';
import { fromThingPlus, isThingPlusShape, toThingPlus, type ThingPlusRule } from '../../rules/index.js';
import { IdParams, type RoutePlugin } from './schemas.js';

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const RuleAction = Type.Object({
  agent: Type.Union([
    Type.Literal('timeline'),
    Type.Literal('dataPush'),
    Type.Literal('mqtt'),
    Type.Literal('actuator'),
    Type.Literal('email'),
  ]),
  method: Type.Object({
    id: Type.Union([
      Type.Literal('add'),
      Type.Literal('push'),
      Type.Literal('publish'),
      Type.Literal('controlActuator'),
      Type.Literal('send'),
    ]),
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
    holdSeconds: Type.Optional(Type.Number({ minimum: 0 })),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    // checked field by field by the rules service (actions/validate.ts), so messages name the field
    actions: Type.Optional(Type.Array(RuleAction, { maxItems: 5 })),
  },
  { additionalProperties: false },
);

/** A body is either the site's own rule shape or the Thing+ shape (protocol §9): told apart by `trigger`. */
const AnyRuleBody = Type.Unknown({
  description: 'The site rule shape (gatewayId, sensorId, method, threshold…) or the Thing+ shape (trigger…)',
});
const FormatQuery = Type.Object({ format: Type.Optional(Type.Literal('thingplus')) });

/** Rules (tag `rules`), in the site's shape or, with `?format=thingplus` or a Thing+ body, in Thing+'s. */
export const ruleRoutes: RoutePlugin = async (app, { ctx }) => {
  const { rules, registry } = ctx;
  const shape = (rule: Rule, thingplus: boolean): Rule | ThingPlusRule =>
    thingplus ? toThingPlus(rule, registry.findSensor(rule.gatewayId, rule.sensorId)?.type) : rule;

  app.get('/rules', { schema: { tags: ['rules'], querystring: FormatQuery } }, async (req) =>
    rules.list().map((r) => shape(r, req.query.format === 'thingplus')),
  );
  app.get(
    '/rules/:id',
    { schema: { tags: ['rules'], params: IdParams, querystring: FormatQuery } },
    async (req) => shape(rules.get(req.params.id), req.query.format === 'thingplus'),
  );
  app.post(
    '/rules',
    { schema: { tags: ['rules'], summary: 'Create a rule', body: AnyRuleBody, querystring: FormatQuery } },
    async (req, reply) => {
      const thingplus = isThingPlusShape(req.body);
      const input = thingplus ? fromThingPlus(req.body) : checked(RuleBody, req.body);
      const rule = rules.create({ desc: '', status: 'activated', ...input });
      return reply.status(201).send(shape(rule, thingplus || req.query.format === 'thingplus'));
    },
  );
  app.put(
    '/rules/:id',
    { schema: { tags: ['rules'], params: IdParams, body: AnyRuleBody, querystring: FormatQuery } },
    async (req) => {
      const thingplus = isThingPlusShape(req.body);
      // a Thing+ rule is a whole rule: what it leaves out goes back to its default
      const patch = thingplus
        ? { ...RESET_EXTRAS, ...fromThingPlus(req.body) }
        : checked(Type.Partial(RuleBody), req.body);
      return shape(rules.update(req.params.id, patch), thingplus || req.query.format === 'thingplus');
    },
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

const RESET_EXTRAS: Partial<RuleInput> = { deadband: 0, holdSeconds: 0, latched: false, actions: undefined };

/**
 * The body against the site's rule schema, as fastify's own validation treats bodies (types coerced,
 * unknown properties dropped), so clients of the schema-checked route see no change; the first problem
 * is named by its path.
 */
function checked<T extends TSchema>(schema: T, raw: unknown): Static<T> {
  const body = Value.Clean(schema, Value.Convert(schema, structuredClone(raw)));
  if (Value.Check(schema, body)) return body;
  const [first] = [...Value.Errors(schema, body)];
  const path = first?.path ? `body${first.path.replaceAll('/', '.')}` : 'body';
  throw badRequest(`${path} ${first?.message ?? 'is invalid'}`, [path]);
}

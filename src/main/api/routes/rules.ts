import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SEVERITIES, type RuleInput } from '../../../shared/api.js';
import type { Rule } from '../../../shared/model.js';
import { badRequest } from '../../errors.js';
import { fromThingPlus, isThingPlusShape, toThingPlus, type ThingPlusRule } from '../../rules/index.js';
import { IdParams, type RoutePlugin } from './schemas.js';

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
/** a union of string literals, typed as such (TypeBox infers plain strings from a mapped list) */
const literals = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<Array<TLiteral<T[number]>>>;
const RuleAction = Type.Object({
  agent: literals(['timeline', 'dataPush', 'mqtt', 'actuator', 'email']),
  method: Type.Object({
    id: literals(['add', 'push', 'publish', 'controlActuator', 'send']),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
const Scalar = Type.Union([Type.Number(), Type.String({ maxLength: 200 })]);
export const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    desc: Type.Optional(Type.String({ maxLength: 2000 })),
    severity: Severity,
    status: Type.Optional(Type.Union([Type.Literal('activated'), Type.Literal('deactivated')])),
    agent: Type.Optional(literals(['sensorValue', 'gatewayStatus', 'sensorStatus', 'schedule'])),
    gatewayId: Type.String(),
    sensorId: Type.Optional(Type.String()),
    sensorIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 100 })),
    sensorType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    method: literals([
      'over',
      'under',
      'inRange',
      'outOfRange',
      'changed',
      'rate',
      'noData',
      'status',
      'cron',
    ]),
    threshold: Type.Optional(Type.Number()),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    from: Type.Optional(Scalar),
    to: Type.Optional(Scalar),
    windowSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    statuses: Type.Optional(
      Type.Array(literals(['on', 'off', 'err', 'expired']), { minItems: 1, maxItems: 4 }),
    ),
    cron: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    // checked one by one by the rules service (rules/validate.ts), so messages name the field
    conditions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 5 })),
    throttleSeconds: Type.Optional(Type.Number({ minimum: 0 })),
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
      const rule = rules.create(ruleInput(req.body));
      return reply.status(201).send(shape(rule, thingplus || req.query.format === 'thingplus'));
    },
  );
  app.put(
    '/rules/:id',
    { schema: { tags: ['rules'], params: IdParams, body: AnyRuleBody, querystring: FormatQuery } },
    async (req) => {
      const thingplus = isThingPlusShape(req.body);
      // a Thing+ rule is a whole rule: what it leaves out goes back to its default
      const patch = thingplus ? { ...RESET_EXTRAS, ...fromThingPlus(req.body) } : sitePatch(req.body);
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

/** what a whole rule (Thing+ PUT) leaves out goes back to its default */
const RESET_EXTRAS: Partial<RuleInput> = {
  deadband: 0,
  holdSeconds: 0,
  latched: false,
  actions: undefined,
  agent: undefined,
  sensorIds: undefined,
  sensorType: undefined,
  min: undefined,
  max: undefined,
  from: undefined,
  to: undefined,
  windowSeconds: undefined,
  statuses: undefined,
  cron: undefined,
  conditions: undefined,
  throttleSeconds: undefined,
};

/**
 * A PUT in the site's shape changes the fields it names; an optional field set to null goes back to
 * its default (a sensor-type rule becomes a one-sensor rule with `{"sensorType": null, "sensorId": …}`).
 */
function sitePatch(body: unknown): Partial<RuleInput> {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const cleared = Object.keys(raw).filter((k) => raw[k] === null && k in RESET_EXTRAS);
  const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => !cleared.includes(k)));
  const patch = checked(Type.Partial(RuleBody), rest) as Partial<RuleInput>;
  for (const k of cleared) (patch as Record<string, unknown>)[k] = RESET_EXTRAS[k as keyof RuleInput];
  return patch;
}

/** a new rule from a body in either shape, with the defaults of a new rule */
export function ruleInput(body: unknown): RuleInput {
  return isThingPlusShape(body) ? fromThingPlus(body) : siteRule(checked(RuleBody, body));
}

/** the site shape's optional trigger fields: a sensor from its list, a threshold only where one is used */
function siteRule(body: Static<typeof RuleBody>): RuleInput {
  const { sensorId, threshold, conditions, ...rest } = body;
  return {
    ...rest,
    desc: rest.desc ?? '',
    status: rest.status ?? 'activated',
    sensorId: sensorId ?? body.sensorIds?.[0] ?? '',
    threshold: threshold ?? 0,
    ...(conditions ? { conditions: conditions as RuleInput['conditions'] } : {}),
  };
}

/**
 * The body against the site's rule schema, as fastify's own validation treats bodies (types coerced,
 * unknown properties dropped), so clients of the schema-checked route see no change; the first problem
 * is named by its path.
 */
export function checked<T extends TSchema>(schema: T, raw: unknown): Static<T> {
  const body = Value.Clean(schema, Value.Convert(schema, structuredClone(raw)));
  if (Value.Check(schema, body)) return body;
  const [first] = [...Value.Errors(schema, body)];
  const path = first?.path ? `body${first.path.replaceAll('/', '.')}` : 'body';
  throw badRequest(`${path} ${first?.message ?? 'is invalid'}`, [path]);
}

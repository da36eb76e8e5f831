import { Type } from '@sinclair/typebox';
import type { ActionTestResult } from '../../../shared/api.js';
import type { RuleAction, SensorValue } from '../../../shared/model.js';
import type { Firing, TemplateContext } from '../../actions/index.js';
import { badRequest } from '../../errors.js';
import type { ApiContext } from '../context.js';
import type { RoutePlugin } from './schemas.js';

// the action's own fields are checked by actions/validate.ts, as when a rule is saved, so a problem is
// named the same way (`action.method.params.to …`) whether it comes from the test or the save
const ActionTestBody = Type.Object(
  {
    action: Type.Object({
      agent: Type.String({ minLength: 1 }),
      method: Type.Object({
        id: Type.String({ minLength: 1 }),
        params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    }),
    gatewayId: Type.Optional(Type.String({ minLength: 1 })),
    sensorId: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const ActionTestResponse = Type.Object({
  status: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  attempts: Type.Integer(),
  reason: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer(),
});

/**
 * "Send a test" (tag `rules`): one action run now, once, with sample values, before it is saved in a
 * rule. Errors: 400 ES_BAD_REQUEST naming the field (the same checks as a rule's save), 404 ES_NOT_FOUND
 * for a named gateway or sensor that does not exist. A failing action is a 200 with `status: failure`.
 */
export const ruleActionRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/rules/actions/test',
    {
      schema: {
        tags: ['rules'],
        summary:
          "Run one rule action now, once, with the named sensor's latest value (or placeholders); answers how it ended",
        body: ActionTestBody,
        response: { 200: ActionTestResponse },
      },
    },
    async (req): Promise<ActionTestResult> => {
      const { action, gatewayId, sensorId } = req.body;
      if (sensorId !== undefined && gatewayId === undefined)
        throw badRequest('body.gatewayId is required with sensorId', ['body.gatewayId']);
      const problems = ctx.rules.actionProblems(action, 'action');
      if (problems.length > 0) throw badRequest(`invalid action: ${problems.join('; ')}`, problems);
      const { firing, context } = sample(ctx, action as RuleAction, gatewayId, sensorId);
      return ctx.actions.test(firing, action as RuleAction, context);
    },
  );
};

/** The values a test runs with: the sensor's own when one is named, placeholders for the rest. */
function sample(
  ctx: ApiContext,
  action: RuleAction,
  gatewayId: string | undefined,
  sensorId: string | undefined,
): { firing: Firing; context: TemplateContext } {
  // both throw 404 ES_NOT_FOUND for an unknown gateway or sensor
  const gateway = gatewayId === undefined ? null : ctx.gatewayView(gatewayId);
  const sensor =
    gatewayId === undefined || sensorId === undefined ? null : ctx.sensorView(gatewayId, sensorId);
  const value = sensor?.latest ? text(sensor.latest.value) : sensor ? '(no value yet)' : '(value)';
  const now = Date.now();
  const ruleName = `Test of ${action.agent}/${action.method.id}`;
  const sensorName = sensor?.name ?? '(sensor)';
  const gatewayName = gateway?.name ?? '(gateway)';
  const firing: Firing = {
    rule: { id: 0, name: ruleName, severity: 'information', actions: [action] },
    gatewayId: gatewayId ?? '',
    sensorId: sensorId ?? '',
    value,
    condition: 'test',
    threshold: 0,
    time: sensor?.latest?.time ?? now,
    epoch: 0,
  };
  const context: TemplateContext = {
    value,
    unit: sensor?.unit ?? '',
    sensorName,
    gatewayName,
    triggerSensor: sensorName,
    triggerGateway: gatewayName,
    triggerCondition: 'test',
    threshold: '(threshold)',
    ruleName,
    severity: 'information',
    time: new Date(firing.time).toISOString(),
  };
  return { firing, context };
}

function text(value: SensorValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

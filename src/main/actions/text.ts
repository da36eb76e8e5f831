/** what a timeline line or a webhook says when the rule gives no text of its own */
export const DEFAULT_ACTION_TEXT =
  '{{ruleName}}: {{triggerSensor}}@{{triggerGateway}}: {{value}} {{unit}} ({{triggerCondition}})';

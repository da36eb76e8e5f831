export { ThresholdRules, THROTTLE_MS, isActive } from './threshold-rules.js';
export type { ConditionSink, RuleCondition, RuleEvaluator, ValueEvent } from './types.js';

export { ThresholdRules, THROTTLE_MS, isActive } from './threshold-rules.js';
export type { ConditionSink, RuleCondition, RuleEvaluator, ValueEvent } from './types.js';
export { fromThingPlus, isThingPlusShape, toThingPlus } from './thingplus.js';
export type { ThingPlusRule } from './thingplus.js';

export { RulesEngine, type RuleDeps } from './engine.js';
export { THROTTLE_MS } from './evaluator.js';
export { levelActive, TriggerState } from './triggers.js';
export { failedCondition, timeOfDayHolds } from './conditions.js';
export { existenceOnly } from './types.js';
export type { ConditionSink, RuleCondition, RuleEvaluator, SensorDirectory, ValueEvent } from './types.js';
export { fromThingPlus, isThingPlusShape, toThingPlus } from './thingplus.js';
export type { ThingPlusRule } from './thingplus.js';
export { MAX_TEST_POINTS, type HistorySource } from './backtest.js';

export { ThresholdRules, THROTTLE_MS } from './threshold-rules.js';
export type { RuleEvaluator, ValueEvent } from './types.js';

// Pure rule helpers.
import type { RuleInput } from '../../shared/api.js';
import type { Rule } from '../../shared/model.js';
import { formatNumber } from './format.js';

/** "> 30" / "< -5.5" */
export function ruleSummary(method: 'over' | 'under', threshold: number): string {
  return `${method === 'over' ? '>' : '<'} ${formatNumber(threshold)}`;
}

/** The writable part of a rule (for PUT). */
export function ruleInput(r: Rule): RuleInput {
  const { id: _id, ctime: _c, mtime: _m, ...rest } = r;
  return rest;
}

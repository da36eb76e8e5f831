import type { RuleEvaluation } from '../../shared/rules.js';

/** evaluations kept per rule: enough to see a flap or a throttled run, bounded whatever the value rate */
export const EVALUATIONS_KEPT = 50;

/**
 * Each rule's last evaluations, newest last, in memory: "why did (or didn't) it fire" answered without
 * a debug mode to switch on, and without writing to disk per value.
 */
export class EvaluationLog {
  private readonly byRule = new Map<number, RuleEvaluation[]>();

  add(ruleId: number, evaluation: RuleEvaluation): void {
    let list = this.byRule.get(ruleId);
    if (!list) this.byRule.set(ruleId, (list = []));
    list.push(evaluation);
    if (list.length > EVALUATIONS_KEPT * 2) list.splice(0, list.length - EVALUATIONS_KEPT);
  }

  /** newest first */
  of(ruleId: number): RuleEvaluation[] {
    return (this.byRule.get(ruleId) ?? []).slice(-EVALUATIONS_KEPT).reverse();
  }

  forget(keep: (ruleId: number) => boolean): void {
    for (const id of this.byRule.keys()) if (!keep(id)) this.byRule.delete(id);
  }
}

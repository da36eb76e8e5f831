import type { RuleEvaluation } from '../../shared/rules.js';

/** notable evaluations kept per rule */
export const EVALUATIONS_KEPT = 50;

/**
 * Each rule's recent evaluations, in memory: "why did (or didn't) it fire" answered without a debug
 * mode to switch on and without a disk write per value. Kept: every evaluation that did something or
 * has a reason (the condition changed, the actions ran or were throttled, a condition failed, a hold
 * is running), the last 50 per rule, plus the rule's latest evaluation whatever it was. Recording every
 * value would keep 5 s of a 10 Hz sensor and cost an allocation per value on the ingest path.
 */
export class EvaluationLog {
  private readonly byRule = new Map<number, RuleEvaluation[]>();
  /** the latest quiet evaluation per rule (inactive, unchanged), overwritten in place */
  private readonly quiet = new Map<number, RuleEvaluation>();

  add(ruleId: number, evaluation: RuleEvaluation): void {
    let list = this.byRule.get(ruleId);
    if (!list) this.byRule.set(ruleId, (list = []));
    list.push(evaluation);
    if (list.length > EVALUATIONS_KEPT * 2) list.splice(0, list.length - EVALUATIONS_KEPT);
    this.quiet.delete(ruleId);
  }

  /** an evaluation that changed nothing: only the latest is kept */
  touch(ruleId: number, time: number, gatewayId: string, sensorId: string, value: number | string): void {
    const last = this.quiet.get(ruleId);
    if (!last) {
      this.quiet.set(ruleId, { time, gatewayId, sensorId, value, active: false, fired: false, reason: null });
      return;
    }
    last.time = time;
    last.gatewayId = gatewayId;
    last.sensorId = sensorId;
    last.value = value;
  }

  /** newest first */
  of(ruleId: number): RuleEvaluation[] {
    const notable = (this.byRule.get(ruleId) ?? []).slice(-EVALUATIONS_KEPT).reverse();
    const quiet = this.quiet.get(ruleId);
    return quiet ? [{ ...quiet }, ...notable] : notable;
  }

  forget(keep: (ruleId: number) => boolean): void {
    for (const id of this.byRule.keys()) if (!keep(id)) this.byRule.delete(id);
    for (const id of this.quiet.keys()) if (!keep(id)) this.quiet.delete(id);
  }
}

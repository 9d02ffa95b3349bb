/** Counters the load clients share; messages kept are capped so a storm of failures stays readable. */
const KEEP = 20;

export class LoadStats {
  requests = 0;
  interrupted = 0;
  verified = 0;
  readonly ops = new Map<string, number>();
  readonly errors: string[] = [];
  errorCount = 0;
  readonly violations: string[] = [];
  violationCount = 0;
  /** Changes cut off by a kill, found applied or not once the node was back. */
  readonly unanswered = { applied: 0, notApplied: 0 };

  op(name: string): void {
    this.ops.set(name, (this.ops.get(name) ?? 0) + 1);
  }

  totalOps(): number {
    let total = 0;
    for (const count of this.ops.values()) total += count;
    return total;
  }

  /** A request that failed while the node was up. */
  error(message: string): void {
    this.errorCount++;
    if (this.errors.length < KEEP) this.errors.push(message);
  }

  /** The node showed a state it must never be in: an acknowledged change lost, or bytes that differ. */
  violation(message: string): void {
    this.violationCount++;
    if (this.violations.length < KEEP) this.violations.push(message);
  }

  settled(applied: boolean): void {
    if (applied) this.unanswered.applied++;
    else this.unanswered.notApplied++;
  }
}

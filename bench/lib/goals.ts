import type { StoreOutcome } from './store-run.ts';

/** One goal of the catalog's issue, checked against one store's figures. */
export interface GoalCheck {
  store: string;
  goal: string;
  limit: number;
  value: number | null;
  unit: string;
  met: boolean;
}

export const PEAK_RSS_GOAL_MIB = 1536;
export const INGESTION_GOAL_RATIO = 3;

function check(
  store: string,
  goal: string,
  limit: number,
  value: number | null | undefined,
  unit: string,
): GoalCheck {
  const v = value ?? null;
  return { store, goal, limit, value: v, unit, met: v !== null && v <= limit };
}

/** Every goal for every measured store; a figure that is missing (failed run) is not met. */
export function checkGoals(outcomes: StoreOutcome[]): GoalCheck[] {
  const checks: GoalCheck[] = [];
  for (const outcome of outcomes) {
    if ('skipped' in outcome) continue;
    const { store } = outcome;
    checks.push(
      check(
        store,
        'ingestion ≤ 3× lower bound',
        INGESTION_GOAL_RATIO,
        outcome.ingestion?.ratioToLowerBound,
        '× lower bound',
      ),
    );
    for (const [name, result] of Object.entries(outcome.latency ?? {})) {
      checks.push(
        check(
          store,
          `${name} p99 ≤ ${result.goalP99Ms} ms at concurrency 1`,
          result.goalP99Ms,
          result.concurrency1.p99Ms,
          'ms',
        ),
      );
    }
    if (outcome.error) checks.push(check(store, 'the run completed (see error)', 0, null, ''));
    checks.push(check(store, 'freshness ≤ 2 s (worst of 3 edits)', 2000, outcome.freshness?.maxMs, 'ms'));
    const memory = outcome.memory;
    const peak = memory && Math.max(memory.peakRssMiB ?? 0, memory.maxSampledRssMiB);
    checks.push(check(store, 'peak RSS ≤ 1.5 GiB', PEAK_RSS_GOAL_MIB, peak || null, 'MiB'));
  }
  return checks;
}

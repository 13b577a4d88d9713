import { describe, expect, it } from 'vitest';
import { checkGoals } from './goals.ts';
import type { StoreResult } from './store-run.ts';

const run = (p99: number, rest: Partial<StoreResult> = {}): StoreResult =>
  ({
    store: 'embedded',
    ingestion: { ratioToLowerBound: 2.5 },
    latency: {
      'by-name': { goalP99Ms: 10, concurrency1: { p99Ms: p99 } },
      facets: { goalP99Ms: 50, concurrency1: { p99Ms: 40 } },
    },
    freshness: { maxMs: 2000 },
    memory: { peakRssMiB: 900, maxSampledRssMiB: 1600 },
    ...rest,
  }) as unknown as StoreResult;

describe('checkGoals', () => {
  it('checks each goal against its limit, limits included', () => {
    const goals = checkGoals([run(10)]);
    expect(goals.map((g) => [g.goal, g.value, g.met])).toEqual([
      ['ingestion ≤ 3× lower bound', 2.5, true],
      ['by-name p99 ≤ 10 ms at concurrency 1', 10, true],
      ['facets p99 ≤ 50 ms at concurrency 1', 40, true],
      ['freshness ≤ 2 s (worst of 3 edits)', 2000, true],
      // The sampled tree RSS is larger than VmHWM of the main process: it counts.
      ['peak RSS ≤ 1.5 GiB', 1600, false],
    ]);
    expect(checkGoals([run(10.01)])[1]!.met).toBe(false);
  });

  it('counts a missing figure or a failed run as not met, and skips skipped stores', () => {
    const goals = checkGoals([
      run(1, { freshness: { runs: [], maxMs: null, timeoutMs: 30_000 } as never, error: 'boom' }),
      { store: 'postgres', skipped: 'no server' },
    ]);
    expect(goals.every((g) => g.store === 'embedded')).toBe(true);
    expect(goals.find((g) => g.goal.startsWith('freshness'))).toMatchObject({ value: null, met: false });
    expect(goals.find((g) => g.goal.startsWith('the run completed'))).toMatchObject({ met: false });
  });
});

import { describe, expect, it } from 'vitest';
import { percentile, round, summarizeLatencies } from './stats.ts';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks the smallest sample with at least p% at or below it', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 99.5)).toBe(100);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 0.1)).toBe(1);
  });

  it('never interpolates between samples', () => {
    expect(percentile([1, 10], 50)).toBe(1);
    expect(percentile([1, 10], 51)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
  });

  it('lets one slow request in a hundred set p99 only when it is more than 1%', () => {
    const fast = Array.from({ length: 99 }, () => 1);
    expect(
      percentile(
        [...fast, 500].sort((a, b) => a - b),
        99,
      ),
    ).toBe(1);
    expect(
      percentile(
        [...fast.slice(2), 500, 500, 500].sort((a, b) => a - b),
        99,
      ),
    ).toBe(500);
  });

  it('rejects an empty sample and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1], 0)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1], 101)).toThrow(/\(0, 100\]/);
  });
});

describe('summarizeLatencies', () => {
  it('sorts numerically (not as strings) and rounds to 0.01 ms', () => {
    const summary = summarizeLatencies([10.004, 9, 100, 2.5]);
    expect(summary).toEqual({ samples: 4, p50Ms: 9, p90Ms: 100, p99Ms: 100, maxMs: 100, meanMs: 30.38 });
  });

  it('keeps sub-millisecond resolution', () => {
    const summary = summarizeLatencies(Array.from({ length: 1000 }, (_, i) => 0.1 + i / 10_000));
    expect(summary.p50Ms).toBe(0.15);
    expect(summary.p99Ms).toBe(0.2);
  });
});

it('round', () => {
  expect(round(1.23456)).toBe(1.23);
  expect(round(1.23456, 3)).toBe(1.235);
});

/**
 * Backstage's figures, copied from /work/shared/reference/backstage-figures.md
 * (`@backstage/plugin-catalog-backend` 4.0.0, 2-core machine, 2026-11-20), for orientation only:
 * they were measured in another run, so compare ratios, not absolute times.
 * A range is written [low, high]; a single figure as [x, x].
 */
export type Range = [low: number, high: number];

export interface PeerLatency {
  source: string;
  p50Ms: Range;
  p99Ms: Range;
  reqPerSec: Range;
}

const LATENCY_SOURCE = 'Backstage, 50k entities, PostgreSQL 15, concurrency 1';

/** The 50k PostgreSQL row of "Query latency, concurrency 1", keyed by our request names. */
export const PEER_LATENCY: Record<string, PeerLatency> = {
  'by-name': { source: LATENCY_SOURCE, p50Ms: [2.0, 2.0], p99Ms: [8, 13], reqPerSec: [340, 410] },
  'by-query-kind': { source: LATENCY_SOURCE, p50Ms: [79, 81], p99Ms: [144, 180], reqPerSec: [12, 12] },
  'by-query-kind-type': { source: LATENCY_SOURCE, p50Ms: [72, 83], p99Ms: [203, 224], reqPerSec: [10, 13] },
  facets: { source: LATENCY_SOURCE, p50Ms: [107, 125], p99Ms: [160, 437], reqPerSec: [7.5, 9] },
  'full-text': { source: LATENCY_SOURCE, p50Ms: [27, 27], p99Ms: [46, 46], reqPerSec: [36, 36] },
  'by-refs-100': { source: LATENCY_SOURCE, p50Ms: [4.2, 4.2], p99Ms: [13, 13], reqPerSec: [195, 195] },
};

export const PEER_INGESTION = {
  source: 'Backstage, 50,000 entities (27,871 files), PostgreSQL 15',
  seconds: 694,
  entitiesPerSecond: 72,
  peakRssMiB: 1781,
  note: 'on SQLite a single Location of more than ~32.7k entities never ingests (too many SQL variables)',
};

export const PEER_FRESHNESS = {
  source: 'Backstage, 50k entities',
  passiveSeconds: [88, 155] as Range,
  afterRefreshSeconds: [47, 47] as Range,
};

export const PEER_IDLE_CPU = {
  source: 'Backstage right after ingestion: 50k backend + PostgreSQL; 10k SQLite backend',
  postgres50kCores: 1.66,
  sqlite10kCores: 0.8,
};

import type { GeneratedCatalog } from './catalog.ts';
import { loopbackUrl, pollUntil, request } from './http.ts';
import { treeRssBytes } from './proc.ts';
import { type ServerProcess, serverFailure } from './server.ts';
import { MiB, round } from './stats.ts';

export interface IngestionResult {
  /** Spawn → GET /healthz answers 200. */
  startupSeconds: number;
  /** Listening → every entity served with relations stitched. */
  ingestSeconds: number;
  /** Spawn → every entity served with relations stitched. */
  totalSeconds: number;
  expectedTotal: number;
  totalItemsSeen: number;
  entitiesPerSecond: number;
  /** The requests that had to succeed, and what was checked in each. */
  checks: string[];
}

interface Relation {
  type?: unknown;
}

function relationTypes(body: string): Set<unknown> {
  try {
    const entity = JSON.parse(body) as { relations?: Relation[] };
    return new Set((entity.relations ?? []).map((r) => r.type));
  } catch {
    return new Set();
  }
}

/**
 * Polls every 100 ms until by-query reports every entity (counts.json's total, or one more for
 * the Location Paved generates for the registered source) and relations are stitched in both
 * directions (team-1 hasMember, first and last component ownedBy).
 */
export async function waitForIngestion(
  server: ServerProcess,
  catalog: GeneratedCatalog,
  listeningAt: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<IngestionResult> {
  const expected = catalog.counts.total;
  const api = (path: string) => loopbackUrl(server.port, `/api/catalog${path}`);
  const lastComponent = catalog.components.at(-1)!;
  const relationChecks: [path: string, relation: string][] = [
    ['/entities/by-name/group/default/team-1', 'hasMember'],
    ['/entities/by-name/component/default/payment-svc-0', 'ownedBy'],
    [`/entities/by-name/component/default/${lastComponent}`, 'ownedBy'],
  ];
  let seen = -1;
  let last = 'no answer yet';
  let lastReport = 0;

  const probe = async (): Promise<number | undefined> => {
    if (server.exitStatus() !== undefined) throw serverFailure(server, 'the server stopped during ingestion');
    const count = await request(api('/entities/by-query?limit=0'));
    if (count.status !== 200) {
      last = `by-query answered ${count.status || 'no response'}: ${count.body.slice(0, 200)}`;
      return undefined;
    }
    const totalItems = (JSON.parse(count.body) as { totalItems?: unknown }).totalItems;
    if (typeof totalItems !== 'number')
      throw new Error(`by-query?limit=0 has no numeric totalItems: ${count.body}`);
    seen = totalItems;
    if (totalItems > expected + 1) {
      throw new Error(`the catalog holds ${totalItems} entities, more than the ${expected} (+1) generated`);
    }
    if (performance.now() - lastReport > 5_000) {
      lastReport = performance.now();
      progress(`  ingesting: ${totalItems}/${expected} entities`);
    }
    if (totalItems < expected) {
      last = `totalItems ${totalItems} of ${expected}`;
      return undefined;
    }
    for (const [path, relation] of relationChecks) {
      const { status, body } = await request(api(path));
      if (status !== 200 || !relationTypes(body).has(relation)) {
        last = `every entity present, but ${path} answered ${status} without a ${relation} relation`;
        return undefined;
      }
    }
    return performance.now();
  };

  const doneAt = await pollUntil(probe, { intervalMs: 100, timeoutMs, describe: () => last });
  const totalSeconds = (doneAt - server.spawnedAt) / 1000;
  return {
    startupSeconds: round((listeningAt - server.spawnedAt) / 1000, 3),
    ingestSeconds: round((doneAt - listeningAt) / 1000, 3),
    totalSeconds: round(totalSeconds, 3),
    expectedTotal: expected,
    totalItemsSeen: seen,
    entitiesPerSecond: Math.round(expected / totalSeconds),
    checks: [
      `GET /api/catalog/entities/by-query?limit=0 → totalItems ${seen} (expected ${expected} or ${expected + 1})`,
      ...relationChecks.map(([path, relation]) => `GET /api/catalog${path} → relations include ${relation}`),
    ],
  };
}

export interface RssSample {
  /** Highest sum of VmRSS over the server's process tree. */
  maxSampledRssMiB: number;
  samples: number;
  /** Most processes seen in the tree (tsx runs an esbuild helper beside Node). */
  processes: number;
}

export interface RssSampler {
  /** Stops sampling (idempotent) and returns what was seen. */
  stop(): RssSample;
}

/** Samples the VmRSS of the server's process tree every `intervalMs`, without keeping Node alive. */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  let maxBytes = 0;
  let samples = 0;
  let maxProcesses = 0;
  const sample = () => {
    const { bytes, processes } = treeRssBytes(pid);
    if (bytes === 0) return;
    samples++;
    maxBytes = Math.max(maxBytes, bytes);
    maxProcesses = Math.max(maxProcesses, processes);
  };
  sample();
  const timer = setInterval(sample, intervalMs).unref();
  return {
    stop() {
      clearInterval(timer);
      return { maxSampledRssMiB: round(maxBytes / MiB, 1), samples, processes: maxProcesses };
    },
  };
}

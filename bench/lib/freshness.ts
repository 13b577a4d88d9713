import { readFileSync, writeFileSync } from 'node:fs';
import { componentFile, type GeneratedCatalog, withDescription } from './catalog.ts';
import type { CleanupStack } from './cleanup.ts';
import { loopbackUrl, PollTimeout, pollUntil, request } from './http.ts';
import { round } from './stats.ts';

export interface FreshnessRun {
  entity: string;
  /** Write of the file → by-name serves the new description; null if not within the timeout. */
  ms: number | null;
}

export interface FreshnessResult {
  runs: FreshnessRun[];
  maxMs: number | null;
  timeoutMs: number;
}

/** Three components spread over the catalog (never payment-svc-0, which the latency runs read). */
export function freshnessComponents(catalog: GeneratedCatalog, count = 3): string[] {
  const n = catalog.components.length;
  const picked = Array.from(
    { length: count },
    (_, i) => catalog.components[Math.floor(((i + 1) * n) / (count + 1))]!,
  );
  const distinct = [...new Set(picked)].filter((name) => name !== 'payment-svc-0');
  if (distinct.length < count)
    throw new Error(`the catalog has too few components for ${count} freshness runs`);
  return distinct;
}

/**
 * Edits one component's description in place (as an editor saving the file would) and polls
 * by-name every 20 ms until the new text is served. Each edited file is restored afterwards, on
 * failure too, so a reused --catalog-dir stays as generated.
 */
export async function measureFreshness(
  port: number,
  catalog: GeneratedCatalog,
  cleanup: CleanupStack,
  timeoutMs = 30_000,
): Promise<FreshnessResult> {
  const runs: FreshnessRun[] = [];
  const restores: (() => Promise<boolean>)[] = [];
  for (const entity of freshnessComponents(catalog)) {
    const file = componentFile(catalog, entity);
    const original = readFileSync(file, 'utf8');
    restores.push(cleanup.defer(`restore ${file}`, () => writeFileSync(file, original)));
    const marker = `bench freshness ${process.pid}-${Date.now()}-${entity}`;
    const edited = withDescription(original, marker);
    const url = loopbackUrl(port, `/api/catalog/entities/by-name/component/default/${entity}`);

    const started = performance.now();
    writeFileSync(file, edited);
    const ms = await pollUntil(
      async () => {
        const { status, body } = await request(url);
        if (status !== 200) return undefined;
        const served = (JSON.parse(body) as { metadata?: { description?: unknown } }).metadata?.description;
        return served === marker ? performance.now() - started : undefined;
      },
      { intervalMs: 20, timeoutMs, describe: () => `${entity} still serves its old description` },
    ).catch((error: unknown) => {
      if (error instanceof PollTimeout) return null;
      throw error;
    });
    runs.push({ entity, ms: ms === null ? null : round(ms, 1) });
  }
  for (const restore of restores) await restore();
  const times = runs.map((r) => r.ms);
  return {
    runs,
    maxMs: times.includes(null) ? null : Math.max(...(times as number[])),
    timeoutMs,
  };
}

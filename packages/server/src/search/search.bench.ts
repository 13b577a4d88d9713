/**
 * Loads a synthetic catalog (gen-catalog.mjs) into the catalog's search documents and prints
 * per-query latency of the global search as JSON.
 *
 *   node /work/shared/bench/gen-catalog.mjs --entities 100000 --out /tmp/gc100k
 *   npx tsx packages/server/src/search/search.bench.ts [/tmp/gc100k] [--iterations 50]
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Entity } from '@paved/model';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { createEntitySearch } from '../catalog/entity-search.ts';
import { createSearchService } from './search.service.ts';

const args = process.argv.slice(2);
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/gc100k');
const iterationsArg = args.indexOf('--iterations');
const iterations = iterationsArg >= 0 ? Number(args[iterationsArg + 1]) : 50;

const rootFile = resolve(dir, 'catalog-info.yaml');
const root = parseYaml(readFileSync(rootFile, 'utf8')) as { spec: { targets: string[] } };
// The served documents, as the catalog view holds them.
const served = new Map<string, string>();
const search = createEntitySearch({ served: (ref) => served.get(ref) });
let loaded = 0;
let loadMs = 0;
for (const target of root.spec.targets) {
  for (const doc of parseAllDocuments(readFileSync(resolve(dirname(rootFile), target), 'utf8'))) {
    const entity = doc.toJS() as Entity | null;
    if (!entity) continue;
    const owner = entity.spec?.owner;
    if (typeof owner === 'string') {
      entity.relations = [
        { type: 'ownedBy', targetRef: owner.includes(':') ? owner : `group:default/${owner}` },
      ];
    }
    const ref = `${entity.kind}:default/${entity.metadata.name}`.toLowerCase();
    served.set(ref, JSON.stringify(entity));
    const started = performance.now();
    search.upsert({ uid: ref, ref, entity });
    loadMs += performance.now() - started;
    loaded++;
  }
}
const service = createSearchService({ providers: [search.provider] });

const terms = [
  'e',
  'pa',
  'pay',
  'payment',
  'payment svc',
  'checkout-svc-1',
  'team-12',
  'ledger api',
  'zzz',
  'fraud',
];
const figures = terms.map((term) => {
  const times: number[] = [];
  let answer = service.search({ term, limit: 10 });
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    answer = service.search({ term, limit: 10 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2));
  return {
    term,
    totalMatched: answer.totalMatched,
    p50: at(0.5),
    p95: at(0.95),
    first: answer.results[0]?.ref,
  };
});
console.log(
  JSON.stringify(
    {
      entities: loaded,
      indexMsPerEntity: Number((loadMs / loaded).toFixed(4)),
      heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
      queries: figures,
    },
    null,
    2,
  ),
);

/**
 * Loads a synthetic catalog (gen-catalog.mjs) into the index and prints latency figures as JSON.
 *
 *   node /work/shared/bench/gen-catalog.mjs --entities 100000 --out /tmp/gc100k
 *   npx tsx packages/server/src/catalog/query/index.bench.ts [/tmp/gc100k] [--iterations 300]
 *
 * Entities get what stitching adds (default namespace, uid, etag, location annotations and
 * relations in both directions) so that the rows per entity resemble the served catalog.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as yaml from 'js-yaml';
import { buildSearchDocument, EntityIndex, parseEntityFilterParams } from './index.ts';

interface BenchEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    etag?: string;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  relations?: { type: string; targetRef: string }[];
}

const args = process.argv.slice(2);
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/gc100k');
const iterationsArg = args.indexOf('--iterations');
const iterations = iterationsArg >= 0 ? Number(args[iterationsArg + 1]) : 300;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The stitched entities as NDJSON, written once per catalog next to it: loading then parses one
 * line at a time and keeps no entity, as a server loading its store would (a heap full of parsed
 * entities would make the garbage collector, not the index, dominate the figures).
 */
function readCatalog(root: string): string {
  const cache = `${root}.entities.ndjson`;
  if (existsSync(cache)) return readFileSync(cache, 'utf8');
  if (!existsSync(join(root, 'catalog-info.yaml'))) {
    console.error(`No catalog in ${root}; write one with:`);
    console.error(`  node /work/shared/bench/gen-catalog.mjs --entities 100000 --out ${root}`);
    process.exit(1);
  }
  const rootFile = join(root, 'catalog-info.yaml');
  const location = yaml.load(readFileSync(rootFile, 'utf8')) as { spec: { targets: string[] } };
  const entities: BenchEntity[] = [];
  for (const target of location.spec.targets) {
    const file = resolve(dirname(rootFile), target);
    for (const doc of yaml.loadAll(readFileSync(file, 'utf8'))) {
      if (!doc) continue;
      const entity = doc as BenchEntity;
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-location': `file:${file}`,
        'backstage.io/managed-by-origin-location': `file:${rootFile}`,
      };
      entities.push(entity);
    }
  }
  stitch(entities);
  const text = entities.map((e) => JSON.stringify(e)).join('\n');
  writeFileSync(cache, text);
  return text;
}

function* lines(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    yield text.slice(start, end);
    start = end + 1;
  }
}

/** Adds namespace, uid, etag and relations roughly as Backstage's processing and stitching do. */
function stitch(entities: BenchEntity[]): void {
  const refOf = (kind: string, name: string) => `${kind}:default/${name}`.toLowerCase();
  const parse = (ref: string, defaultKind: string) => {
    const [kind, name] = ref.includes(':') ? (ref.split(':') as [string, string]) : [defaultKind, ref];
    return refOf(kind, name);
  };
  const relations = new Map<string, { type: string; targetRef: string }[]>();
  const relate = (source: string, type: string, target: string, reverse: string) => {
    if (!relations.has(source)) relations.set(source, []);
    if (!relations.has(target)) relations.set(target, []);
    relations.get(source)?.push({ type, targetRef: target });
    relations.get(target)?.push({ type: reverse, targetRef: source });
  };
  for (const e of entities) {
    const self = refOf(e.kind, e.metadata.name);
    const spec = (e.spec ?? {}) as Record<string, string | string[] | undefined>;
    if (typeof spec.owner === 'string') relate(self, 'ownedBy', parse(spec.owner, 'group'), 'ownerOf');
    if (typeof spec.system === 'string') relate(self, 'partOf', parse(spec.system, 'system'), 'hasPart');
    if (typeof spec.domain === 'string') relate(self, 'partOf', parse(spec.domain, 'domain'), 'hasPart');
    if (typeof spec.parent === 'string') relate(self, 'childOf', parse(spec.parent, 'group'), 'parentOf');
    for (const a of (spec.providesApis as string[] | undefined) ?? []) {
      relate(self, 'providesApi', parse(a, 'api'), 'apiProvidedBy');
    }
    for (const a of (spec.consumesApis as string[] | undefined) ?? []) {
      relate(self, 'consumesApi', parse(a, 'api'), 'apiConsumedBy');
    }
    for (const d of (spec.dependsOn as string[] | undefined) ?? []) {
      relate(self, 'dependsOn', parse(d, 'component'), 'dependencyOf');
    }
    for (const g of (spec.memberOf as string[] | undefined) ?? []) {
      relate(self, 'memberOf', parse(g, 'group'), 'hasMember');
    }
  }
  for (const e of entities) {
    const self = refOf(e.kind, e.metadata.name);
    const hash = createHash('sha1').update(self).digest('hex');
    e.metadata.namespace ??= 'default';
    e.metadata.uid = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
    e.metadata.etag = hash.slice(0, 20);
    e.relations = (relations.get(self) ?? []).sort((a, b) =>
      a.type === b.type ? (a.targetRef < b.targetRef ? -1 : 1) : a.type < b.type ? -1 : 1,
    );
  }
}

function refOf(entity: BenchEntity): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();
}

function measure(run: () => unknown, count = iterations): { p50: number; p99: number; max: number } {
  for (let i = 0; i < Math.min(20, count); i++) run();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))] as number);
  return { p50: at(0.5), p99: at(0.99), max: round(times[times.length - 1] as number) };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function heapBytes(): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const readStart = performance.now();
const catalogText = readCatalog(dir);
const readMs = performance.now() - readStart;

const heapBefore = heapBytes();
const index = new EntityIndex();
let parseMs = 0;
let buildMs = 0;
const kept: BenchEntity[] = [];
const loadStart = performance.now();
for (const line of lines(catalogText)) {
  const t0 = performance.now();
  const entity = JSON.parse(line) as BenchEntity;
  const t1 = performance.now();
  const search = buildSearchDocument(entity);
  buildMs += performance.now() - t1;
  parseMs += t1 - t0;
  index.upsert({ uid: entity.metadata.uid as string, ref: refOf(entity), search });
  if (kept.length < 100 || (entity.kind === 'Component' && kept.length < 101)) kept.push(entity);
}
const loadMs = performance.now() - loadStart;
const heapAfter = heapBytes();

const filterKind = () => parseEntityFilterParams('kind=component');
const results: Record<string, unknown> = {};

results['kind=component limit 20 (totalItems)'] = measure(() =>
  index.queryEntities({ filter: filterKind(), limit: 20 }),
);
results['kind=component,spec.type=service limit 100'] = measure(() =>
  index.queryEntities({ filter: parseEntityFilterParams('kind=component,spec.type=service'), limit: 100 }),
);
results['facets spec.type filter kind=component'] = measure(() =>
  index.facets({ facets: ['spec.type'], filter: filterKind() }),
);
results['facets metadata.tags'] = measure(() => index.facets({ facets: ['metadata.tags'] }));
results['full text payment on metadata.name limit 20 (repeated: cached)'] = measure(() =>
  index.queryEntities({ fullTextFilter: { term: 'payment', fields: ['metadata.name'] }, limit: 20 }),
);
// A different term each time: more terms than the full-text cache holds, so none is remembered.
const words = [
  'payment',
  'checkout',
  'order',
  'invoice',
  'search',
  'profile',
  'ledger',
  'catalog',
  'pricing',
  'shipping',
  'notify',
  'auth',
  'session',
  'report',
  'billing',
  'fraud',
  'inventory',
  'review',
  'media',
  'gateway',
  'loyalty',
  'tax',
];
let word = 0;
results['full text <a different word each time> on metadata.name limit 20 (uncached)'] = measure(() =>
  index.queryEntities({
    fullTextFilter: { term: words[word++ % words.length] as string, fields: ['metadata.name'] },
    limit: 20,
  }),
);
results['full text payment on metadata.name, kind=component, order by name limit 20'] = measure(() =>
  index.queryEntities({
    filter: filterKind(),
    orderFields: [{ field: 'metadata.name', order: 'asc' }],
    fullTextFilter: { term: 'payment', fields: ['metadata.name'] },
    limit: 20,
  }),
);
const byName = { orderFields: [{ field: 'metadata.name', order: 'asc' as const }], limit: 20 };
results['order by metadata.name page 1'] = measure(() => index.queryEntities(byName));
results['kind=component order by metadata.name page 1'] = measure(() =>
  index.queryEntities({ ...byName, filter: filterKind() }),
);
let cursor = index.queryEntities(byName).pageInfo.nextCursor as string;
for (let page = 2; page < 50; page++)
  cursor = index.queryEntities({ cursor, limit: 20 }).pageInfo.nextCursor as string;
results['order by metadata.name page 50 via cursor'] = measure(() =>
  index.queryEntities({ cursor, limit: 20 }),
);
results['order by metadata.name desc page 1'] = measure(() =>
  index.queryEntities({ orderFields: [{ field: 'metadata.name', order: 'desc' }], limit: 20 }),
);
results['by-refs 100 refs'] = (() => {
  const refs = kept.slice(0, 100).map(refOf);
  return measure(() => index.refsToUids(refs));
})();

// One edited entity: rebuild its rows and upsert, alternating two descriptions.
const edited = kept.find((e) => e.kind === 'Component') as BenchEntity;
let flip = false;
const upsertEdited = () => {
  flip = !flip;
  const entity = { ...edited, metadata: { ...edited.metadata, description: flip ? 'edited' : 'original' } };
  index.upsert({
    uid: entity.metadata.uid as string,
    ref: 'component:default/edited',
    search: buildSearchDocument(entity),
  });
};
results['single upsert (edit, with sorted orders built)'] = measure(upsertEdited);
results['upsert then order by metadata.name page 1'] = measure(() => {
  upsertEdited();
  return index.queryEntities(byName);
});
let serial = 0;
results['insert + remove of a new entity'] = measure(() => {
  const uid = `bench-${serial++}`;
  const entity = { ...edited, metadata: { ...edited.metadata, name: uid, uid } };
  index.upsert({ uid, ref: `component:default/${uid}`, search: buildSearchDocument(entity) });
  index.remove(uid);
});

// A burst of writes larger than the sorted orders absorb (600 new entities added and removed:
// 1,200 edits of the uid and name orders) drops them: the next query rebuilds them.
const rebuilds: number[] = [];
for (let round = 0; round < 5; round++) {
  for (let i = 0; i < 600; i++) {
    const uid = `burst-${round}-${i}`;
    const entity = { ...edited, metadata: { ...edited.metadata, name: uid, uid } };
    index.upsert({ uid, ref: `component:default/${uid}`, search: buildSearchDocument(entity) });
    index.remove(uid);
  }
  const start = performance.now();
  index.queryEntities(byName);
  rebuilds.push(performance.now() - start);
}
results['order by metadata.name page 1 after a burst of 1,200 edits (orders rebuilt)'] = {
  p50: round(rebuilds.sort((a, b) => a - b)[2] as number),
  max: round(rebuilds[4] as number),
};

const heapAfterQueries = heapBytes();
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
console.log(
  JSON.stringify(
    {
      catalog: dir,
      // Read last: the catalog text was in `heapBefore`, so it must stay alive to cancel out.
      catalogChars: catalogText.length,
      entities: index.size,
      stats: index.stats(),
      readCatalogMs: Math.round(readMs),
      loadMs: Math.round(loadMs),
      parseJsonMs: Math.round(parseMs),
      buildSearchDocumentsMs: Math.round(buildMs),
      upsertMs: Math.round(loadMs - parseMs - buildMs),
      indexMemoryMiB: mib(heapAfter - heapBefore),
      indexMemoryWithQueryCachesMiB: mib(heapAfterQueries - heapBefore),
      rssMiB: mib(process.memoryUsage().rss),
      iterations,
      latencyMs: results,
    },
    null,
    2,
  ),
);

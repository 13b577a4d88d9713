/**
 * Micro-benchmark: `processDescriptorFile` against "js-yaml reads every file" (the lower bound of
 * the catalog benchmark) on a synthetic catalog, everything in memory, single thread.
 *
 *   node /work/shared/bench/gen-catalog.mjs --entities 10000 --out /tmp/gc10k
 *   npx tsx packages/model/bench/process.bench.ts /tmp/gc10k [--runs 5]
 *
 * Prints one JSON object: files/s and entities/s of both (from CPU time, the steadier figure on a
 * shared machine; wall time alongside), and the ratio Paved / js-yaml (the goal is ≤ 1.5).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAll } from 'js-yaml';
import { processDescriptorFile } from '../src/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' } },
});
const root = positionals[0] ?? '/tmp/gc10k';
const runs = Math.max(1, Number(values.runs));

const paths: string[] = [];
const walk = (dir: string) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(path);
    } else if (entry.name.endsWith('.yaml')) {
      paths.push(path);
    }
  }
};
walk(root);
const files = paths.map((path) => ({ path, bytes: readFileSync(path) }));
const origin = { type: 'file', target: join(root, 'catalog-info.yaml') };

function jsYamlOnly(): number {
  let documents = 0;
  for (const file of files) {
    documents += loadAll(file.bytes.toString('utf8')).length;
  }
  return documents;
}

async function paved(): Promise<{ entities: number; invalid: number }> {
  let entities = 0;
  let invalid = 0;
  for (const file of files) {
    const result = await processDescriptorFile({
      text: file.bytes,
      location: { type: 'file', target: file.path },
      originLocation: origin,
    });
    entities += result.documents.length;
    invalid += result.documents.filter((d) => !d.entity).length + result.errors.length;
  }
  return { entities, invalid };
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

async function measure(fn: () => unknown): Promise<Sample> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

// Warm up, then interleave the two so that machine load affects both alike. CPU time is the
// steadier figure on a shared machine; wall time is reported too.
const documents = jsYamlOnly();
const counts = await paved();
await measure(jsYamlOnly);
await measure(paved);
const jsYamlSamples: Sample[] = [];
const pavedSamples: Sample[] = [];
for (let i = 0; i < runs; i++) {
  jsYamlSamples.push(await measure(jsYamlOnly));
  pavedSamples.push(await measure(paved));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const jsYamlMs = median(jsYamlSamples.map((s) => s.cpuMs));
const pavedMs = median(pavedSamples.map((s) => s.cpuMs));
const jsYamlWallMs = median(jsYamlSamples.map((s) => s.wallMs));
const pavedWallMs = median(pavedSamples.map((s) => s.wallMs));
const bytes = files.reduce((sum, f) => sum + f.bytes.length, 0);

console.log(
  JSON.stringify({
    catalog: root,
    files: files.length,
    bytes,
    documents,
    entities: counts.entities,
    invalid: counts.invalid,
    runs,
    jsYaml: {
      cpuMs: Math.round(jsYamlMs),
      wallMs: Math.round(jsYamlWallMs),
      filesPerSecond: Math.round((files.length / jsYamlMs) * 1000),
      entitiesPerSecond: Math.round((documents / jsYamlMs) * 1000),
    },
    paved: {
      cpuMs: Math.round(pavedMs),
      wallMs: Math.round(pavedWallMs),
      filesPerSecond: Math.round((files.length / pavedMs) * 1000),
      entitiesPerSecond: Math.round((counts.entities / pavedMs) * 1000),
    },
    ratio: Number((pavedMs / jsYamlMs).toFixed(2)),
    wallRatio: Number((pavedWallMs / jsYamlWallMs).toFixed(2)),
  }),
);

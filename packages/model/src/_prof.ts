import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { processDescriptorFile } from './processDescriptorFile.ts';
import { parseYamlDocuments } from './yamlDocuments.ts';
const paths: string[] = [];
const walk = (d: string) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.yaml')) paths.push(p); } };
walk('/tmp/gc10k');
const bufs = paths.map((p) => readFileSync(p));
const loc = { type: 'file', target: '/x' };
const cpu = async (fn: () => unknown) => { const s = process.cpuUsage(); await fn(); const d = process.cpuUsage(s); return (d.user + d.system) / 1000; };
const a: number[] = [], b: number[] = [], c: number[] = [];
for (let r = 0; r < 10; r++) {
  a.push(await cpu(() => { for (const x of bufs) loadAll(x.toString('utf8')); }));
  c.push(await cpu(() => { for (const x of bufs) parseYamlDocuments(x.toString('utf8'), {maxDocuments: 1e5, maxDepth: 256, maxAliasCount: 100}); }));
  b.push(await cpu(async () => { for (let i = 0; i < bufs.length; i++) await processDescriptorFile({ text: bufs[i]!, location: { type: 'file', target: paths[i]! }, originLocation: loc }); }));
}
const min = (x: number[]) => Math.min(...x.slice(2)); const med = (x: number[]) => x.slice(2).sort((p, q) => p - q)[4]!;
console.log('cpu min loadAll', min(a).toFixed(0), 'parseOnly', min(c).toFixed(0), 'process', min(b).toFixed(0), 'ratio', (min(b)/min(a)).toFixed(2), '| median', med(a).toFixed(0), med(c).toFixed(0), med(b).toFixed(0), (med(b)/med(a)).toFixed(2));

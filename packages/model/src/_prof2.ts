import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processDescriptorFile } from './processDescriptorFile.ts';
const paths: string[] = [];
const walk = (d: string) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.yaml')) paths.push(p); } };
walk('/tmp/gc10k');
const bufs = paths.map((p) => readFileSync(p));
const loc = { type: 'file', target: '/x' };
for (let k = 0; k < 6; k++) for (let i = 0; i < bufs.length; i++) await processDescriptorFile({ text: bufs[i]!, location: { type: 'file', target: paths[i]! }, originLocation: loc });

import { createParsePool } from '../packages/server/src/catalog/ingestion/parse-pool.ts';
const pool = createParsePool({ workers: 1 });
const t = setTimeout(() => console.log('timeout'), 10000);
const r = await pool.read({ path: '/tmp/gc10k/org/catalog-info.yaml', location: { type: 'file', target: '/tmp/gc10k/org/catalog-info.yaml' }, originLocation: { type: 'file', target: '/tmp/gc10k/catalog-info.yaml' }, sourceRoot: '/tmp/gc10k', knownHash: null });
console.log(r.status);
clearTimeout(t);
await pool.close();

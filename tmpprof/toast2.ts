import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create();
await db.exec(`CREATE TABLE t (ref text primary key, final text, seq bigint); CREATE SEQUENCE s; CREATE INDEX ON t(seq);`);
const refs = Array.from({ length: 10000 }, (_, i) => `component:default/svc-${i}`);
await db.query('INSERT INTO t SELECT unnest($1::text[]), null, 0', [refs]);
const doc = 'x'.repeat(1400);
const finals = refs.map(() => doc);
const run = async (label: string, sql: string, params: (i: number) => unknown[]) => {
  const t = performance.now();
  for (let i = 0; i < 10000; i += 5000) await db.query(sql, params(i));
  console.log(label, Math.round(performance.now() - t), 'ms');
};
console.log((await db.query(`EXPLAIN UPDATE t SET final = u.f FROM unnest($1::text[], $2::text[]) u(r, f) WHERE t.ref = u.r`, [refs.slice(0, 5000), finals.slice(0, 5000)])).rows);
await run('update join', `UPDATE t SET final = u.f FROM unnest($1::text[], $2::text[]) u(r, f) WHERE t.ref = u.r`, (i) => [refs.slice(i, i + 5000), finals.slice(i, i + 5000)]);
await run('update join+seq', `UPDATE t SET final = u.f, seq = nextval('s') FROM unnest($1::text[], $2::text[]) u(r, f) WHERE t.ref = u.r`, (i) => [refs.slice(i, i + 5000), finals.slice(i, i + 5000)]);
await run('update small', `UPDATE t SET final = 'a' FROM unnest($1::text[]) u(r) WHERE t.ref = u.r`, (i) => [refs.slice(i, i + 5000)]);
await run('select params only', `SELECT count(*) FROM unnest($1::text[], $2::text[])`, (i) => [refs.slice(i, i + 5000), finals.slice(i, i + 5000)]);
await run('insert', `INSERT INTO t SELECT 'n'||r, f, 0 FROM unnest($1::text[], $2::text[]) u(r, f)`, (i) => [refs.slice(i, i + 5000), finals.slice(i, i + 5000)]);

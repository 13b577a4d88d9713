import { PGlite } from '@electric-sql/pglite';
for (const storage of ['EXTENDED', 'EXTERNAL', 'MAIN']) {
  const db = await PGlite.create();
  await db.exec(`CREATE TABLE t (ref text primary key, final text, seq bigint); CREATE SEQUENCE s; CREATE INDEX ON t(seq); ALTER TABLE t ALTER COLUMN final SET STORAGE ${storage};`);
  const refs = Array.from({ length: 10000 }, (_, i) => `component:default/svc-${i}`);
  await db.query('INSERT INTO t SELECT unnest($1::text[]), null, 0', [refs]);
  const doc = JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x'.repeat(30), description: 'Handles payment for system'.repeat(3), annotations: { a: 'b'.repeat(200) }, tags: ['a', 'b'] }, spec: { type: 'service', dependsOn: Array.from({ length: 10 }, (_, i) => `component:default/foo-${i}`) }, relations: Array.from({ length: 12 }, (_, i) => ({ type: 'dependsOn', targetRef: `component:default/bar-${i}` })) });
  const finals = refs.map((r) => doc.replace('xxxx', r));
  const t = performance.now();
  for (let i = 0; i < 10000; i += 5000) await db.query(`UPDATE t SET final = u.f, seq = nextval('s') FROM unnest($1::text[], $2::text[]) u(r, f) WHERE t.ref = u.r`, [refs.slice(i, i + 5000), finals.slice(i, i + 5000)]);
  console.log(storage, doc.length, Math.round(performance.now() - t), 'ms');
  await db.close();
}

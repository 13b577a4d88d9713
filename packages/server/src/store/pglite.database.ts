import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.ts';

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      const result = await q.query<Row>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

/**
 * Opens the embedded store in `dataDir` (created when missing), or in memory when `dataDir`
 * is undefined. PGlite runs one query at a time; its transactions hold that lock, so a
 * transaction is atomic with respect to every other query of the process.
 */
export async function openPgliteDatabase(dataDir: string | undefined, existing?: PGlite): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = existing ?? (await PGlite.create(dataDir ?? 'memory://'));
  const base = wrap(db);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    // PGlite runs a statement synchronously and resolves without leaving the microtask queue, so
    // back-to-back transactions (a long read's batches, a stitch of 100k entities) would keep
    // every API request waiting for seconds: each transaction lets the event loop turn first.
    transaction: async (fn) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return db.transaction((tx) => fn(wrap(tx)));
    },
    close: () => db.close(),
  };
}

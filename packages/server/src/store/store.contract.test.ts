import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  storeKinds,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../testing/databases.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { openPostgresDatabase } from './postgres.database.ts';

for (const { kind, skip } of storeKinds) {
  describe.skipIf(skip)(`store contract: ${kind}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let t: TestDatabase | undefined;
    afterEach(async () => {
      await t?.dispose();
      t = undefined;
    });

    it('applies every migration once, in order, and again is a no-op', async () => {
      t = await createTestDatabase(kind, { migrate: false });
      const all = await loadMigrations();
      expect(await migrate(t.db)).toEqual(all.map((m) => m.version));
      expect(await migrate(t.db)).toEqual([]);
      const { rows } = await t.db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY 1',
      );
      expect(rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    });

    it('refuses a database newer than the code', async () => {
      t = await createTestDatabase(kind);
      await t.db.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'future')`);
      await expect(migrate(t.db)).rejects.toThrow(/newer than this Paved/);
    });

    it('rolls a failed transaction back completely', async () => {
      t = await createTestDatabase(kind);
      await t.db.exec('CREATE TABLE t (id int PRIMARY KEY, v text)');
      await expect(
        t.db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES (1, $1)', ['a']);
          await tx.query('INSERT INTO t VALUES (1, $1)', ['dup']);
        }),
      ).rejects.toThrow(/duplicate key/);
      expect((await t.db.query('SELECT * FROM t')).rows).toEqual([]);
    });

    it('commits a transaction and returns its result', async () => {
      t = await createTestDatabase(kind);
      await t.db.exec('CREATE TABLE t (id int PRIMARY KEY, v jsonb)');
      const n = await t.db.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO t SELECT x.id, x.v FROM jsonb_to_recordset($1::jsonb) AS x(id int, v jsonb)',
          [
            JSON.stringify([
              { id: 1, v: { a: 1 } },
              { id: 2, v: { b: [true] } },
            ]),
          ],
        );
        return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]!.n;
      });
      expect(n).toBe(2);
      const { rows } = await t.db.query<{ v: unknown }>('SELECT v FROM t ORDER BY id');
      expect(rows.map((r) => r.v)).toEqual([{ a: 1 }, { b: [true] }]);
    });

    it('reports affected rows and binds arrays', async () => {
      t = await createTestDatabase(kind);
      await t.db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      await t.db.query('INSERT INTO t SELECT unnest($1::int[])', [[1, 2, 3]]);
      const del = await t.db.query('DELETE FROM t WHERE id = ANY($1::int[])', [[1, 3, 9]]);
      expect(del.affectedRows).toBe(2);
    });
  });
}

describe.skipIf(storeKinds.find((s) => s.kind === 'postgres')?.skip)('PostgreSQL connections', () => {
  it('survives the server closing its idle connections (restart, failover), and reports it', async () => {
    const t = await createTestDatabase('postgres');
    const { rows } = await t.db.query<{ db: string }>('SELECT current_database() AS db');
    const name = rows[0]!.db;
    const errors: Error[] = [];
    const db = await openPostgresDatabase(TEST_POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`), {
      onIdleError: (error) => errors.push(error),
    });
    try {
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]); // two idle connections now
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await admin.end();
      for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(errors[0]?.message).toMatch(/terminating connection/);
      // The next query gets a new connection.
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
      await t.dispose();
    }
  });
});

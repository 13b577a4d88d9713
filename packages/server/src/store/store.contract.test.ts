import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  storeKinds,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../testing/databases.ts';
import { deferred } from '../testing/deferred.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { openDatabase } from './open.ts';
import { openPgliteWorkerDatabase } from './pglite-worker.database.ts';
import { openPostgresDatabase } from './postgres.database.ts';

// The server's embedded store runs PGlite on its own thread; tests elsewhere use it in-process.
for (const { kind, skip } of [...storeKinds, { kind: 'pglite-worker' as const, skip: undefined }]) {
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

    it("raises the server's error with its SQLSTATE and detail", async () => {
      t = await createTestDatabase(kind);
      await t.db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      await t.db.query('INSERT INTO t VALUES (1)');
      const error = await t.db.query('INSERT INTO t VALUES (1)').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: '23505', message: expect.stringMatching(/duplicate key/) });
      expect((error as { detail?: string }).detail).toMatch(/\(id\)=\(1\) already exists/);
    });

    it('keeps a transaction atomic for every other query of the process', async () => {
      t = await createTestDatabase(kind);
      const db = t.db;
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      const held = deferred();
      const inserted = deferred();
      const tx = db.transaction(async (q) => {
        await q.query('INSERT INTO t VALUES (1)');
        inserted.resolve();
        await held.promise;
        await q.query('INSERT INTO t VALUES (2)');
      });
      await inserted.promise;
      // Issued while the transaction is open: sees both rows or, on PostgreSQL, neither.
      const count = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
      held.resolve();
      await tx;
      expect([0, 2]).toContain((await count).rows[0]!.n);
      if (kind !== 'postgres') expect((await count).rows[0]!.n).toBe(2);
    });
  });
}

describe('embedded store on its own thread', () => {
  it('leaves the event loop free while a long statement runs', async () => {
    const t = await createTestDatabase('pglite-worker', { migrate: false });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const started = performance.now();
      await t.db.query('SELECT count(*) FROM generate_series(1, 3000000) g WHERE g % 7 = 0');
      const ms = performance.now() - started;
      clearInterval(timer);
      // In-process PGlite runs the statement synchronously: not one tick would happen.
      expect(ms).toBeGreaterThan(50);
      expect(ticks).toBeGreaterThan(2);
    } finally {
      await t.dispose();
    }
  });

  it('runs its thread from a JavaScript copy of its module, made for the module as it is now', async () => {
    const t = await createTestDatabase('pglite-worker', { migrate: false });
    try {
      expect((await t.db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      // pglite.worker.js names the copy after a digest of the module's source: an edited module
      // gets a new copy, never a stale one.
      const source = readFileSync(fileURLToPath(new URL('./pglite.worker-main.ts', import.meta.url)), 'utf8');
      const digest = createHash('sha256')
        .update(`paved-pglite-worker/1\0${process.version}\0${source}`)
        .digest('hex');
      const tsx = createRequire(import.meta.url).resolve('tsx/esm/api');
      const nodeModules = tsx.slice(
        0,
        tsx.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length,
      );
      expect(
        existsSync(join(nodeModules, '.cache', 'paved', `pglite-worker-${digest.slice(0, 16)}.mjs`)),
      ).toBe(true);
    } finally {
      await t.dispose();
    }
  });

  it('names the folder when it cannot open it as a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paved-worker-'));
    try {
      writeFileSync(join(dir, 'PG_VERSION'), 'not a PostgreSQL data folder\n');
      let stopped = false;
      await expect(
        openPgliteWorkerDatabase(dir, {
          onStopped: () => {
            stopped = true;
          },
        }),
      ).rejects.toThrow(`Could not open the embedded database in ${dir}`);
      // A database that never opened did not stop: the server must not report it as a crash
      // (its thread's exit is reported after the rejection, so give it the time to arrive).
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stopped).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes a new folder from the copy it was asked to keep, of a cluster as it stood then', async () => {
    const root = mkdtempSync(join(tmpdir(), 'paved-worker-'));
    const templateFile = join(root, 'cache', 'cluster.tar');
    try {
      // The first new folder runs initdb; once its schema is in place it is kept as the copy.
      const first = await openPgliteWorkerDatabase(join(root, 'a'), { templateFile });
      expect(existsSync(templateFile)).toBe(false);
      await first.exec('CREATE TABLE the_schema (v text)');
      expect(await first.keepAsTemplate()).toBe(true);
      await first.exec('CREATE TABLE only_in_a (v text)');
      await first.close();
      const kept = statSync(templateFile);
      expect(kept.size).toBeGreaterThan(0);
      // The next one is unpacked from it: the schema is there, what came after is not, and it
      // persists its own data. Asked again, it keeps nothing: the copy stays as it was.
      const second = await openPgliteWorkerDatabase(join(root, 'b'), { templateFile });
      expect((await second.query(`SELECT to_regclass('the_schema')::text AS t`)).rows).toEqual([
        { t: 'the_schema' },
      ]);
      expect((await second.query(`SELECT to_regclass('only_in_a') AS t`)).rows).toEqual([{ t: null }]);
      await second.exec('CREATE TABLE only_in_b (v int)');
      expect(await second.keepAsTemplate()).toBe(false);
      await second.close();
      expect(statSync(templateFile).mtimeMs).toBe(kept.mtimeMs);
      const reopened = await openPgliteWorkerDatabase(join(root, 'b'), { templateFile });
      expect((await reopened.query(`SELECT to_regclass('only_in_b')::text AS t`)).rows).toEqual([
        { t: 'only_in_b' },
      ]);
      await reopened.close();
      // It is the copy that new folders are made from: one holding a table hands it on.
      const marked = await PGlite.create();
      await marked.exec('CREATE TABLE came_from_the_copy (v int)');
      writeFileSync(templateFile, Buffer.from(await (await marked.dumpDataDir('none')).arrayBuffer()));
      await marked.close();
      const fromCopy = await openPgliteWorkerDatabase(join(root, 'd'), { templateFile });
      expect((await fromCopy.query(`SELECT to_regclass('came_from_the_copy')::text AS t`)).rows).toEqual([
        { t: 'came_from_the_copy' },
      ]);
      await fromCopy.close();
      // A damaged copy is only a cache: the folder is made by initdb instead, works, and is kept
      // as the copy when asked.
      writeFileSync(templateFile, 'not a tarball');
      const third = await openPgliteWorkerDatabase(join(root, 'c'), { templateFile });
      expect((await third.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(await third.keepAsTemplate()).toBe(true);
      await third.close();
      expect(statSync(templateFile).size).toBeGreaterThan(1000);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('makes a new data folder already migrated: the migrations ran once, in the cluster it came from', async () => {
    const root = mkdtempSync(join(tmpdir(), 'paved-open-'));
    const applied = async (folder: string) => {
      const db = await openDatabase({ dataDir: join(root, folder) });
      try {
        const { rows } = await db.query<{ version: number; at: string }>(
          'SELECT version, applied_at::text AS at FROM schema_migrations ORDER BY version',
        );
        return rows;
      } finally {
        await db.close();
      }
    };
    try {
      // The first folder may run initdb and the migrations (then it becomes the copy), or come
      // from a copy already there; the second comes from the copy either way.
      const first = await applied('first');
      const second = await applied('second');
      expect(first.map((r) => r.version)).toEqual((await loadMigrations()).map((m) => m.version));
      // Applied again, they would carry the second folder's time.
      expect(second).toEqual(first);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps its data in a folder across close and reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paved-worker-'));
    try {
      const first = await openPgliteWorkerDatabase(dir);
      await first.exec('CREATE TABLE kept (v text)');
      await first.query('INSERT INTO kept VALUES ($1)', ['still here']);
      await first.close();
      await expect(first.query('SELECT 1')).rejects.toThrow(/closed/);
      const second = await openPgliteWorkerDatabase(dir);
      expect((await second.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

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
      // Each idle connection reports its own termination, and not always within the same
      // moment: a query sent before the second arrived could be given that dead connection.
      for (let i = 0; i < 250 && errors.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(errors).toHaveLength(2);
      expect(errors[0]?.message).toMatch(/terminating connection/);
      // The next query gets a new connection.
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
      await t.dispose();
    }
  });
});

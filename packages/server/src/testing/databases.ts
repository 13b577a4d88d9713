import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';
import { openPgliteDatabase } from '../store/pglite.database.ts';
import { openPgliteWorkerDatabase } from '../store/pglite-worker.database.ts';
import { openPostgresDatabase } from '../store/postgres.database.ts';

/** The PostgreSQL server tests use; CI provides it (see .ci/run). */
export const TEST_POSTGRES_URL =
  process.env.PAVED_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${TEST_POSTGRES_URL} is not reachable (${(error as Error).message}); set PAVED_TEST_POSTGRES_URL`;
  }
}

/** Why PostgreSQL tests are skipped on this machine, or undefined when they run. */
export const postgresSkipReason = await postgresReachable();

export interface TestDatabase {
  db: Database;
  /** postgres:// URL of the fresh database, when a server one. */
  url?: string;
  dispose(): Promise<void>;
}

let pgliteTemplate: Promise<File | Blob> | undefined;

/**
 * PGlite's initdb costs seconds; tests start from a dump of a migrated database instead, made
 * once per test file.
 */
async function cloneMigratedPglite(): Promise<Database> {
  pgliteTemplate ??= (async () => {
    const raw = await PGlite.create();
    const wrapped = await openPgliteDatabase(undefined, raw);
    await migrate(wrapped);
    const dump = await raw.dumpDataDir('none');
    await raw.close();
    return dump;
  })();
  const template = await pgliteTemplate;
  return openPgliteDatabase(undefined, await PGlite.create({ loadDataDir: template }));
}

/** A fresh, empty, migrated database of the given kind: isolated per test file or test. */
export async function createTestDatabase(
  kind: 'pglite' | 'pglite-worker' | 'postgres',
  options: { migrate?: boolean } = {},
) {
  let result: TestDatabase;
  if (kind === 'pglite') {
    const db = options.migrate === false ? await openPgliteDatabase(undefined) : await cloneMigratedPglite();
    result = { db, dispose: () => db.close() };
    return result;
  } else if (kind === 'pglite-worker') {
    // What `paved start` opens: PGlite on a thread of its own.
    const db = await openPgliteWorkerDatabase(undefined);
    result = { db, dispose: () => db.close() };
  } else {
    const name = `paved_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    const db = await openPostgresDatabase(url.toString(), { maxConnections: 4 });
    result = {
      db,
      url: url.toString(),
      async dispose() {
        await db.close();
        const drop = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await drop.end();
      },
    };
  }
  if (options.migrate !== false) await migrate(result.db);
  return result;
}

/** The store kinds a contract suite runs against, with the reason one is skipped. */
export const storeKinds = [
  { kind: 'pglite' as const, skip: undefined as string | undefined },
  { kind: 'postgres' as const, skip: postgresSkipReason },
];

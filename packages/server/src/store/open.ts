import { createHash } from 'node:crypto';
import type { Database } from './database.ts';
import { loadMigrations, type Migration, migrate } from './migrate.ts';
import {
  defaultTemplateFile,
  openPgliteWorkerDatabase,
  removeOtherTemplates,
} from './pglite-worker.database.ts';
import { openPostgresDatabase } from './postgres.database.ts';

export interface OpenDatabaseOptions {
  /** `postgres://…`: use that server. Otherwise the embedded store in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Data folder of the embedded store; undefined = in memory (tests). */
  dataDir?: string | undefined;
  /** Told when the PostgreSQL server closes an idle connection (it is replaced on the next query). */
  onIdleError?: (error: Error) => void;
  /** Told when the embedded store's thread dies; every query fails from then on. */
  onStopped?: (error: Error) => void;
}

/** What names a set of migrations: a digest of their names and SQL. */
function schemaKey(migrations: Migration[]): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.version}\0${m.name}\0${m.sql}\0`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Opens the configured store and brings its schema up to date. A new embedded data folder is
 * made from a cached copy of a cluster these migrations have already been applied to (the
 * first one made is kept as that copy): ~0.45 s of a ~2.5 s start was applying them.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const migrations = await loadMigrations();
  if (options.databaseUrl) {
    const db = await openPostgresDatabase(
      options.databaseUrl,
      options.onIdleError ? { onIdleError: options.onIdleError } : {},
    );
    await migrateOrClose(db, migrations);
    return db;
  }
  const templateFile = options.dataDir ? defaultTemplateFile(schemaKey(migrations)) : undefined;
  const db = await openPgliteWorkerDatabase(options.dataDir, {
    ...(options.onStopped ? { onStopped: options.onStopped } : {}),
    templateFile,
  });
  await migrateOrClose(db, migrations);
  // Only a cache: without it the next new folder runs initdb and the migrations again.
  // Older copies go once a new one is kept, not at every start.
  await db.keepAsTemplate().then(
    (kept) => kept && templateFile && removeOtherTemplates(templateFile),
    () => undefined,
  );
  return db;
}

async function migrateOrClose(db: Database, migrations: Migration[]): Promise<void> {
  try {
    await migrate(db, migrations);
  } catch (error) {
    await db.close();
    throw error;
  }
}

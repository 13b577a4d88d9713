import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPgliteWorkerDatabase } from './pglite-worker.database.ts';
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

/** Opens the configured store and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgresDatabase(
        options.databaseUrl,
        options.onIdleError ? { onIdleError: options.onIdleError } : {},
      )
    : await openPgliteWorkerDatabase(
        options.dataDir,
        options.onStopped ? { onStopped: options.onStopped } : {},
      );
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

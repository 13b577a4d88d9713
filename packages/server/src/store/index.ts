export type { Database, Queryable, QueryResult } from './database.ts';
export { loadMigrations, migrate } from './migrate.ts';
export { type OpenDatabaseOptions, openDatabase } from './open.ts';
export { openPgliteDatabase } from './pglite.database.ts';
export { openPostgresDatabase } from './postgres.database.ts';

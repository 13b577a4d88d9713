import pg from 'pg';
import type { Logger } from '../logger.js';

export interface Database {
  pool: pg.Pool;
  /** A round trip to PostgreSQL; readiness uses it. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A connection pool; it connects lazily, so start-up does not wait for the database. */
export function openDatabase(connectionString: string, logger: Logger): Database {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 2_000,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', (error) => logger.error({ err: error }, 'idle database connection failed'));
  return {
    pool,
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

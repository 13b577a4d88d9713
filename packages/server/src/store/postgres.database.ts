import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.ts';

// Return int8/numeric as JS numbers only where they fit; counts and sequences here stay small.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

function wrap(q: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      const result = await q.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql);
    },
  };
}

/** Connects to a PostgreSQL server; `url` is a `postgres://` connection string. */
export async function openPostgresDatabase(
  url: string,
  options: {
    maxConnections?: number;
    /** An idle connection the server closed (restart, failover, an administrator); default: ignored. */
    onIdleError?: (error: Error) => void;
  } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle connection the server terminates emits 'error' on the pool; without a listener that
  // is an uncaught exception that would stop Paved. pg has already discarded the connection, and
  // the next query opens a new one, so it is reported and nothing else.
  pool.on('error', (error) => options.onIdleError?.(error));
  // Fail at start with the server's own message, not at the first request.
  const client = await pool.connect();
  client.release();
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn(wrap(conn));
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The local server the benchmark may use (trust auth); a fresh database is made for each run. */
export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function withAdmin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Why PostgreSQL cannot be used, or undefined if it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await withAdmin((client) => client.query('SELECT 1'));
    return undefined;
  } catch (error) {
    return `PostgreSQL not reachable at ${ADMIN_URL}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `paved_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: ADMIN_URL.replace(/\/postgres$/, `/${name}`),
    // WITH (FORCE) ends sessions a killed server may have left (PostgreSQL 13+).
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

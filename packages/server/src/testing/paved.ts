import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config/config.ts';
import { type RunningPaved, startPaved } from '../server.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

/**
 * Test responses are JSON of whatever shape the route answers; tests assert on it directly.
 */
// biome-ignore lint/suspicious/noExplicitAny: arbitrary JSON, read by assertions
type Json = any;

export interface TestPaved extends RunningPaved {
  /** Waits until every read in flight has been written, stitched and indexed. */
  settle(): Promise<void>;
  /** GET/POST helpers returning status and parsed JSON. */
  get(path: string): Promise<{ status: number; body: Json; headers: Headers }>;
  post(path: string, body: unknown): Promise<{ status: number; body: Json; headers: Headers }>;
  del(path: string): Promise<{ status: number; body: Json }>;
}

/**
 * Starts a real Paved on a free port with a fresh store of the given kind, the given catalog
 * sources and no demo. Use one per test (or per file) and close it.
 */
export async function startTestPaved(
  options: {
    store?: 'pglite' | 'postgres';
    catalog?: string[];
    orphanPolicy?: 'delete' | 'keep';
    watch?: boolean;
    demo?: boolean;
    cwd?: string;
    workers?: number;
    /** The portal build folder to serve; default: packages/portal/dist. */
    portalDir?: string;
    gitRefreshSeconds?: number;
  } = {},
): Promise<TestPaved> {
  // server.ts puts git checkouts in <dataDir>/../git: keep both in this server's own folder.
  const root = await mkdtemp(join(tmpdir(), 'paved-test-'));
  const dataDir = join(root, 'data');
  let database: TestDatabase | undefined;
  try {
    database = await createTestDatabase(options.store ?? 'pglite');
    const config = loadConfig(
      {
        port: 0,
        dataDir,
        catalog: options.catalog ?? [],
        demo: options.demo ?? false,
        watch: options.watch ?? true,
        orphanPolicy: options.orphanPolicy,
        workers: options.workers ?? 0,
        gitRefreshSeconds: options.gitRefreshSeconds,
        portalDir: options.portalDir,
      },
      {},
      options.cwd ?? process.cwd(),
    );
    const paved = await startPaved(config, {
      db: database.db,
      log: pino({ level: process.env.PAVED_TEST_LOG ?? 'silent' }),
    });
    await paved.initialRead;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${paved.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep text
      }
      return { status: response.status, body: parsed as Json, headers: response.headers };
    };
    const db = database;
    return {
      ...paved,
      async settle() {
        await paved.settle();
      },
      get: (path) => call('GET', path),
      post: (path, body) => call('POST', path, body),
      del: (path) => call('DELETE', path),
      async close() {
        await paved.close();
        await db.dispose().catch(() => undefined);
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.dispose();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

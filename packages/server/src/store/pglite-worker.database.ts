import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database, Queryable, QueryResult } from './database.ts';

export type PgliteWorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[] | undefined }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'saveTemplate'; file: string }
  | { id: number; op: 'close' };

export type PgliteWorkerReply =
  /** `fresh` (the reply to opening): the folder was new and initdb made its cluster. */
  | { id: number; ok: true; result: QueryResult<unknown> | null; fresh?: boolean }
  | { id: number; ok: false; error: { message: string; fields: Record<string, unknown> } };

/** A request before it is numbered (Omit over each member of the union). */
type Request = PgliteWorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/**
 * node_modules/.cache/paved/pglite-<version>-schema-<schema>.tar beside the installed PGlite (the
 * cache folder other tools use too; npm ci clears it with the rest): a cluster as the migrations
 * named by `schema` leave it. Undefined when it cannot be found.
 */
export function defaultTemplateFile(schema: string): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const marker = `${sep}node_modules${sep}`;
    const nodeModules = entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1);
    const manifest = join(nodeModules, '@electric-sql', 'pglite', 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return join(nodeModules, '.cache', 'paved', `pglite-${version}-schema-${schema}.tar`);
  } catch {
    return undefined;
  }
}

/** Removes the copies beside `templateFile` made for other PGlite versions or other migrations. */
export function removeOtherTemplates(templateFile: string): void {
  try {
    for (const name of readdirSync(dirname(templateFile))) {
      if (/^pglite-.*\.tar$/.test(name) && name !== basename(templateFile))
        rmSync(join(dirname(templateFile), name), { force: true });
    }
  } catch {
    // Only a cache.
  }
}

/** A PostgreSQL error raised on the database's thread, with its fields (code, detail, position…). */
function rebuildError(error: { message: string; fields: Record<string, unknown> }, sql: string): Error {
  const rebuilt = Object.assign(new Error(error.message), error.fields);
  // The stack of the thread that ran the statement says nothing useful; this one names the caller.
  Error.captureStackTrace(rebuilt, rebuildError);
  if (!('query' in rebuilt)) Object.assign(rebuilt, { query: sql });
  return rebuilt;
}

export interface PgliteWorkerDatabase extends Database {
  /**
   * When the folder was new and initdb made its cluster (there was no usable `templateFile`),
   * saves the cluster as it is now as `templateFile`, for the next new folder, and says true;
   * else does nothing and says false. Called once the schema is migrated: a folder made from the
   * copy then starts migrated.
   */
  keepAsTemplate(): Promise<boolean>;
}

/**
 * Opens the embedded store on a thread of its own: PGlite runs PostgreSQL compiled to WASM
 * synchronously, and on the main thread every statement of a large read (seconds of SQL) held
 * back HTTP requests and the JavaScript work of ingestion. Here the two run side by side, on the
 * two cores a small machine has.
 *
 * Semantics are PGlite's own: statements run one at a time, and a transaction holds the
 * database until it commits, so a transaction is atomic with respect to every other query of
 * the process. That lock lives here, on the calling side, so the database's thread only executes.
 */
export async function openPgliteWorkerDatabase(
  dataDir: string | undefined,
  options: {
    /** Told once when the database's thread dies (not when closed); every query fails from then on. */
    onStopped?: (error: Error) => void;
    /**
     * A copy of a cluster to make a new data folder from (pglite.worker-main.ts), kept by
     * `keepAsTemplate` when there is none yet; none: new folders are made by initdb.
     */
    templateFile?: string | undefined;
  } = {},
): Promise<PgliteWorkerDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const { templateFile } = options;
  let fresh = false;
  const worker = new Worker(new URL('./pglite.worker.js', import.meta.url), {
    workerData: { dataDir, templateFile },
  });
  const pending = new Map<
    number,
    { resolve: (r: unknown) => void; reject: (e: Error) => void; sql: string }
  >();
  let nextId = 1;
  let stopped: Error | undefined;

  const fail = (error: Error) => {
    if (!stopped) options.onStopped?.(error);
    stopped ??= error;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject, sql: '' });
  });
  worker.on('message', (reply: PgliteWorkerReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    // An idle database must not keep the process alive (a forgotten close); a busy one must.
    if (pending.size === 0) worker.unref();
    if (reply.ok && reply.fresh) fresh = true;
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(rebuildError(reply.error, waiting.sql));
  });
  worker.on('error', (error) => fail(new Error(`The embedded database stopped: ${error.message}`)));
  worker.on('exit', (code) => fail(new Error(`The embedded database stopped (exit code ${code})`)));
  try {
    await ready;
  } catch (error) {
    // Not a thread dying under a running server: the caller gets the reason, and nothing else.
    stopped = new Error(
      `Could not open the embedded database${dataDir ? ` in ${dataDir}` : ''}: ${(error as Error).message}`,
    );
    await worker.terminate();
    throw stopped;
  }
  worker.unref();

  function send<T>(request: Request, sql: string): Promise<T> {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject, sql });
      worker.postMessage({ ...request, id });
    });
  }

  // FIFO lock: a transaction holds it from BEGIN to COMMIT, a single statement for its duration.
  let tail: Promise<void> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  const direct: Queryable = {
    query: <Row>(sql: string, params?: unknown[]) =>
      send<QueryResult<Row>>({ op: 'query', sql, params }, sql),
    exec: (sql: string) => send<void>({ op: 'exec', sql }, sql),
  };

  return {
    kind: 'pglite',
    async keepAsTemplate() {
      if (!fresh || !templateFile) return false;
      fresh = false;
      await exclusive(() => send<void>({ op: 'saveTemplate', file: templateFile }, 'saving the template'));
      return true;
    },
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (fn) =>
      exclusive(async () => {
        let open = true;
        const guard = <T>(run: () => Promise<T>): Promise<T> =>
          open ? run() : Promise.reject(new Error('Transaction already ended'));
        const tx: Queryable = {
          query: (sql, params) => guard(() => direct.query(sql, params)),
          exec: (sql) => guard(() => direct.exec(sql)),
        };
        await direct.exec('BEGIN');
        try {
          const result = await fn(tx);
          open = false;
          await direct.exec('COMMIT');
          return result;
        } catch (error) {
          open = false;
          await direct.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    close: () =>
      exclusive(async () => {
        if (stopped) return;
        await send<void>({ op: 'close' }, 'close');
        stopped = new Error('The embedded database is closed');
        await worker.terminate();
      }),
  };
}

import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { PgliteWorkerReply, PgliteWorkerRequest } from './pglite-worker.database.ts';

/**
 * The embedded database's own thread: one PGlite, fed statements in the order they arrive. The
 * caller serialises transactions (see pglite-worker.database.ts), so this loop only executes.
 */
const port = parentPort!;
const { dataDir } = workerData as { dataDir: string | undefined };

/** A PostgreSQL error as plain fields: structured cloning keeps only an Error's message. */
function plainError(error: unknown): { message: string; fields: Record<string, unknown> } {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: Record<string, unknown> = { name: error.name };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
    fields[key] = value;
  }
  return { message: error.message, fields };
}

/** Opens the database and says so; on failure the caller is told why and ends this thread. */
async function open(): Promise<PGlite | undefined> {
  try {
    const opened = await PGlite.create(dataDir ?? 'memory://');
    port.postMessage({ id: 0, ok: true, result: null } satisfies PgliteWorkerReply);
    return opened;
  } catch (error) {
    port.postMessage({ id: 0, ok: false, error: plainError(error) } satisfies PgliteWorkerReply);
    return undefined;
  }
}

/** Executes requests in the order they arrive, one reply each. */
function serve(db: PGlite): void {
  let queue = Promise.resolve();
  port.on('message', (request: PgliteWorkerRequest) => {
    queue = queue.then(async () => {
      let reply: PgliteWorkerReply;
      try {
        if (request.op === 'query') {
          const result = await db.query(request.sql, request.params);
          reply = {
            id: request.id,
            ok: true,
            result: { rows: result.rows, affectedRows: result.affectedRows ?? 0 },
          };
        } else if (request.op === 'exec') {
          await db.exec(request.sql);
          reply = { id: request.id, ok: true, result: null };
        } else {
          await db.close();
          reply = { id: request.id, ok: true, result: null };
        }
      } catch (error) {
        reply = { id: request.id, ok: false, error: plainError(error) };
      }
      port.postMessage(reply);
    });
  });
}

const db = await open();
// Without a database, no listener: the thread ends once the failure is sent.
if (db) serve(db);

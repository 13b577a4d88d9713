import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { PgliteWorkerReply, PgliteWorkerRequest } from './pglite-worker.database.ts';

/**
 * The embedded database's own thread: one PGlite, fed statements in the order they arrive. The
 * caller serialises transactions (see pglite-worker.database.ts), so this loop only executes.
 */
const port = parentPort!;
const { dataDir, templateFile } = workerData as {
  dataDir: string | undefined;
  templateFile: string | undefined;
};

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

/**
 * Opens the cluster in `folder`, first making it when the folder has none: unpacked from
 * `templateFile` when it holds a copy of a cluster as the server's migrations leave it (~0.5 s,
 * and no migration left to apply), otherwise by PGlite's initdb (~2.5 s); `fresh` then says so,
 * and the caller may keep the cluster as the copy once it has migrated it (saveTemplate). The
 * copy is only ever a cache: when it is missing, unreadable or fails to unpack, initdb runs as
 * if it were not there.
 */
async function createOrOpen(folder: string): Promise<{ db: PGlite; fresh: boolean }> {
  if (existsSync(join(folder, 'PG_VERSION')) || !templateFile)
    return { db: await PGlite.create(folder), fresh: false };
  const before = new Set(readdirSync(folder));
  let template: Buffer | undefined;
  try {
    template = readFileSync(templateFile);
  } catch {
    template = undefined;
  }
  if (template) {
    try {
      return {
        db: await PGlite.create({ dataDir: folder, loadDataDir: new Blob([template]) }),
        fresh: false,
      };
    } catch {
      // A damaged copy: what it unpacked goes, and initdb runs.
      for (const name of readdirSync(folder)) {
        if (!before.has(name)) rmSync(join(folder, name), { recursive: true, force: true });
      }
    }
  }
  return { db: await PGlite.create(folder), fresh: true };
}

/** Writes the cluster as it is now to `file`, for new folders to be made from. */
async function saveTemplate(db: PGlite, file: string): Promise<void> {
  const tarball = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
  mkdirSync(dirname(file), { recursive: true });
  // Written under a temporary name and renamed: another process, or another database's thread of
  // this one, may be reading or writing it.
  const temporary = `${file}.${process.pid}.${threadId}.tmp`;
  writeFileSync(temporary, tarball);
  renameSync(temporary, file);
}

/** Opens the database and says so; on failure the caller is told why and ends this thread. */
async function open(): Promise<PGlite | undefined> {
  try {
    const opened = dataDir
      ? await createOrOpen(dataDir)
      : { db: await PGlite.create('memory://'), fresh: false };
    port.postMessage({ id: 0, ok: true, result: null, fresh: opened.fresh } satisfies PgliteWorkerReply);
    return opened.db;
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
        } else if (request.op === 'saveTemplate') {
          await saveTemplate(db, request.file);
          reply = { id: request.id, ok: true, result: null };
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

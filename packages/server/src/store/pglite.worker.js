// Worker entry of the embedded database. Its TypeScript module (pglite.worker-main.ts) runs from a
// JavaScript copy kept under node_modules/.cache/paved, named after a digest of its source and
// made by tsx's own esbuild when missing; only when that copy cannot be had does it run through
// tsx (docs/adr/0003-how-typescript-runs.md). Registering tsx in this thread started a loader
// thread of its own and loaded the module through it: ~0.25 s more before the database could
// open, and opening it is most of `paved start`'s start-up. The module imports nothing of the
// project's but types, so the copy is the module itself.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';

/** Part of the digest: change it when the way the copy is made changes. */
const FORMAT = 'paved-pglite-worker/1';
const source = fileURLToPath(new URL('./pglite.worker-main.ts', import.meta.url));

/** The copy's URL, made first when missing; undefined when it cannot be had. */
async function compiledCopy() {
  try {
    const require = createRequire(import.meta.url);
    const tsx = require.resolve('tsx/esm/api');
    const marker = `${path.sep}node_modules${path.sep}`;
    const cacheDir = path.join(tsx.slice(0, tsx.lastIndexOf(marker) + marker.length - 1), '.cache', 'paved');
    const text = readFileSync(source, 'utf8');
    const digest = createHash('sha256').update(`${FORMAT}\0${process.version}\0${text}`).digest('hex');
    const file = path.join(cacheDir, `pglite-worker-${digest.slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      const esbuild = createRequire(tsx)('esbuild');
      const { code } = await esbuild.transform(text, {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        sourcefile: source,
      });
      mkdirSync(cacheDir, { recursive: true });
      // Written under a temporary name and renamed: another process, or another database's thread
      // of this one, may be reading or writing it.
      const temporary = `${file}.${process.pid}.${threadId}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, file);
      // Copies of earlier versions of the module are never run again.
      for (const other of readdirSync(cacheDir)) {
        if (/^pglite-worker-[0-9a-f]{16}\.mjs$/.test(other) && path.join(cacheDir, other) !== file) {
          try {
            unlinkSync(path.join(cacheDir, other));
          } catch {
            // Another process's, gone already.
          }
        }
      }
    }
    return pathToFileURL(file).href;
  } catch {
    return undefined;
  }
}

const copy = await compiledCopy();
if (copy) await import(copy);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./pglite.worker-main.ts');
}

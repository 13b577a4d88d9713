#!/usr/bin/env node
// Builds the portal into dist/ with Vite, then writes .gz and .br beside every text asset so the
// server sends them precompressed. With --if-stale, does nothing when dist/ was built from the
// same sources (a hash of them is kept in dist/.build-hash), so `npm start` stays fast.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const hashFile = join(dist, '.build-hash');

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(root, 'src')),
    ...files(join(root, 'public')),
    join(root, 'index.html'),
    join(root, 'vite.config.ts'),
    join(root, 'package.json'),
    ...files(join(root, '..', 'client', 'src')),
    join(root, '..', '..', 'package-lock.json'),
  ]
    .filter((p) => !/\.test\.tsx?$/.test(p))
    .sort();
  for (const path of inputs) {
    hash.update(relative(root, path));
    hash.update('\0');
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const hash = sourceHash();
if (ifStale && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash) {
  process.exit(0);
}

const started = performance.now();
console.error('paved: building the portal (once per change of its sources)…');
// A build started from a test run inherits NODE_ENV=test, which would bundle React's development
// build (several times slower, and noisy); the portal is always built for production.
process.env.NODE_ENV = 'production';
const { build } = await import('vite');
await build({ root, mode: 'production', logLevel: 'warn', configFile: join(root, 'vite.config.ts') });

let compressed = 0;
for (const path of files(dist)) {
  if (!/\.(js|css|html|svg|json|txt|map|wasm)$/.test(path) || statSync(path).size < 1024) continue;
  const body = readFileSync(path);
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  );
  compressed++;
}
writeFileSync(hashFile, hash);
console.error(
  `paved: portal built in ${((performance.now() - started) / 1000).toFixed(1)} s (${compressed} files precompressed)`,
);

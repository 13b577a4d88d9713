#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (see docs/adr/0003-how-typescript-runs.md).
import { createRequire } from 'node:module';

if (process.argv[2] === 'docs' && process.argv[3] === 'build') {
  // The worker that highlights code starts first, in plain JavaScript, so that Shiki is ready by the
  // time the engine has loaded (packages/docs/src/highlight-prestart.cjs); the command runs from a
  // bundle of its sources, without tsx's loader (docs-build.js), when one can be had.
  createRequire(import.meta.url)('@paved/docs/highlight-prestart').prestartHighlightWorker();
  const { loadDocsBuild } = await import('./docs-build.js');
  const runDocsCommand = await loadDocsBuild();
  if (runDocsCommand) await runDocsCommand(process.argv.slice(3));
  else await runWithTsx();
} else await runWithTsx();

async function runWithTsx() {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}

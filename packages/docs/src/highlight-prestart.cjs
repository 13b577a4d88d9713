'use strict';
/*
 * The highlight worker (highlight.worker.cjs), started before the engine is even loaded:
 * `paved docs build` calls prestartHighlightWorker() from the CLI's launcher, before tsx and the
 * TypeScript modules load (~0.2 s), so that Shiki's cold start in the worker is done by the time
 * the first pages are rendered; the build's createHighlightWorker() (highlight.ts) then takes it.
 * Plain JavaScript: the launcher runs it before tsx is registered. A worker nobody takes (a site
 * without code, a configuration error) does not keep the process alive.
 */
const path = require('node:path');
const { Worker } = require('node:worker_threads');

/** @type {Worker | undefined} */
let prestarted;

function prestartHighlightWorker() {
  if (prestarted) return;
  prestarted = new Worker(path.join(__dirname, 'highlight.worker.cjs'));
  prestarted.unref();
  // Shiki (its WebAssembly and both themes) now; no grammar until a page asks. No answer awaited.
  prestarted.postMessage({ id: -1, warm: true, languages: [], blocks: [] });
  // Failures surface when the build uses the worker; until then nothing listens.
  prestarted.on('error', () => undefined);
}

/** The prestarted worker, once: the caller owns it from now on. */
function takePrestartedHighlightWorker() {
  const worker = prestarted;
  prestarted = undefined;
  return worker;
}

module.exports = { prestartHighlightWorker, takePrestartedHighlightWorker };

'use strict';
/*
 * Worker entry of highlight.ts's startHighlightWorker(): highlights code blocks for the thread that
 * renders the pages. Plain JavaScript, so it starts without tsx (shiki.cjs says why).
 *
 * Messages in: { id, warm?, languages, blocks: [code, fenceName][] }, handled one after the other:
 * the grammars of `languages` (fence names) are loaded, then the blocks highlighted, as
 * prepareLanguages() then highlight() do in highlight.ts.
 * Out: { id, html: (string | null)[] } (null: not highlighted) or { id, error }.
 */
const { parentPort } = require('node:worker_threads');
const { createHighlighter, resolveLanguage } = require('./shiki.cjs');

let highlighter;
let queue = Promise.resolve();

async function handle({ id, warm, languages, blocks }) {
  try {
    // Shiki itself (its WebAssembly and both themes) ahead of the first page; no grammar.
    if (warm) highlighter ??= createHighlighter();
    const wanted = new Set();
    for (const name of languages ?? []) {
      const language = resolveLanguage(name);
      if (language) wanted.add(language);
    }
    if (wanted.size === 0 && !highlighter) {
      parentPort.postMessage({ id, html: (blocks ?? []).map(() => null) });
      return;
    }
    highlighter ??= createHighlighter();
    const instance = await highlighter;
    await instance.loadLanguages(wanted);
    const html = (blocks ?? []).map(([code, name]) => instance.highlight(code, name) ?? null);
    parentPort.postMessage({ id, html });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
}

parentPort.on('message', (message) => {
  queue = queue.then(() => handle(message));
});

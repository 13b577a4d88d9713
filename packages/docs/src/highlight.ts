import { Worker } from 'node:worker_threads';
import { requireDependency } from './dependencies.ts';
import type * as PrestartModule from './highlight-prestart.cjs';
import type * as ShikiModule from './shiki.cjs';
import type { Highlighter } from './shiki.cjs';

/**
 * Build-time syntax highlighting with Shiki (shiki.cjs). In this thread: one highlighter per
 * process, created the first time a page has a code block in a language Shiki knows (Shiki is not
 * even loaded before); each grammar is loaded the first time a page uses it. Or, for a one-off
 * build in a fresh process (`paved docs build`), on a worker thread: startHighlightWorker().
 */
// By the package's own name (its `exports`), as the CLI's launcher requires highlight-prestart: one
// module instance for both, whether the engine runs through tsx or from the bundle of
// `paved docs build` (packages/cli/bin/docs-build.js).
const shiki = requireDependency('@paved/docs/shiki') as typeof ShikiModule;
const prestart = requireDependency('@paved/docs/highlight-prestart') as typeof PrestartModule;

/** The language Shiki knows a fence name by, or undefined to print the code as plain text. */
export const resolveLanguage: (name: string) => string | undefined = shiki.resolveLanguage;

let highlighter: Promise<Highlighter> | undefined;
/** Set once the highlighter exists; highlight() is synchronous and needs it. */
let ready: Highlighter | undefined;

/**
 * Loads the grammars of these fence names (unknown names are ignored), creating the highlighter
 * the first time one is known. A page without such a name costs nothing.
 */
export async function prepareLanguages(names: Iterable<string>): Promise<void> {
  const wanted = new Set<string>();
  for (const name of names) {
    const language = resolveLanguage(name);
    if (language && !ready?.isLoaded(language)) wanted.add(language);
  }
  if (wanted.size === 0) return;
  highlighter ??= shiki.createHighlighter().then((instance) => {
    ready = instance;
    return instance;
  });
  await (await highlighter).loadLanguages(wanted);
}

/** Whether Shiki has been loaded in this thread (tests: a site without code must not load it). */
export function highlighterLoaded(): boolean {
  return highlighter !== undefined;
}

/**
 * Highlighted code as HTML: `<code>` content lines (block) or spans (inline). Returns undefined when
 * the language is unknown or not loaded, so the caller prints escaped text.
 */
export function highlight(code: string, name: string): string | undefined {
  return ready?.highlight(code, name);
}

/**
 * Highlighting on a worker thread, for one build: the pages are rendered on this thread with
 * placeholders while the worker highlights their code blocks, and the placeholders are filled once
 * its answers arrive. The worker loads grammars exactly as prepareLanguages would, page after page,
 * so the output is the same as in this thread. A fresh `paved docs build` spends about a third of
 * its time in Shiki (its start-up, each grammar's patterns compiled, the matching), which a second
 * core now does beside markdown-it (docs/benchmarks.md, docs section).
 */
export interface HighlightWorker {
  /** Starts the worker and Shiki in it now, ahead of the first page. */
  warm(): void;
  /**
   * Loads the grammars of `languages` (fence names found in the page, as for prepareLanguages),
   * then highlights the blocks ([code, fence name]); undefined where a block is not highlighted.
   */
  highlight(
    languages: Iterable<string>,
    blocks: [code: string, name: string][],
  ): Promise<(string | undefined)[]>;
  /** Stops the worker; pending highlights are rejected. */
  close(): Promise<void>;
}

interface Waiting {
  resolve(html: (string | undefined)[]): void;
  reject(error: Error): void;
}

/** A highlight worker, started on first use (a site without code never starts one). */
export function createHighlightWorker(): HighlightWorker {
  let worker: Worker | undefined;
  let failure: Error | undefined;
  let nextId = 0;
  const waiting = new Map<number, Waiting>();
  const fail = (error: Error) => {
    failure ??= error;
    for (const entry of waiting.values()) entry.reject(failure);
    waiting.clear();
  };
  const start = (): Worker => {
    if (worker) return worker;
    worker =
      prestart.takePrestartedHighlightWorker() ??
      new Worker(requireDependency.resolve('@paved/docs/highlight-worker'));
    // Only pending answers keep the process alive (see post()).
    worker.unref();
    worker.on('message', (message: { id: number; html?: (string | null)[]; error?: string }) => {
      const entry = waiting.get(message.id);
      if (!entry) return;
      waiting.delete(message.id);
      if (waiting.size === 0) worker?.unref();
      if (message.error !== undefined) entry.reject(new Error(`highlighting failed: ${message.error}`));
      else entry.resolve((message.html ?? []).map((html) => html ?? undefined));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the highlight worker stopped (exit code ${code})`)));
    return worker;
  };
  const post = (message: { warm?: boolean; languages: string[]; blocks: [string, string][] }) => {
    const id = nextId++;
    const answer = new Promise<(string | undefined)[]>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.set(id, { resolve, reject });
    });
    const target = start();
    target.ref();
    target.postMessage({ id, ...message });
    return answer;
  };
  return {
    warm() {
      if (!worker) void post({ warm: true, languages: [], blocks: [] }).catch(() => undefined);
    },
    highlight(languages, blocks) {
      return post({ languages: [...languages], blocks });
    },
    async close() {
      const running = worker;
      if (!running) return;
      failure ??= new Error('the highlight worker was closed');
      running.removeAllListeners('exit');
      fail(failure);
      await running.terminate();
    },
  };
}

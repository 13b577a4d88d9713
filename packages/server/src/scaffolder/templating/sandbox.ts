import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { HOST_FILTERS } from './filters.ts';
import { SANDBOX_SOURCE } from './sandbox.source.ts';

/** The options that shape a Nunjucks environment; one vm context is kept per combination. */
export interface SandboxOptions {
  cookiecutterCompat: boolean;
  trimBlocks: boolean;
  lstripBlocks: boolean;
  maxOutputChars: number;
}

const NUNJUCKS_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('nunjucks/browser/nunjucks.js'),
  'utf8',
);
let nunjucksScript: vm.Script | undefined;
let sandboxScript: vm.Script | undefined;
const ENTRY = new vm.Script('__entry(__request)', { filename: 'template-entry.js' });

/** Host filters receive and answer JSON text only: no host object is ever handed to a template. */
function hostFilter(name: string, argsJson: string): string {
  try {
    const filter = HOST_FILTERS[name];
    if (!filter) return JSON.stringify({ error: `Unknown filter ${name}` });
    return JSON.stringify({ value: filter(...(JSON.parse(argsJson) as unknown[])) });
  } catch (error) {
    return JSON.stringify({ error: (error as Error).message });
  }
}

function createContext(options: SandboxOptions): vm.Context {
  const context = vm.createContext(
    {},
    { name: 'paved-templating', codeGeneration: { strings: true, wasm: false } },
  );
  context.__host = hostFilter;
  context.__options = JSON.stringify({ ...options, hostFilters: Object.keys(HOST_FILTERS) });
  vm.runInContext(
    'globalThis.self = globalThis; globalThis.module = { exports: {} }; globalThis.exports = globalThis.module.exports;',
    context,
  );
  nunjucksScript ??= new vm.Script(NUNJUCKS_SOURCE, { filename: 'nunjucks.js' });
  nunjucksScript.runInContext(context);
  sandboxScript ??= new vm.Script(SANDBOX_SOURCE, { filename: 'template-sandbox.js' });
  sandboxScript.runInContext(context);
  return context;
}

const contexts = new Map<string, vm.Context>();

/**
 * Runs one render request (JSON text) in the vm context for `options`, stopped by V8 after
 * `timeoutMs`; answers JSON text `{value, problems}` or `{error, fatal}`.
 */
export function renderInSandbox(options: SandboxOptions, requestJson: string, timeoutMs: number): string {
  const key = JSON.stringify(options);
  let context = contexts.get(key);
  if (!context) {
    context = createContext(options);
    contexts.set(key, context);
  }
  context.__request = requestJson;
  try {
    return String(ENTRY.runInContext(context, { timeout: timeoutMs }));
  } catch (error) {
    const timedOut = (error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    return JSON.stringify({
      error: timedOut
        ? `Template rendering was stopped after ${timeoutMs} ms; does it loop without end?`
        : `Template rendering failed: ${(error as Error).message}`,
      fatal: timedOut,
    });
  } finally {
    context.__request = undefined;
  }
}

import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { InputError } from '@paved/model';
import type { SandboxOptions } from './sandbox.ts';

export interface TemplaterOptions {
  /** `{{ cookiecutter.x }}` delimiters, Jinja compatibility and the `jsonify` filter. */
  cookiecutterCompat?: boolean;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  /** Longest one render may run, in milliseconds; a runaway loop is stopped there. Default 2000. */
  timeoutMs?: number;
  /** Largest result of one render, in characters. Default 10,000,000. */
  maxOutputChars?: number;
}

/** A template string that could not be rendered and was kept as written (Backstage's fallback). */
export interface RenderProblem {
  template: string;
  message: string;
}

/** Raised when a render is stopped: it ran too long, used too much memory, or its result was too large. */
export class TemplateLimitError extends InputError {}

/** Heap of the templating worker: Backstage gives its isolate 128 MB; tsx and Nunjucks take some too. */
const WORKER_HEAP_MB = 192;
/** Time a new worker gets to start (load tsx and Nunjucks) on top of a render's own limit. */
const STARTUP_ALLOWANCE_MS = 20_000;

/**
 * The one worker thread every template renders in, called synchronously: the request is posted,
 * the calling thread sleeps on a shared flag (Atomics.wait) until the worker raises it, then
 * reads the answer with receiveMessageOnPort. A worker that does not answer in time (out of
 * memory, or stuck) is terminated and replaced by the next call.
 */
class TemplatingWorker {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  #started = false;
  dead = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(new URL('./templating.worker.js', import.meta.url), {
      workerData: { port: port2, signal: this.#flag.buffer },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    });
    // Never keeps the process alive, and its death is noticed by the next call.
    this.#worker.unref();
    this.#port.unref();
    this.#worker.on('error', () => {
      this.dead = true;
    });
    this.#worker.on('exit', () => {
      this.dead = true;
    });
  }

  call(options: SandboxOptions, request: string, timeoutMs: number): string {
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage({ options, request, timeoutMs });
    // The worker's own vm timeout answers a runaway loop; this margin covers a worker that died.
    const deadline = Date.now() + timeoutMs + 1000 + (this.#started ? 0 : STARTUP_ALLOWANCE_MS);
    for (;;) {
      const received = receiveMessageOnPort(this.#port);
      if (received) {
        this.#started = true;
        return received.message as string;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      Atomics.store(this.#flag, 0, 0);
      const again = receiveMessageOnPort(this.#port);
      if (again) {
        this.#started = true;
        return again.message as string;
      }
      Atomics.wait(this.#flag, 0, 0, remaining);
    }
    this.dead = true;
    void this.#worker.terminate();
    throw new TemplateLimitError(
      `Template rendering was stopped: it did not finish within ${timeoutMs} ms or used more than ${WORKER_HEAP_MB} MB of memory`,
    );
  }
}

let shared: TemplatingWorker | undefined;

function worker(): TemplatingWorker {
  if (!shared || shared.dead) shared = new TemplatingWorker();
  return shared;
}

/**
 * Nunjucks with Backstage's `${{ }}` delimiters, sandboxed.
 *
 * - Isolation: templates run in a `node:vm` context (see sandbox.source.ts) that receives only
 *   JSON text, never host objects; it has no `process`, `require` or module loader, and member
 *   lookups of `constructor`/`__proto__`/`prototype` are refused.
 * - Time: every render is one `runInContext` with V8's `timeout`, which terminates a runaway
 *   loop (template code cannot catch that).
 * - Memory: the context lives in a worker thread with a 192 MB heap; a template that allocates
 *   more kills only the worker, which is replaced.
 * - Size: a result larger than `maxOutputChars` is refused.
 *
 * Calls are synchronous (the caller's thread waits on the worker), as Nunjucks itself is.
 */
export class SecureTemplater {
  readonly #options: SandboxOptions;
  readonly #timeoutMs: number;

  private constructor(options: SandboxOptions, timeoutMs: number) {
    this.#options = options;
    this.#timeoutMs = timeoutMs;
  }

  static create(options: TemplaterOptions = {}): SecureTemplater {
    return new SecureTemplater(
      {
        cookiecutterCompat: options.cookiecutterCompat ?? false,
        trimBlocks: options.trimBlocks ?? false,
        lstripBlocks: options.lstripBlocks ?? false,
        maxOutputChars: options.maxOutputChars ?? 10_000_000,
      },
      options.timeoutMs ?? 2000,
    );
  }

  #call(request: Record<string, unknown>): { value?: unknown; problems?: RenderProblem[] } {
    const answer = worker().call(this.#options, JSON.stringify(request), this.#timeoutMs);
    const parsed = JSON.parse(answer) as {
      value?: unknown;
      problems?: RenderProblem[];
      error?: string;
      fatal?: boolean;
    };
    if (parsed.error !== undefined) {
      throw parsed.fatal ? new TemplateLimitError(parsed.error) : new InputError(parsed.error);
    }
    return parsed;
  }

  /** Renders a whole text (a skeleton file, a file name); errors are thrown. */
  renderString(template: string, context: Record<string, unknown>): string {
    return String(this.#call({ op: 'string', template, context }).value ?? '');
  }

  /**
   * Renders every string inside a JSON value the way Backstage renders step input: a string that
   * is exactly one expression keeps the expression's type, others are rendered as text, empty
   * results become undefined (dropping the key), and a string that fails is kept as written.
   */
  renderValue(
    value: unknown,
    context: Record<string, unknown>,
  ): { value: unknown; problems: RenderProblem[] } {
    const answer = this.#call({ op: 'value', value, context });
    return { value: answer.value, problems: answer.problems ?? [] };
  }
}

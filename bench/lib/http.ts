/** The only host this benchmark ever sends traffic to. */
export const LOOPBACK = '127.0.0.1';

export function loopbackUrl(port: number, path = ''): string {
  return `http://${LOOPBACK}:${port}${path}`;
}

function assertLoopback(url: string): void {
  if (new URL(url).hostname !== LOOPBACK)
    throw new Error(`refusing to send traffic outside ${LOOPBACK}: ${url}`);
}

export interface HttpResult {
  status: number;
  body: string;
}

/** One request with a deadline; network errors (server not up yet) resolve as status 0. */
export async function request(
  url: string,
  init: { method?: string; body?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  assertLoopback(url);
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs ?? 5_000),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: error instanceof Error ? error.message : String(error) };
  }
}

/** GET or POST expecting 200 and a JSON body; throws with what the server said otherwise. */
export async function requestJson(
  url: string,
  init: { method?: string; body?: string; timeoutMs?: number } = {},
): Promise<unknown> {
  const { status, body } = await request(url, init);
  if (status !== 200) {
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${status || 'no response'}: ${body.slice(0, 300)}`,
    );
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered 200 with a body that is not JSON: ${body.slice(0, 300)}`,
    );
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown by pollUntil when the condition was not met in time. */
export class PollTimeout extends Error {}

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined, or throws after
 * `timeoutMs` with `describe()` (what was last seen). The interval is measured from the start of
 * one probe to the start of the next, so slow answers do not stretch it.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { intervalMs: number; timeoutMs: number; describe: () => string },
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const started = performance.now();
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() >= deadline) {
      throw new PollTimeout(`timed out after ${options.timeoutMs / 1000} s: ${options.describe()}`);
    }
    await sleep(Math.max(0, options.intervalMs - (performance.now() - started)));
  }
}

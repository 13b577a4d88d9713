import { ConflictError, InputError, PavedError } from '@paved/model';
import { checkRef } from '../../catalog/git/index.ts';
import type { ActionContext } from './types.ts';

/** What a provider's error body says: GitHub's `message` and `errors[]`, GitLab's `message` (text or per-field object) or `error`. */
function describeError(body: Record<string, unknown>, text: string): string {
  const said = body.message ?? body.error;
  const main =
    typeof said === 'string' ? said : said !== undefined ? JSON.stringify(said) : text.slice(0, 500);
  if (!Array.isArray(body.errors)) return main;
  const details = body.errors.map((e) =>
    typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : JSON.stringify(e),
  );
  return `${main} (${details.join('; ')})`;
}

/**
 * Reads the JSON answer of a provider's REST API call, or throws a domain error quoting the
 * provider's message: a name already taken is a conflict, a refused token or a missing owner an
 * input error.
 */
export async function providerJson(
  provider: string,
  response: Response,
  what: string,
): Promise<Record<string, unknown>> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    // Not JSON: quoted as text.
  }
  if (response.ok) return body;
  const message = describeError(body, text);
  const said = `${what}: ${provider} answered ${response.status} ${message}`;
  if ([400, 409, 422].includes(response.status) && /already exists|already been taken/i.test(message)) {
    throw new ConflictError(said);
  }
  if ([401, 403, 404].includes(response.status)) throw new InputError(said);
  throw new PavedError(said);
}

/**
 * What publish:github and publish:gitlab check before calling their provider: a token (Paved has
 * no integration configuration yet, so it comes from the step), a valid branch name, and the
 * folder of the workspace to publish.
 */
export async function publishPrerequisites(
  ctx: ActionContext<{ token?: string; defaultBranch?: string; sourcePath?: string }>,
  provider: 'GitHub' | 'GitLab',
): Promise<{ token: string; branch: string; sourceDir: string }> {
  const token = ctx.input.token;
  if (!token) {
    throw new InputError(
      `publish:${provider.toLowerCase()} needs a token: pass \`token: \${{ secrets.<name> }}\` (Paved has no ${provider} integration configuration yet)`,
    );
  }
  const branch = ctx.input.defaultBranch ?? 'main';
  checkRef(branch);
  const sourceDir = await ctx.workspace.resolve(ctx.input.sourcePath ?? '.');
  return { token, branch, sourceDir };
}

/**
 * A caller of a provider's REST API at `api` with the provider's auth `headers`: JSON bodies,
 * aborted with the step or after `timeoutMs`. Read answers with {@link providerJson}.
 */
export function providerCaller(options: {
  api: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
}): (method: string, path: string, body?: unknown) => Promise<Response> {
  const api = options.api.replace(/\/+$/, '');
  return (method, path, body) =>
    fetch(`${api}${path}`, {
      method,
      headers: {
        ...options.headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    });
}

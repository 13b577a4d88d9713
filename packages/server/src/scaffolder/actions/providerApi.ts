import { ConflictError, InputError, PavedError } from '@paved/model';

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

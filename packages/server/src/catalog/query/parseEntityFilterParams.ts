import { InputError } from '@paved/model';
import type { EntityFilter } from './entityFilter.ts';

/**
 * Parses the `filter` query parameter(s) of the GET routes (§5.4): each parameter is one filter
 * set and the sets are ORed; inside a set, comma-separated statements are ANDed; a statement is
 * `key` (the key exists), `key=` (equals the empty string) or `key=value`, split on the first `=`
 * and trimmed; the same key twice in one set means either value (a value wins over a bare key).
 * Matching is case-insensitive. Returns undefined when there is nothing to filter on.
 *
 * As in Backstage, keys are grouped as written, so `kind=a,Kind=b` ANDs two conditions on `kind`.
 */
export function parseEntityFilterParams(filter: unknown): EntityFilter | undefined {
  const filterStrings = parseStringsParam(filter, 'filter');
  if (!filterStrings) return undefined;
  const sets: EntityFilter[] = [];
  for (const filterString of filterStrings) {
    const set = parseEntityFilterString(filterString);
    if (set) sets.push(set);
  }
  if (sets.length === 0) return undefined;
  return sets.length === 1 ? (sets[0] as EntityFilter) : { type: 'any', filters: sets };
}

function parseEntityFilterString(filterString: string): EntityFilter | undefined {
  const statements = filterString
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (statements.length === 0) return undefined;

  const byKey = new Map<string, { values?: string[] }>();
  for (const statement of statements) {
    const equalsIndex = statement.indexOf('=');
    const key = equalsIndex === -1 ? statement : statement.slice(0, equalsIndex).trim();
    const value = equalsIndex === -1 ? undefined : statement.slice(equalsIndex + 1).trim();
    if (!key) {
      throw new InputError(
        `Invalid filter, '${statement}' is not a valid statement (expected a string on the form a=b or a= or a)`,
      );
    }
    // Backstage hands `$`-prefixed keys to its predicate engine, where they mean operators in
    // some cases and fail in others; a search key never starts with `$`, so refuse them plainly.
    if (key.startsWith('$') || /[\r\n]/.test(key)) {
      throw new InputError(
        `Invalid filter, '${statement}' has an invalid key (keys are dotted field paths such as kind or spec.type, and cannot start with $)`,
      );
    }
    let entry = byKey.get(key);
    if (!entry) {
      entry = {};
      byKey.set(key, entry);
    }
    if (value !== undefined) {
      if (!entry.values) entry.values = [];
      entry.values.push(value);
    }
  }

  const conditions: EntityFilter[] = [];
  for (const [key, { values }] of byKey) {
    const lowerKey = key.toLowerCase();
    conditions.push(
      values
        ? { type: 'in', key: lowerKey, values: values.map((v) => v.toLowerCase()) }
        : { type: 'exists', key: lowerKey },
    );
  }
  return conditions.length === 1 ? (conditions[0] as EntityFilter) : { type: 'all', filters: conditions };
}

/**
 * Normalises a query parameter that may be given once or repeated into a list of strings.
 * @throws InputError when any occurrence is not a string.
 */
export function parseStringsParam(param: unknown, name: string): string[] | undefined {
  if (param === undefined) return undefined;
  const array = Array.isArray(param) ? param : [param];
  if (array.some((p) => typeof p !== 'string')) {
    throw new InputError(`Invalid ${name}, not a string`);
  }
  return array as string[];
}

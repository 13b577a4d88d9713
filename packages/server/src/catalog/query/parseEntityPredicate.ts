import { InputError } from '@paved/model';
import type { EntityFilter } from './entityFilter.ts';

const ACCEPTED_VALUES =
  'a string, number or boolean, or one of {"$exists": boolean}, {"$in": [values]}, {"$hasPrefix": string}, {"$contains": value}';

/**
 * Parses a POST predicate (`query` of `/entities/by-query`, `/entity-facets`, `/entities/by-refs`;
 * §5.4) into the internal filter. Accepts what Backstage's predicate schema accepts: objects of
 * field keys (ANDed), `$all`/`$any`/`$not` alone in their object, and per field a primitive
 * (stringified, case-insensitive equality), `$exists`, `$in`, `$hasPrefix`, `$contains` (a
 * primitive, or `{type, targetRef?}` on `relations`). When a field object names several
 * operators, the first valid one in that order `$exists`, `$in`, `$contains`, `$hasPrefix` is
 * used and the others are ignored, as Backstage's schema does.
 *
 * @throws InputError naming the offending part of the query and what is accepted there.
 */
export function parseEntityPredicate(query: unknown): EntityFilter {
  if (!isPlainObject(query)) {
    throw new InputError(
      `Invalid query: expected an object such as {"kind": "component"}, but got ${describe(query)}`,
    );
  }
  return parseNode(query, 'query');
}

function parseNode(node: unknown, path: string): EntityFilter {
  if (isPrimitive(node)) {
    throw new InputError(
      `Invalid query at ${path}: a bare value is not a condition; wrap it in a field expression, e.g. {"kind": ${JSON.stringify(node)}}`,
    );
  }
  if (!isPlainObject(node)) {
    throw new InputError(
      `Invalid query at ${path}: expected an object of field conditions or one of $all, $any, $not, but got ${describe(node)}`,
    );
  }
  const keys = Object.keys(node);
  const operator = keys.find((k) => k.startsWith('$'));
  if (operator !== undefined) {
    if (operator !== '$all' && operator !== '$any' && operator !== '$not') {
      throw new InputError(
        `Invalid query at ${path}: unknown operator "${operator}"; accepted here are $all, $any, $not or field keys`,
      );
    }
    if (keys.length !== 1) {
      throw new InputError(
        `Invalid query at ${path}: ${operator} must be the only key of its object; wrap it in $all to combine it with other conditions`,
      );
    }
    const operand = node[operator];
    if (operator === '$not') return { type: 'not', filter: parseNode(operand, `${path}.$not`) };
    if (!Array.isArray(operand)) {
      throw new InputError(
        `Invalid query at ${path}.${operator}: expected an array of conditions, but got ${describe(operand)}`,
      );
    }
    const filters = operand.map((sub, i) => parseNode(sub, `${path}.${operator}[${i}]`));
    return { type: operator === '$all' ? 'all' : 'any', filters };
  }
  const conditions = keys.map((key) => parseField(key, node[key], `${path}.${key}`));
  return conditions.length === 1 ? (conditions[0] as EntityFilter) : { type: 'all', filters: conditions };
}

function parseField(rawKey: string, value: unknown, path: string): EntityFilter {
  if (/[\r\n]/.test(rawKey)) {
    throw new InputError(`Invalid query at ${path}: field keys cannot contain line breaks`);
  }
  const key = rawKey.toLowerCase();
  if (isPrimitive(value)) return { type: 'in', key, values: [String(value).toLowerCase()] };
  if (isPlainObject(value)) {
    if (typeof value.$exists === 'boolean') {
      const exists: EntityFilter = { type: 'exists', key };
      return value.$exists ? exists : { type: 'not', filter: exists };
    }
    const list = value.$in;
    if (Array.isArray(list) && list.every(isPrimitive)) {
      return { type: 'in', key, values: list.map((v) => String(v).toLowerCase()) };
    }
    const target = value.$contains;
    if (isPrimitive(target)) return { type: 'in', key, values: [String(target).toLowerCase()] };
    if (isPlainObject(target)) {
      if (key === 'relations') return parseRelationContains(target, `${path}.$contains`);
      throw new InputError(
        `Invalid query at ${path}.$contains: the object form of $contains is only supported on "relations" ({"type": ..., "targetRef": ...}); use a plain value for other fields`,
      );
    }
    if (typeof value.$hasPrefix === 'string') {
      return { type: 'prefix', key, prefix: value.$hasPrefix.toLowerCase() };
    }
  }
  throw new InputError(`Invalid query at ${path}: expected ${ACCEPTED_VALUES}, but got ${describe(value)}`);
}

function parseRelationContains(target: Record<string, unknown>, path: string): EntityFilter {
  let type: string | undefined;
  let targetRefs: string[] | undefined;
  for (const [rawKey, value] of Object.entries(target)) {
    const key = rawKey.toLowerCase();
    if (key === 'type') {
      if (type !== undefined) throw new InputError(`Invalid query at ${path}: duplicate key "${rawKey}"`);
      if (typeof value !== 'string') {
        throw new InputError(`Invalid query at ${path}.${rawKey}: expected a relation type string`);
      }
      type = value;
    } else if (key === 'targetref') {
      if (targetRefs !== undefined) {
        throw new InputError(`Invalid query at ${path}: duplicate key "${rawKey}"`);
      }
      targetRefs = parseTargetRefs(value, `${path}.${rawKey}`);
    } else {
      throw new InputError(
        `Invalid query at ${path}: unsupported key "${rawKey}"; only "type" and "targetRef" are accepted in $contains on relations`,
      );
    }
  }
  if (!type) {
    throw new InputError(
      `Invalid query at ${path}: $contains on relations requires a non-empty "type" string`,
    );
  }
  const key = `relations.${type.toLowerCase()}`;
  return targetRefs ? { type: 'in', key, values: targetRefs } : { type: 'exists', key };
}

function parseTargetRefs(value: unknown, path: string): string[] {
  if (typeof value === 'string') return [value.toLowerCase()];
  if (isPlainObject(value) && Object.keys(value).length === 1 && Array.isArray(value.$in)) {
    const refs = value.$in;
    if (refs.every((r) => typeof r === 'string')) {
      if (refs.length === 0) throw new InputError(`Invalid query at ${path}: the $in list must not be empty`);
      return refs.map((r) => (r as string).toLowerCase());
    }
  }
  throw new InputError(
    `Invalid query at ${path}: expected an entity ref string or {"$in": [entity ref strings]}, but got ${describe(value)}`,
  );
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'boolean'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

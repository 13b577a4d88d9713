import { InputError } from '@paved/model';
import { parseStringsParam } from './parseEntityFilterParams.ts';

/**
 * Parses `fields` (§5.6): comma-separated, possibly repeated, plus the body `fields[]` of
 * by-refs (`extra`, first). Trimmed, de-duplicated, in order. Undefined when nothing is selected.
 * @throws InputError for a field with `[` (array indexing is not supported) or a non-string.
 */
export function parseFieldsParam(fields: unknown, extra?: readonly string[]): string[] | undefined {
  const fromQuery = parseStringsParam(fields, 'fields') ?? [];
  const all = new Set(
    [...(extra ?? []), ...fromQuery.flatMap((s) => s.split(','))].map((s) => s.trim()).filter(Boolean),
  );
  if (all.size === 0) return undefined;
  for (const field of all) {
    if (field.includes('[')) {
      throw new InputError(`Invalid field "${field}", array type fields are not supported`);
    }
  }
  return [...all];
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keeps only the selected subtrees of an entity, as Backstage does: each dotted path is resolved
 * greedily against the object, and a segment that is not a key is joined with the next one by a
 * dot, so keys containing dots work (`metadata.annotations.backstage.io/techdocs-ref`). Missing
 * paths are left out. The input is never modified; the output shares its leaves.
 */
export function projectFields<T extends object>(
  entity: T,
  fields: readonly string[] | undefined,
): T | Partial<T> {
  if (!fields) return entity;
  const output: Record<string, unknown> = {};
  const owned = new WeakSet<object>([output]);
  for (const field of fields) {
    const resolved = resolvePath(entity, field);
    if (resolved) setPath(output, resolved.path, resolved.value, owned);
  }
  return output as Partial<T>;
}

function resolvePath(input: unknown, field: string): { path: string[]; value: unknown } | undefined {
  const parts = field.split('.');
  const path: string[] = [];
  let current: unknown = input;
  let pending = '';
  for (let i = 0; i < parts.length; i++) {
    const part = pending ? `${pending}.${parts[i]}` : (parts[i] as string);
    // lodash `hasIn`: own or inherited property of the value (strings and arrays included).
    if (current !== null && current !== undefined && part in Object(current)) {
      path.push(part);
      current = (current as Record<string, unknown>)[part];
      pending = '';
    } else if (i + 1 < parts.length) {
      pending = part;
    } else {
      return undefined;
    }
  }
  return current === undefined ? undefined : { path, value: current };
}

/** lodash `set`: creates arrays for index keys, objects otherwise; stops at unsafe keys. */
function setPath(
  target: Record<string, unknown>,
  path: string[],
  value: unknown,
  owned: WeakSet<object>,
): void {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    if (UNSAFE_KEYS.has(key)) return;
    if (i === path.length - 1) {
      // Functions (inherited methods) vanish when serialised; leave them out.
      if (typeof value !== 'function') node[key] = value;
      return;
    }
    const next = node[key];
    // An inherited method (`toString`): lodash would descend into the function itself; the
    // serialised result is the same as stopping here.
    if (typeof next === 'function') return;
    let child: Record<string, unknown>;
    if (typeof next === 'object' && next !== null) {
      if (owned.has(next)) child = next as Record<string, unknown>;
      else {
        // A subtree shared with the input: copy before writing into it.
        child = (Array.isArray(next) ? [...next] : { ...next }) as Record<string, unknown>;
        owned.add(child);
        node[key] = child;
      }
    } else {
      child = (/^(?:0|[1-9]\d*)$/.test(path[i + 1] as string) ? [] : {}) as Record<string, unknown>;
      owned.add(child);
      node[key] = child;
    }
    node = child;
  }
}

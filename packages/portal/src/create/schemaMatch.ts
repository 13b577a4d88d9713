type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: unknown): boolean {
  const actual = typeOf(value);
  return [type].flat().some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => equal((a as Json)[key], (b as Json)[key]));
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#')) return true;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) && !Array.isArray(node)) return true;
    node = (node as Json)[segment];
  }
  return node ?? true;
}

function matchesPattern(value: string, pattern: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true; // a pattern this browser cannot compile is the server's to judge
  }
}

/**
 * Whether `data` matches `schema`, for the keywords that decide which branch of a form applies
 * (`type`, `const`, `enum`, `required`, `properties`, lengths, bounds, `pattern`, the combinators,
 * `if`/`then`/`else`, `dependencies`). Other keywords (formats…) pass: this picks branches for
 * rjsf without compiling code (the CSP forbids it); the server validates the values for real.
 */
export function matchesSchema(schema: unknown, data: unknown, root: unknown = schema, depth = 0): boolean {
  if (schema === false) return false;
  if (!isObject(schema) || depth > 32) return true;
  const s = schema;
  const sub = (child: unknown, value: unknown) => matchesSchema(child, value, root, depth + 1);
  if (typeof s.$ref === 'string' && !sub(resolveRef(s.$ref, root), data)) return false;
  if (s.type !== undefined && !hasType(data, s.type)) return false;
  if ('const' in s && !equal(s.const, data)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((option) => equal(option, data))) return false;
  if (Array.isArray(s.allOf) && !s.allOf.every((branch) => sub(branch, data))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((branch) => sub(branch, data))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((branch) => sub(branch, data)).length !== 1) return false;
  if (s.not !== undefined && sub(s.not, data)) return false;
  if (s.if !== undefined) {
    const branch = sub(s.if, data) ? s.then : s.else;
    if (branch !== undefined && !sub(branch, data)) return false;
  }
  if (typeof data === 'string') {
    const length = [...data].length;
    if (typeof s.minLength === 'number' && length < s.minLength) return false;
    if (typeof s.maxLength === 'number' && length > s.maxLength) return false;
    if (typeof s.pattern === 'string' && !matchesPattern(data, s.pattern)) return false;
  }
  if (typeof data === 'number') {
    if (typeof s.minimum === 'number' && data < s.minimum) return false;
    if (typeof s.maximum === 'number' && data > s.maximum) return false;
    if (typeof s.exclusiveMinimum === 'number' && data <= s.exclusiveMinimum) return false;
    if (typeof s.exclusiveMaximum === 'number' && data >= s.exclusiveMaximum) return false;
  }
  if (Array.isArray(data)) {
    if (typeof s.minItems === 'number' && data.length < s.minItems) return false;
    if (typeof s.maxItems === 'number' && data.length > s.maxItems) return false;
    if (isObject(s.items) && !data.every((item) => sub(s.items, item))) return false;
  }
  if (isObject(data)) {
    if (Array.isArray(s.required) && !s.required.every((key) => typeof key === 'string' && key in data)) {
      return false;
    }
    const properties = isObject(s.properties) ? s.properties : {};
    for (const [key, value] of Object.entries(data)) {
      if (key in properties) {
        if (value !== undefined && !sub(properties[key], value)) return false;
      } else if (s.additionalProperties !== undefined && !sub(s.additionalProperties, value)) {
        return false;
      }
    }
    if (isObject(s.dependencies)) {
      for (const [key, dependency] of Object.entries(s.dependencies)) {
        if (!(key in data)) continue;
        if (Array.isArray(dependency) ? !dependency.every((k) => k in data) : !sub(dependency, data)) {
          return false;
        }
      }
    }
  }
  return true;
}

import { evaluatePageCondition } from '@paved/model';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Schema = Record<string, unknown>;
type Values = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

let conditionAjv: Ajv | undefined;
const conditionValidators = new WeakMap<object, ValidateFunction | null>();

/** Whether `value` satisfies a JSON Schema `if` (a schema that does not compile counts as not). */
function satisfies(schema: unknown, value: unknown): boolean {
  if (typeof schema === 'boolean') return schema;
  if (!isObject(schema)) return false;
  let validate = conditionValidators.get(schema);
  if (validate === undefined) {
    conditionAjv ??= addFormats(
      new Ajv({ strict: false, validateSchema: false, allowUnionTypes: true, allErrors: false }),
    );
    try {
      validate = conditionAjv.compile(schema);
    } catch {
      validate = null;
    }
    conditionValidators.set(schema, validate);
  }
  return validate ? Boolean(validate(value)) : false;
}

/**
 * Whether a `oneOf`/`anyOf` branch is the one the values chose: every property of the branch that
 * pins a value (`const`, `enum`) and has a value holds such a value, and there is at least one.
 */
function branchMatches(branch: Schema, value: Values): boolean {
  const properties = isObject(branch.properties) ? branch.properties : {};
  let pinned = 0;
  for (const [key, sub] of Object.entries(properties)) {
    // A field with no value yet is filled by the branch, not what chooses it.
    if (!isObject(sub) || value[key] === undefined) continue;
    if ('const' in sub) {
      pinned++;
      if (JSON.stringify(value[key]) !== JSON.stringify(sub.const)) return false;
    } else if (Array.isArray(sub.enum)) {
      pinned++;
      if (!sub.enum.some((option) => JSON.stringify(option) === JSON.stringify(value[key]))) return false;
    }
  }
  return pinned > 0;
}

function fillValue(schema: unknown, value: unknown): unknown {
  if (!isObject(schema)) return value;
  if (
    isObject(value) &&
    (isObject(schema.properties) || schema.type === 'object' || 'dependencies' in schema)
  ) {
    return fillObject(schema, value);
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    const items = schema.items;
    return value.map((item) => fillValue(items, item));
  }
  return value;
}

/**
 * The defaults a JSON Schema object gives, filled into a copy of `value` where it has no value of
 * its own, as react-jsonschema-form's form state would hold them: `properties` (nested objects
 * when they are given or required), `dependencies` (their `oneOf` branch that the values chose,
 * their `allOf`), `allOf`, `if`/`then`/`else`, and a `oneOf`/`anyOf` branch the values chose.
 */
function fillObject(schema: Schema, value: Values): Values {
  const out: Values = { ...value };
  const required = Array.isArray(schema.required) ? schema.required : [];
  if (isObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (!isObject(sub)) continue;
      if (out[key] === undefined) {
        if ('default' in sub) out[key] = structuredClone(sub.default);
        else if (required.includes(key) && (isObject(sub.properties) || sub.type === 'object')) {
          const nested = fillObject(sub, {});
          if (Object.keys(nested).length > 0) out[key] = nested;
        }
        // A default may itself be an object whose schema gives more defaults.
        if (out[key] !== undefined) out[key] = fillValue(sub, out[key]);
      } else {
        out[key] = fillValue(sub, out[key]);
      }
    }
  }
  const applied = (sub: unknown) => {
    if (!isObject(sub)) return;
    Object.assign(out, fillObject(sub, out));
  };
  if (isObject(schema.dependencies)) {
    for (const [key, dependency] of Object.entries(schema.dependencies)) {
      if (!isObject(dependency) || out[key] === undefined) continue;
      const { oneOf, anyOf, ...rest } = dependency;
      applied(rest);
      for (const branches of [oneOf, anyOf]) {
        if (!Array.isArray(branches)) continue;
        applied(branches.find((b) => isObject(b) && branchMatches(b, out)));
      }
    }
  }
  if (Array.isArray(schema.allOf)) for (const sub of schema.allOf) applied(sub);
  for (const branches of [schema.oneOf, schema.anyOf]) {
    if (!Array.isArray(branches)) continue;
    applied(branches.find((b) => isObject(b) && branchMatches(b, out)));
  }
  if ('if' in schema && (isObject(schema.then) || isObject(schema.else))) {
    applied(satisfies(schema.if, out) ? schema.then : schema.else);
  }
  return out;
}

/** `spec.parameters` as one page or several, normalised like Backstage: `[parameters ?? []].flat()`. */
export function parameterPages(parameters: unknown): Record<string, unknown>[] {
  return [parameters ?? []]
    .flat()
    .filter((p): p is Record<string, unknown> => p !== null && typeof p === 'object');
}

/**
 * The values a run uses: the submitted values with the schema `default`s of every property they
 * do not give, page by page, as Backstage's form would have sent them. A page whose `when` does
 * not hold (with the values of the pages before it) gives no defaults, as the form never shows
 * it. The caller's object is not changed.
 */
export function fillParameterDefaults(parameters: unknown, values: Record<string, unknown>): Values {
  let out: Values = isObject(values) ? { ...values } : {};
  for (const page of parameterPages(parameters)) {
    if (!evaluatePageCondition(page.when, out)) continue;
    out = fillObject(page, out);
  }
  return out;
}

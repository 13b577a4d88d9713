/**
 * A parameter page's `when`: Backstage evaluates it in the browser with a small purpose-built
 * evaluator (scaffolder-common evaluateCondition), not with Nunjucks. The same language here:
 *
 * - absent, `null`, an empty string or `${{ }}`: the page applies;
 * - a boolean: itself;
 * - `${{ parameters.a.b }}` (or the bare path): its truthiness (an empty list is false);
 * - `${{ !parameters.a }}`: the opposite;
 * - `${{ <operand> === <operand> }}` with `===`, `!==`, `==` or `!=`, where an operand is a
 *   `parameters.*` path, a quoted string, a number, `true`, `false`, `null` or `undefined`.
 *
 * Anything else resolves to undefined, so the page does not apply (as in Backstage).
 */

const BLOCKED = new Set(['__proto__', 'constructor', 'prototype']);
const OPERAND = String.raw`(?:\w+(?:\.\w+)*|'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?)`;
const COMPARISON = new RegExp(String.raw`^(${OPERAND})\s*(===|!==|==|!=)\s*(${OPERAND})$`);

function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function operand(token: string, values: Record<string, unknown>): unknown {
  const quoted = /^(['"])(.*)\1$/.exec(token);
  if (quoted) return quoted[2];
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  const literals: Record<string, unknown> = { true: true, false: false, null: null, undefined: undefined };
  if (Object.hasOwn(literals, token)) return literals[token];
  const [root, ...path] = token.split('.');
  if (root !== 'parameters') return undefined;
  let current: unknown = values;
  for (const key of path) {
    if (BLOCKED.has(key)) return undefined;
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

function evaluate(expression: string, values: Record<string, unknown>): unknown {
  const comparison = COMPARISON.exec(expression);
  if (comparison) {
    const left = operand((comparison[1] as string).trim(), values);
    const right = operand((comparison[3] as string).trim(), values);
    switch (comparison[2]) {
      case '===':
        return left === right;
      case '!==':
        return left !== right;
      case '==':
        // biome-ignore lint/suspicious/noDoubleEquals: the condition language has JavaScript's loose equality
        return left == right;
      default:
        // biome-ignore lint/suspicious/noDoubleEquals: the condition language has JavaScript's loose equality
        return left != right;
    }
  }
  if (expression.startsWith('!')) return !truthy(operand(expression.slice(1).trim(), values));
  return operand(expression, values);
}

/** Whether a parameter page with this `when` applies to these values. */
export function evaluatePageCondition(when: unknown, values: Record<string, unknown>): boolean {
  if (when === undefined || when === null) return true;
  if (typeof when === 'boolean') return when;
  if (typeof when !== 'string') return false;
  const trimmed = when.trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  const expression = wrapped ? (wrapped[1] as string).trim() : trimmed;
  if (expression === '') return true;
  return truthy(evaluate(expression, values));
}

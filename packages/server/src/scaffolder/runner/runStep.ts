import { InputError } from '@paved/model';
import { Ajv, type ValidateFunction } from 'ajv';
import type { TemplateAction } from '../actions/index.ts';
import type { RunTemplateOptions, StepStatus } from './runTemplate.ts';
import type { TemplateStep } from './templateEntity.ts';

/** `if` and `each` results: an array counts only when it has items; otherwise JavaScript truthiness. */
export function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
const inputValidators = new WeakMap<TemplateAction, ValidateFunction>();

function validateInput(action: TemplateAction, input: unknown, label: string): void {
  let validate = inputValidators.get(action);
  if (!validate) {
    validate = ajv.compile(action.schema.input);
    inputValidators.set(action, validate);
  }
  if (validate(input)) return;
  const problems = (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath ? `input${e.instancePath.replaceAll('/', '.')}` : 'input'} ${e.message ?? 'is not valid'}`,
  );
  throw new InputError(`Invalid input passed to action ${label}, ${problems.join(', ')}`);
}

/** Strings of `a` that are not the same string at the same place in `b` (all of them if `b` is missing). */
function differingStrings(a: unknown, b: unknown): string[] {
  if (typeof a === 'string') return a === b ? [] : [a];
  if (a === null || typeof a !== 'object') return [];
  const other = b !== null && typeof b === 'object' ? (b as Record<string, unknown>) : {};
  return Object.entries(a).flatMap(([key, value]) => differingStrings(value, other[key]));
}

/** One step: every `each` iteration prepared and validated first, then run in order. */
export async function runStep(
  step: TemplateStep,
  action: TemplateAction,
  context: Record<string, unknown>,
  render: (value: unknown, context: Record<string, unknown>, stepId?: string) => unknown,
  write: (message: string, stepId?: string, status?: StepStatus) => void,
  options: RunTemplateOptions,
  addRedactions: (values: string[]) => void,
): Promise<Record<string, unknown>> {
  const hasSecrets = Object.keys((context.secrets as Record<string, unknown>) ?? {}).length > 0;
  // Backstage's collectSecretRedactions: the input rendered again without secrets; every string
  // that differs holds a secret, however transformed, and is hidden from the log.
  const renderInput = (iterationContext: Record<string, unknown>) => {
    const input = (render(step.input ?? {}, iterationContext, step.id) ?? {}) as Record<string, unknown>;
    if (hasSecrets) {
      let without: unknown;
      try {
        without = render(step.input ?? {}, { ...iterationContext, secrets: {} });
      } catch {
        without = undefined;
      }
      addRedactions(differingStrings(input, without));
    }
    return input;
  };
  type Iteration = { each?: { key: string; value: unknown }; input: Record<string, unknown> };
  const iterations: Iteration[] = [];
  if (step.each !== undefined) {
    const items = typeof step.each === 'string' ? render(step.each, context, step.id) : step.each;
    // As Backstage: only a value that resolves to nothing fails; the rest iterates
    // Object.entries (an empty list runs nothing, a string iterates its characters, which a
    // per-iteration `if: ${{ x is not string }}` then skips).
    if (!items) {
      throw new InputError(
        `Invalid value on action ${action.id}.each parameter, "${String(step.each)}" cannot be resolved to a value`,
      );
    }
    for (const [key, value] of Object.entries(items as object)) {
      const each = { key, value };
      const iterationContext = { ...context, each };
      if (typeof step.if === 'string' && step.if !== '') {
        if (!isTruthy(render(step.if, iterationContext, step.id))) {
          write(`Skipping step each: ${JSON.stringify(each)}`, step.id);
          continue;
        }
      }
      const input = renderInput(iterationContext);
      validateInput(action, input, `${action.id}[${key}]`);
      iterations.push({ each, input });
    }
  } else {
    const input = renderInput(context);
    validateInput(action, input, action.id);
    iterations.push({ input });
  }

  const output: Record<string, unknown> = {};
  const logger = {
    info: (message: string) => write(message, step.id),
    warn: (message: string) => write(message, step.id),
    error: (message: string) => write(message, step.id),
  };
  for (const iteration of iterations) {
    if (iteration.each) write(`Running step each: ${JSON.stringify(iteration.each)}`, step.id);
    if (options.isDryRun) write(`Input: ${JSON.stringify(iteration.input)}`, step.id);
    await action.handler({
      input: iteration.input,
      workspace: options.workspace,
      templateBase: options.templateBase,
      logger,
      output(name, value) {
        if (iteration.each) {
          const list = (output[name] as unknown[] | undefined) ?? [];
          list.push(value);
          output[name] = list;
        } else output[name] = value;
      },
      secrets: (context.secrets as Record<string, unknown>) ?? {},
      user: options.user ?? {},
      isDryRun: options.isDryRun,
      signal: options.signal ?? new AbortController().signal,
      step: { id: step.id, name: step.name },
      templating: options.templating ?? {},
      ...(options.templateInfo ? { templateInfo: options.templateInfo } : {}),
      ...(options.services ? { services: options.services } : {}),
    });
  }
  return output;
}
